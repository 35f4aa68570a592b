using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class RescheduleDecisionTests
{
    private static readonly BookingOptions Options = new();
    private static readonly DateTimeOffset NewStart = new(2026, 12, 6, 15, 0, 0, TimeSpan.FromHours(8));
    private static readonly RescheduleBooking ToAfternoon = new(NewStart, NewStart.AddHours(2), Reason: "下午有空");

    [Fact]
    public void Reschedule_requested_booking_keeps_it_open()
    {
        var moved = RescheduleBookingEndpoint.Decide(ToAfternoon, Booking(BookingStatus.Requested), ResidentCaller(), Options)
            .ShouldAppend<BookingRescheduled>();

        Assert.Equal(new TimeWindow(NewStart, NewStart.AddHours(2)), moved.Window);
        Assert.False(moved.NeedsProviderConfirmation);
        Assert.Equal(Now.AddHours(2), moved.AcceptBy);
        Assert.Equal("下午有空", moved.Reason);
        Assert.Equal(BookingStatus.Requested, Booking(BookingStatus.Requested).Apply(moved).Status);
    }

    [Fact]
    public void Reschedule_accepted_booking_needs_provider_confirmation()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId);

        var moved = RescheduleBookingEndpoint.Decide(ToAfternoon, booking, OperatorCaller(), Options).ShouldAppend<BookingRescheduled>();

        Assert.True(moved.NeedsProviderConfirmation);
        Assert.Equal(BookingStatus.Rescheduled, booking.Apply(moved).Status);
    }

    [Fact]
    public void Reschedule_close_to_new_window_sets_deadline_at_its_start()
    {
        var soon = Now.AddHours(1);
        var command = new RescheduleBooking(soon, soon.AddHours(2));

        var moved = RescheduleBookingEndpoint.Decide(command, Booking(BookingStatus.Requested), ResidentCaller(), Options)
            .ShouldAppend<BookingRescheduled>();

        Assert.Equal(soon, moved.AcceptBy);
    }

    [Fact]
    public void Reschedule_to_same_window_changes_nothing()
    {
        var booking = Booking(BookingStatus.Requested);
        var command = new RescheduleBooking(booking.Window.Start, booking.Window.End);

        RescheduleBookingEndpoint.Decide(command, booking, ResidentCaller(), Options).ShouldBeNoChange();
    }

    [Fact]
    public void Reschedule_meal_to_dinner_uses_serving_window()
    {
        var date = new DateOnly(2026, 12, 7);
        var booking = Booking(BookingStatus.Requested, service: ServiceType.Meal);

        var moved = RescheduleBookingEndpoint.Decide(new RescheduleBooking(MealDate: date, Meal: MealKind.Dinner), booking,
            ResidentCaller(), Options).ShouldAppend<BookingRescheduled>();

        Assert.Equal(new TimeWindow(new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.FromHours(8)),
            new DateTimeOffset(2026, 12, 7, 19, 0, 0, TimeSpan.FromHours(8))), moved.Window);
        Assert.Equal((MealKind.Dinner, date), (moved.Meal, moved.MealDate));
    }

    [Fact]
    public void Reschedule_meal_with_window_returns_400()
    {
        RescheduleBookingEndpoint.Decide(ToAfternoon, Booking(BookingStatus.Requested, service: ServiceType.Meal), ResidentCaller(), Options)
            .ShouldBeProblem(400, "Reschedule_MealNeedsDate");
    }

    [Fact]
    public void Reschedule_repair_with_meal_returns_400()
    {
        RescheduleBookingEndpoint.Decide(new RescheduleBooking(MealDate: new DateOnly(2026, 12, 7), Meal: MealKind.Lunch),
            Booking(BookingStatus.Requested), ResidentCaller(), Options).ShouldBeProblem(400, "Reschedule_NeedsWindow");
    }

    [Fact]
    public void Reschedule_into_past_returns_400()
    {
        var command = new RescheduleBooking(Now.AddMinutes(-1), Now.AddHours(1));

        RescheduleBookingEndpoint.Decide(command, Booking(BookingStatus.Requested), ResidentCaller(), Options)
            .ShouldBeProblem(400, "Booking_WindowInPast");
    }

    [Theory]
    [InlineData(BookingStatus.Declined)]
    [InlineData(BookingStatus.Expired)]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Completed)]
    [InlineData(BookingStatus.Settled)]
    [InlineData(BookingStatus.Cancelled)]
    [InlineData(BookingStatus.NoShow)]
    public void Reschedule_closed_booking_returns_invalid_transition(BookingStatus status)
    {
        RescheduleBookingEndpoint.Decide(ToAfternoon, Booking(status, ProviderId), ResidentCaller(), Options)
            .ShouldBeInvalidTransition(status);
    }

    [Fact]
    public void Reschedule_by_other_resident_returns_404()
    {
        RescheduleBookingEndpoint.Decide(ToAfternoon, Booking(BookingStatus.Requested), ResidentCaller(OtherResidentId), Options)
            .ShouldBeProblem(404, "Booking_NotFound");
    }
}
