using System.Globalization;
using LifeCircle.Bookings;
using LifeCircle.Demo;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using LifeCircle.Tests.Pricing;
using Marten;

namespace LifeCircle.Tests.Bookings;

/// <summary>
/// One staff member, one home at a time. Assigning a staff member who already works for another
/// active booking in an overlapping window is a 409 naming that booking. The staff member's time
/// is free again once that booking ends, moves or gets someone else.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class StaffOverlapTests(AppFixture app)
{
    [Fact]
    public async Task Overlapping_assignment_returns_409_naming_other_booking()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (11, 30), (13, 0));
        await AssignOkAsync(provider, first.Id, staffId);

        var busy = await provider.Client.PostAsync($"/api/bookings/{second.Id}/staff", new AssignStaff(staffId));

        var day = app.Requests.Tomorrow;
        var problem = busy.ShouldBeProblem(409, "Staff_Busy")
            .ShouldMention("孙师傅", first.Number, $"{day.Month}月{day.Day}日 10:00-12:00", "其他服务人员", "改约");
        Assert.Equal(first.Number, problem["bookingNumber"]?.GetValue<string>());
        Assert.Null((await resident.GetBookingAsync(second.Id)).Booking.StaffId);
    }

    [Fact]
    public async Task Overlapping_assignment_in_english_names_window()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (9, 0), (10, 30));
        await AssignOkAsync(provider, first.Id, staffId);

        var busy = await provider.Client.PostAsync($"/api/bookings/{second.Id}/staff", new AssignStaff(staffId), ("Accept-Language", "en"));

        var day = app.Requests.Tomorrow.ToString("MMM d", CultureInfo.GetCultureInfo("en"));
        busy.ShouldBeProblem(409, "Staff_Busy")
            .ShouldMention("孙师傅", first.Number, $"{day} 10:00-12:00", "Assign another staff member", "reschedule");
    }

    [Fact]
    public async Task Touching_windows_do_not_overlap()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var morning = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var noon = await AcceptedRepairAsync(provider, resident, (12, 0), (14, 0));
        var early = await AcceptedRepairAsync(provider, resident, (8, 0), (10, 0));

        await AssignOkAsync(provider, morning.Id, staffId);
        await AssignOkAsync(provider, noon.Id, staffId);
        await AssignOkAsync(provider, early.Id, staffId);

        Assert.Equal(staffId, (await resident.GetBookingAsync(noon.Id)).Booking.StaffId);
        Assert.Equal(staffId, (await resident.GetBookingAsync(early.Id)).Booking.StaffId);
    }

    [Fact]
    public async Task Different_staff_may_take_overlapping_bookings()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var sun = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var zhou = await AddStaffAsync(provider, "周师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));

        await AssignOkAsync(provider, first.Id, sun);
        await AssignOkAsync(provider, second.Id, zhou);

        Assert.Equal(zhou, (await resident.GetBookingAsync(second.Id)).Booking.StaffId);
    }

    [Fact]
    public async Task Cancelling_frees_staff()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        await AssignOkAsync(provider, first.Id, staffId);
        (await provider.Client.PostAsync($"/api/bookings/{second.Id}/staff", new AssignStaff(staffId))).ShouldBeProblem(409, "Staff_Busy");

        (await resident.CancelAsync(first.Id)).ShouldChangeTo(BookingStatus.Cancelled);

        await AssignOkAsync(provider, second.Id, staffId);
        Assert.Equal([second.Id], (await SlotsOfAsync(staffId)).Select(s => s.BookingId).Distinct());
    }

    [Fact]
    public async Task Completing_frees_staff()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (11, 0), (12, 0));
        await AssignOkAsync(provider, first.Id, staffId);
        (await provider.Client.StartAsync(first.Id)).ShouldChangeTo(BookingStatus.Started);
        var whileStarted = await provider.Client.PostAsync($"/api/bookings/{second.Id}/staff", new AssignStaff(staffId));

        (await provider.Client.CompleteAsync(first.Id)).ShouldChangeTo(BookingStatus.Completed);

        whileStarted.ShouldBeProblem(409, "Staff_Busy");
        await AssignOkAsync(provider, second.Id, staffId);
    }

    [Fact]
    public async Task Reassigning_frees_previous_staff()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var sun = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var zhou = await AddStaffAsync(provider, "周师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        await AssignOkAsync(provider, first.Id, sun);

        await AssignOkAsync(provider, first.Id, zhou);
        await AssignOkAsync(provider, second.Id, sun);

        Assert.Equal([second.Id], (await SlotsOfAsync(sun)).Select(s => s.BookingId).Distinct());
        Assert.Equal([first.Id], (await SlotsOfAsync(zhou)).Select(s => s.BookingId).Distinct());
        var busy = await provider.Client.PostAsync($"/api/bookings/{second.Id}/staff", new AssignStaff(zhou));
        busy.ShouldBeProblem(409, "Staff_Busy").ShouldMention("周师傅", first.Number);
    }

    [Fact]
    public async Task Reschedule_to_free_window_keeps_staff_and_moves_slots()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (10, 0), (11, 0));
        await AssignOkAsync(provider, first.Id, staffId);

        (await resident.RescheduleAsync(first.Id, app.Requests.TomorrowAt(11), app.Requests.TomorrowAt(13)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        var moved = (await resident.GetBookingAsync(first.Id)).Booking;
        Assert.Equal(staffId, moved.StaffId);
        var slots = await SlotsOfAsync(staffId);
        Assert.Equal(8, slots.Count);
        Assert.All(slots, s => Assert.Equal(first.Id, s.BookingId));
        Assert.Equal(app.Requests.TomorrowAt(11), slots.Min(s => s.Start));
        Assert.All(slots, s => Assert.Equal(moved.Window, s.Window));
        await AssignOkAsync(provider, second.Id, staffId);
    }

    [Fact]
    public async Task Reschedule_into_busy_window_unassigns_staff()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        var second = await AcceptedRepairAsync(provider, resident, (14, 0), (16, 0));
        await AssignOkAsync(provider, first.Id, staffId);
        await AssignOkAsync(provider, second.Id, staffId);

        (await resident.RescheduleAsync(second.Id, app.Requests.TomorrowAt(11), app.Requests.TomorrowAt(13)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        var view = (await resident.GetBookingAsync(second.Id)).Booking;
        Assert.Null(view.StaffId);
        Assert.Null(view.StaffName);
        var step = Assert.Single(view.History, s => s.Action == "StaffUnassigned");
        Assert.Equal("孙师傅", step.Note);
        Assert.Equal([first.Id], (await SlotsOfAsync(staffId)).Select(s => s.BookingId).Distinct());
        (await provider.Client.PostAsync($"/api/bookings/{second.Id}/staff", new AssignStaff(staffId))).ShouldBeProblem(409, "Staff_Busy");
    }

    [Fact]
    public async Task Declining_new_window_frees_staff()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var first = await AcceptedRepairAsync(provider, resident, (10, 0), (12, 0));
        await AssignOkAsync(provider, first.Id, staffId);
        (await resident.RescheduleAsync(first.Id, app.Requests.TomorrowAt(14), app.Requests.TomorrowAt(16)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        (await provider.Client.DeclineAsync(first.Id)).ShouldChangeTo(BookingStatus.Declined);

        Assert.Empty(await SlotsOfAsync(staffId));
    }

    [Fact]
    public async Task Delivery_meals_overlap_but_dine_in_meals_do_not()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Meal], DemoSeeder.Communities, PriceCards.Canteen,
            kind: ProviderKind.CommunityCanteen);
        var resident = (await app.NewResidentAsync()).Client;
        var staffId = await AddStaffAsync(provider, "送餐员 小周", ServiceType.Meal);
        (await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff/{staffId}/credentials",
            new RecordCredential(CredentialKind.HealthCertificate, "JK-2026-0100", app.Requests.Tomorrow.AddYears(1)))).ShouldHaveStatus(200);
        async Task<Guid> LunchAsync(MealFulfilment fulfilment)
        {
            var request = app.Requests.Meal(providerId: provider.Id);
            var created = await resident.CreateBookingAsync(request with { Meal = request.Meal! with { Fulfilment = fulfilment } });
            (await provider.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
            return created.Id;
        }

        var delivery = await LunchAsync(MealFulfilment.Delivery);
        var secondDelivery = await LunchAsync(MealFulfilment.Delivery);
        var dineIn = await LunchAsync(MealFulfilment.DineIn);
        var pickUp = await LunchAsync(MealFulfilment.PickUp);
        await AssignOkAsync(provider, delivery, staffId);

        var busy = await provider.Client.PostAsync($"/api/bookings/{secondDelivery}/staff", new AssignStaff(staffId));
        await AssignOkAsync(provider, dineIn, staffId);
        await AssignOkAsync(provider, pickUp, staffId);

        var day = app.Requests.Tomorrow;
        busy.ShouldBeProblem(409, "Staff_Busy").ShouldMention($"{day.Month}月{day.Day}日 11:00-13:00");
        Assert.Equal([delivery], (await SlotsOfAsync(staffId)).Select(s => s.BookingId).Distinct());
    }

    [Fact]
    public async Task Schedule_lists_active_bookings_in_order()
    {
        var (provider, resident) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var afternoon = await AcceptedRepairAsync(provider, resident, (14, 0), (16, 0));
        var morning = await AcceptedRepairAsync(provider, resident, (9, 0), (11, 0));
        var cancelled = await AcceptedRepairAsync(provider, resident, (17, 0), (18, 0));
        var unassigned = await AcceptedRepairAsync(provider, resident, (12, 0), (13, 0));
        await AssignOkAsync(provider, afternoon.Id, staffId);
        await AssignOkAsync(provider, morning.Id, staffId);
        await AssignOkAsync(provider, cancelled.Id, staffId);
        (await resident.CancelAsync(cancelled.Id)).ShouldChangeTo(BookingStatus.Cancelled);
        (await provider.Client.StartAsync(morning.Id)).ShouldChangeTo(BookingStatus.Started);
        var day = app.Requests.Tomorrow;

        var response = await provider.Client.GetAsync($"/api/providers/me/staff/{staffId}/schedule?from={day:yyyy-MM-dd}&days=1");
        var nextDay = await provider.Client.GetAsync($"/api/providers/me/staff/{staffId}/schedule?from={day.AddDays(1):yyyy-MM-dd}&days=3");
        var byDefault = await provider.Client.GetAsync($"/api/providers/me/staff/{staffId}/schedule");

        var schedule = response.ShouldHaveStatus(200).As<StaffSchedule>();
        Assert.Equal(("孙师傅", day, 1), (schedule.StaffName, schedule.From, schedule.Days));
        Assert.Equal([morning.Number, afternoon.Number], schedule.Bookings.Select(b => b.Number));
        Assert.Equal([BookingStatus.Started, BookingStatus.Accepted], schedule.Bookings.Select(b => b.Status));
        Assert.Equal("服务中", schedule.Bookings[0].StatusText);
        Assert.Equal("维修", schedule.Bookings[0].ServiceText);
        Assert.Equal($"{day.Month}月{day.Day}日 09:00-11:00", schedule.Bookings[0].WindowText);
        Assert.True(schedule.Bookings[0].OccupiesStaff);
        Assert.DoesNotContain(schedule.Bookings, b => b.BookingId == unassigned.Id);
        Assert.Empty(nextDay.ShouldHaveStatus(200).As<StaffSchedule>().Bookings);
        var week = byDefault.ShouldHaveStatus(200).As<StaffSchedule>();
        Assert.Equal((app.Requests.TodayInShanghai, 7, 2), (week.From, week.Days, week.Bookings.Count));
    }

    [Fact]
    public async Task Schedule_of_another_providers_staff_returns_404()
    {
        var (provider, _) = await CraftsmanAndResidentAsync();
        var other = await app.NewCraftsmanAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);

        var response = await other.Client.GetAsync($"/api/providers/me/staff/{staffId}/schedule");
        var resident = await (await app.NewResidentAsync()).Client.GetAsync($"/api/providers/me/staff/{staffId}/schedule");
        var anonymous = await app.Anonymous.GetAsync($"/api/providers/me/staff/{staffId}/schedule");

        response.ShouldBeProblem(404, "Staff_NotFound").ShouldMention(staffId.ToString());
        resident.ShouldHaveStatus(403);
        anonymous.ShouldHaveStatus(401);
    }

    [Theory]
    [InlineData("days=0", "Schedule_InvalidDays")]
    [InlineData("days=32", "Schedule_InvalidDays")]
    [InlineData("days=many", "Request_InvalidParameter")]
    [InlineData("from=2026-13-01", "Request_InvalidParameter")]
    [InlineData("from=tomorrow", "Request_InvalidParameter")]
    public async Task Schedule_with_bad_query_returns_400(string query, string code)
    {
        var (provider, _) = await CraftsmanAndResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);

        var response = await provider.Client.GetAsync($"/api/providers/me/staff/{staffId}/schedule?{query}");

        var problem = response.ShouldBeProblem(400, code);
        if (code == "Schedule_InvalidDays")
        {
            problem.ShouldMention("31");
        }
        else
        {
            problem.ShouldMention(query.Split('=')[0], "YYYY-MM-DD");
        }
    }

    private async Task<(RegisteredProvider Provider, ApiClient Resident)> CraftsmanAndResidentAsync() =>
        (await app.NewCraftsmanAsync(), (await app.NewResidentAsync()).Client);

    private async Task<BookingCreated> AcceptedRepairAsync(RegisteredProvider provider, ApiClient resident, (int Hour, int Minute) start,
        (int Hour, int Minute) end)
    {
        var request = app.RepairWith(provider.Id) with
        {
            WindowStart = app.Requests.TomorrowAt(start.Hour, start.Minute),
            WindowEnd = app.Requests.TomorrowAt(end.Hour, end.Minute)
        };
        var created = await resident.CreateBookingAsync(request);
        (await provider.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        return created;
    }

    private static async Task AssignOkAsync(RegisteredProvider provider, Guid bookingId, Guid staffId)
    {
        var response = await provider.Client.PostAsync($"/api/bookings/{bookingId}/staff", new AssignStaff(staffId));
        Assert.True(response.Status == 200, $"Assigning staff {staffId} to booking {bookingId} failed: {response}");
    }

    private static async Task<Guid> AddStaffAsync(RegisteredProvider provider, string name, params ServiceType[] services) =>
        (await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff", new AddStaffMember(name, services)))
        .ShouldHaveStatus(201).As<StaffMemberAdded>().StaffId;

    private async Task<List<StaffSlot>> SlotsOfAsync(Guid staffId)
    {
        await using var session = app.Store.QuerySession(DemoData.City);
        return (await session.Query<StaffSlot>().Where(s => s.StaffId == staffId).ToListAsync()).OrderBy(s => s.Start).ToList();
    }
}
