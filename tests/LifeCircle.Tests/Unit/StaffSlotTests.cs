using LifeCircle.Bookings;
using LifeCircle.Providers;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

/// <summary>The slot arithmetic behind "one staff member, one home at a time", and the decisions that use it.</summary>
public sealed class StaffSlotTests
{
    private static readonly Guid StaffId = Guid.Parse("0190f000-0000-7000-8000-00000000c001");
    private static readonly Guid OtherBookingId = Guid.Parse("0190f000-0000-7000-8000-00000000b002");
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int hour, int minute = 0) => new(2026, 12, 6, hour, minute, 0, Shanghai);

    private static TimeWindow Window(int startHour, int startMinute, int endHour, int endMinute) =>
        new(At(startHour, startMinute), At(endHour, endMinute));

    [Fact]
    public void Aligned_window_covers_quarter_hours()
    {
        var starts = StaffSlots.StartsOf(Window(10, 0, 12, 0));

        Assert.Equal(8, starts.Count);
        Assert.Equal(At(10), starts[0]);
        Assert.Equal(At(11, 45), starts[^1]);
        Assert.All(starts, s => Assert.Equal(TimeSpan.Zero, s.Offset));
    }

    [Fact]
    public void Unaligned_window_widens_to_grid()
    {
        var starts = StaffSlots.StartsOf(Window(10, 5, 10, 50));

        Assert.Equal([At(10), At(10, 15), At(10, 30), At(10, 45)], starts);
    }

    [Theory]
    [InlineData(10, 0, 12, 0, 12, 0, 14, 0, false)]
    [InlineData(10, 0, 12, 0, 8, 0, 10, 0, false)]
    [InlineData(10, 0, 12, 0, 11, 59, 13, 0, true)]
    [InlineData(10, 0, 12, 0, 10, 30, 11, 0, true)]
    [InlineData(10, 0, 10, 50, 10, 55, 12, 0, true)]
    [InlineData(10, 0, 10, 45, 11, 0, 12, 0, false)]
    public void Windows_conflict_when_they_share_a_slot(int aStartHour, int aStartMinute, int aEndHour, int aEndMinute,
        int bStartHour, int bStartMinute, int bEndHour, int bEndMinute, bool conflict)
    {
        var first = StaffSlots.IdsFor(StaffId, Window(aStartHour, aStartMinute, aEndHour, aEndMinute));
        var second = StaffSlots.IdsFor(StaffId, Window(bStartHour, bStartMinute, bEndHour, bEndMinute));

        Assert.Equal(conflict, first.Intersect(second).Any());
    }

    [Fact]
    public void Slot_id_names_staff_and_utc_start()
    {
        var id = StaffSlots.IdOf(StaffId, At(10, 15));

        Assert.Equal($"{StaffId:N}:20261206T0215Z", id);
        Assert.NotEqual(id, StaffSlots.IdOf(Guid.NewGuid(), At(10, 15)));
    }

    [Theory]
    [InlineData(ServiceType.Repair, null, true)]
    [InlineData(ServiceType.Housekeeping, null, true)]
    [InlineData(ServiceType.Bathing, null, true)]
    [InlineData(ServiceType.Meal, MealFulfilment.Delivery, true)]
    [InlineData(ServiceType.Meal, MealFulfilment.DineIn, false)]
    [InlineData(ServiceType.Meal, MealFulfilment.PickUp, false)]
    public void Home_visits_and_deliveries_occupy_staff(ServiceType service, MealFulfilment? fulfilment, bool occupies)
    {
        Assert.Equal(occupies, StaffSlots.Occupies(service, fulfilment));
    }

    [Fact]
    public void Assign_with_slot_held_by_other_booking_is_busy()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId);
        var held = SlotOf(OtherBookingId, "1000088", Window(11, 0, 13, 0), At(11));

        var outcome = AssignStaffEndpoint.Decide(new AssignStaff(StaffId), booking, new AssignStaffInputs(ProviderWithStaff(), [held]),
            ProviderCaller());

        var problem = outcome.Decision.ShouldBeProblem(409, "Staff_Busy");
        Assert.Contains("1000088", problem.Detail);
        Assert.Contains("孙师傅", problem.Detail);
        Assert.Empty(outcome.Slots.Claim);
    }

    [Fact]
    public void Assign_claims_every_slot_of_window()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId) with { Number = "1000077" };
        var ownSlot = SlotOf(booking.Id, "1000077", booking.Window, At(10));

        var outcome = AssignStaffEndpoint.Decide(new AssignStaff(StaffId), booking, new AssignStaffInputs(ProviderWithStaff(), [ownSlot]),
            ProviderCaller());

        outcome.Decision.ShouldAppend<StaffAssigned>();
        Assert.Equal(StaffSlots.IdsFor(StaffId, booking.Window), outcome.Slots.Claim.Select(s => s.Id));
        Assert.All(outcome.Slots.Claim, s => Assert.Equal(("1000077", booking.Id, "孙师傅"), (s.BookingNumber, s.BookingId, s.StaffName)));
        Assert.False(outcome.Slots.ReleasesHeld);
    }

    [Fact]
    public void Reassign_releases_previous_slots()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId) with { StaffId = Guid.NewGuid(), StaffName = "周师傅" };

        var outcome = AssignStaffEndpoint.Decide(new AssignStaff(StaffId), booking, new AssignStaffInputs(ProviderWithStaff(), []),
            ProviderCaller());

        outcome.Decision.ShouldAppend<StaffAssigned>();
        Assert.True(outcome.Slots.ReleasesHeld);
        Assert.Null(outcome.Slots.Keep);
    }

    [Fact]
    public void Dine_in_meal_claims_no_slots()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId, service: ServiceType.Meal) with { OccupiesStaff = false };
        var held = SlotOf(OtherBookingId, "1000088", booking.Window, At(10));

        var outcome = AssignStaffEndpoint.Decide(new AssignStaff(StaffId), booking,
            new AssignStaffInputs(ProviderWithStaff(ServiceType.Meal), [held]), ProviderCaller());

        outcome.Decision.ShouldAppend<StaffAssigned>();
        Assert.Empty(outcome.Slots.Claim);
    }

    [Fact]
    public void Reschedule_into_busy_window_unassigns_staff()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId) with { StaffId = StaffId, StaffName = "孙师傅" };
        var command = new RescheduleBooking(At(15), At(17));
        var held = SlotOf(OtherBookingId, "1000088", Window(16, 0, 18, 0), At(16));

        var decision = RescheduleBookingEndpoint.Decide(command, booking, ResidentCaller(), new BookingOptions(), [held]);

        Assert.Null(decision.Problem);
        var unassigned = Assert.Single(decision.Events.OfType<StaffUnassigned>());
        Assert.Equal((StaffId, "孙师傅", StaffUnassignedReason.BusyInNewWindow), (unassigned.StaffId, unassigned.StaffName, unassigned.Reason));
        var changes = RescheduleBookingEndpoint.SlotChanges(booking, decision);
        Assert.True(changes.ReleasesHeld);
        Assert.Empty(changes.Claim);
    }

    [Fact]
    public void Reschedule_into_free_window_moves_slots()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId) with { StaffId = StaffId, StaffName = "孙师傅" };
        var command = new RescheduleBooking(At(11), At(13));

        var decision = RescheduleBookingEndpoint.Decide(command, booking, ResidentCaller(), new BookingOptions(), []);
        var changes = RescheduleBookingEndpoint.SlotChanges(booking, decision);

        Assert.Empty(decision.Events.OfType<StaffUnassigned>());
        Assert.Equal(StaffSlots.IdsFor(StaffId, Window(11, 0, 13, 0)), changes.Claim.Select(s => s.Id));
        Assert.Equal(StaffSlots.IdsFor(StaffId, Window(11, 0, 12, 0)).Order(), changes.Keep!.Order());
        Assert.True(changes.ReleasesHeld);
    }

    [Theory]
    [InlineData(BookingStatus.Accepted, true)]
    [InlineData(BookingStatus.Rescheduled, true)]
    [InlineData(BookingStatus.Started, true)]
    [InlineData(BookingStatus.Completed, false)]
    [InlineData(BookingStatus.Cancelled, false)]
    [InlineData(BookingStatus.Expired, false)]
    [InlineData(BookingStatus.NoShow, false)]
    [InlineData(BookingStatus.Declined, false)]
    public void Active_statuses_hold_staff(BookingStatus status, bool active)
    {
        Assert.Equal(active, StaffSlots.IsActive(status));
    }

    private static Provider ProviderWithStaff(ServiceType service = ServiceType.Repair)
    {
        var provider = Provider(service: service);
        var certificate = new StaffCredential(CredentialKind.HealthCertificate, "JK-2026-0001", new DateOnly(2027, 12, 31));
        provider.Staff = [new StaffMember(StaffId, "孙师傅", [service], [certificate])];
        return provider;
    }

    private static StaffSlot SlotOf(Guid bookingId, string number, TimeWindow window, DateTimeOffset start) => new()
    {
        Id = StaffSlots.IdOf(StaffId, start),
        StaffId = StaffId,
        StaffName = "孙师傅",
        Start = start,
        BookingId = bookingId,
        BookingNumber = number,
        Window = window
    };
}
