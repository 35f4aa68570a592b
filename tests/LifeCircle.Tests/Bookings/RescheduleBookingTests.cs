using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class RescheduleBookingTests(AppFixture app)
{
    [Fact]
    public async Task Reschedule_requested_booking_moves_window_and_deadline()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var now = app.Clock.GetUtcNow();
        var newWindow = new TimeWindow(app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17));

        var response = await resident.RescheduleAsync(created.Id, newWindow.Start, newWindow.End);

        response.ShouldChangeTo(BookingStatus.Requested);
        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(newWindow, view.Window);
        Assert.Equal(now + TimeSpan.FromHours(2), view.AcceptBy);
        var step = view.History[^1];
        Assert.Equal(("Rescheduled", BookingStatus.Requested, ActorRole.Resident, now),
            (step.Action, step.Status, step.ActorRole, step.At));
    }

    [Fact]
    public async Task Reschedule_sets_expiry_timer_at_new_deadline()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        var acceptBy = app.Clock.GetUtcNow() + TimeSpan.FromHours(2);

        var tracked = await app.TrackAsync(async () =>
            (await resident.RescheduleAsync(created.Id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)))
            .ShouldChangeTo(BookingStatus.Requested));

        var timer = tracked.Scheduled.SingleMessage<ExpireBooking>();
        Assert.Equal(created.Id, timer.BookingId);
        var envelope = tracked.Scheduled.Envelopes().Single();
        Assert.Equal(acceptBy, envelope.ScheduledTime);
    }

    [Fact]
    public async Task Reschedule_to_same_window_returns_unchanged()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var request = app.Requests.Repair();
        var created = await resident.CreateBookingAsync(request);

        var response = await resident.RescheduleAsync(created.Id, request.WindowStart!.Value, request.WindowEnd!.Value);

        response.ShouldChangeTo(BookingStatus.Requested, changed: false);
    }

    [Fact]
    public async Task Reschedule_accepted_booking_waits_for_provider()
    {
        var (resident, _, id) = await AcceptedRepairAsync();

        var response = await resident.RescheduleAsync(id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17));

        response.ShouldChangeTo(BookingStatus.Rescheduled);
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(DemoData.RepairCraftsman, view.ProviderId);
        Assert.Equal("已改约", (await resident.GetBookingAsync(id)).StatusText);
    }

    [Fact]
    public async Task Accept_rescheduled_booking_confirms_new_window()
    {
        var (resident, craftsman, id) = await AcceptedRepairAsync();
        (await resident.RescheduleAsync(id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        var response = await craftsman.AcceptAsync(id);

        response.ShouldChangeTo(BookingStatus.Accepted);
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(new TimeWindow(app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)), view.Window);
        Assert.Equal(("RescheduleConfirmed", BookingStatus.Accepted, ActorRole.Provider),
            (view.History[^1].Action, view.History[^1].Status, view.History[^1].ActorRole));
    }

    [Fact]
    public async Task Decline_rescheduled_booking_ends_it_declined()
    {
        var (resident, craftsman, id) = await AcceptedRepairAsync();
        (await resident.RescheduleAsync(id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        var response = await craftsman.DeclineAsync(id, "新时间没空");

        response.ShouldChangeTo(BookingStatus.Declined);
        Assert.Equal(BookingStatus.Declined, (await resident.GetBookingAsync(id)).Booking.Status);
    }

    [Fact]
    public async Task Accept_rescheduled_booking_by_other_provider_returns_409()
    {
        var (resident, _, id) = await AcceptedRepairAsync();
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        (await resident.RescheduleAsync(id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        var response = await appliances.AcceptAsync(id);

        response.ShouldBeProblem(409, "Booking_TakenByAnother");
    }

    [Fact]
    public async Task Reschedule_meal_to_dinner_moves_serving_window()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Meal());
        var date = app.Requests.Tomorrow.AddDays(1);

        var response = await resident.PostAsync($"/api/bookings/{created.Id}/reschedule",
            new RescheduleBooking(MealDate: date, Meal: MealKind.Dinner));

        response.ShouldChangeTo(BookingStatus.Requested);
        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(new TimeWindow(BookingRequests.At(date, 17), BookingRequests.At(date, 19)), view.Window);
        Assert.Equal((MealKind.Dinner, date), (view.Details.Meal!.Meal, view.Details.Meal.Date));
    }

    [Fact]
    public async Task Reschedule_meal_with_window_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Meal());

        var response = await resident.RescheduleAsync(created.Id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17));

        response.ShouldBeProblem(400, "Reschedule_MealNeedsDate");
    }

    [Fact]
    public async Task Reschedule_repair_with_meal_date_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await resident.PostAsync($"/api/bookings/{created.Id}/reschedule",
            new RescheduleBooking(MealDate: app.Requests.Tomorrow, Meal: MealKind.Lunch));

        response.ShouldBeProblem(400, "Reschedule_NeedsWindow");
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { "{}", "windowStart" },
        { "{\"windowStart\": \"2030-01-01T10:00:00+08:00\"}", "windowStart" },
        { "{\"mealDate\": \"2030-01-01\"}", "windowStart" },
        {
            "{\"windowStart\": \"2030-01-01T10:00:00+08:00\", \"windowEnd\": \"2030-01-01T12:00:00+08:00\", " +
            "\"mealDate\": \"2030-01-01\", \"meal\": \"Lunch\"}",
            "windowStart"
        },
        { "{\"windowStart\": \"2030-01-01T10:00:00+08:00\", \"windowEnd\": \"2030-01-01T09:00:00+08:00\"}", "windowEnd" },
        {
            "{\"windowStart\": \"2030-01-01T10:00:00+08:00\", \"windowEnd\": \"2030-01-01T12:00:00+08:00\", " +
            $"\"reason\": \"{new string('改', 201)}\"}}",
            "reason"
        }
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Reschedule_with_invalid_body_returns_400_naming_field(string body, string field)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await resident.PostAsync($"/api/bookings/{created.Id}/reschedule", body);

        response.ShouldBeInvalidField(field);
    }

    [Fact]
    public async Task Reschedule_into_past_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        var past = app.Clock.GetUtcNow() - TimeSpan.FromHours(1);

        var response = await resident.RescheduleAsync(created.Id, past, past + TimeSpan.FromHours(2));

        response.ShouldBeProblem(400, "Booking_WindowInPast");
    }

    [Fact]
    public async Task Reschedule_by_operator_records_phone_channel()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await operatorClient.RescheduleAsync(created.Id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17));

        response.ShouldChangeTo(BookingStatus.Requested);
        var step = (await resident.GetBookingAsync(created.Id)).Booking.History[^1];
        Assert.Equal((ActorRole.Operator, Channel.Phone), (step.ActorRole, step.Channel));
    }

    [Fact]
    public async Task Reschedule_by_provider_returns_403()
    {
        var (_, craftsman, id) = await AcceptedRepairAsync();

        var response = await craftsman.RescheduleAsync(id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17));

        response.ShouldBeProblem(403, "Status_403");
    }

    [Fact]
    public async Task Reschedule_booking_of_another_resident_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var other = await app.SignInAsResidentAsync(DemoData.LiGuifangPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await other.RescheduleAsync(created.Id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17));

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    private async Task<(ApiClient Resident, ApiClient Provider, Guid Id)> AcceptedRepairAsync()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        return (resident, craftsman, created.Id);
    }
}
