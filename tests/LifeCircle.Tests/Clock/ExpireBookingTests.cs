using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;
using Wolverine.Tracking;

namespace LifeCircle.Tests.Clock;

/// <summary>
/// The acceptance deadline: creating a booking schedules a durable timer, and the timer
/// expires the booking only if it still awaits a provider and its current deadline passed.
/// Wolverine schedules by the wall clock, so the tests move the fake clock and then run the
/// timer themselves.
/// </summary>
[Collection(Collections.Clock)]
public sealed class ExpireBookingTests(AppFixture app)
{
    private static readonly TimeSpan RepairTimeout = TimeSpan.FromHours(2);

    [Fact]
    public async Task Create_schedules_expiry_timer_at_deadline()
    {
        var resident = await app.NewResidentAsync();
        var acceptBy = app.Clock.GetUtcNow() + RepairTimeout;
        BookingCreated? created = null;

        var tracked = await app.TrackAsync(async () => created = await resident.Client.CreateBookingAsync(app.Requests.Repair()));

        var timer = tracked.Scheduled.SingleMessage<ExpireBooking>();
        Assert.Equal(created!.Id, timer.BookingId);
        var envelope = Assert.Single(tracked.Scheduled.Envelopes());
        Assert.Equal(acceptBy, envelope.ScheduledTime);
        Assert.Equal(DemoData.City, envelope.TenantId);
    }

    [Fact]
    public async Task Scheduled_timer_played_after_deadline_expires_booking()
    {
        var resident = await app.NewResidentAsync();
        BookingCreated? created = null;
        var tracked = await app.TrackAsync(async () => created = await resident.Client.CreateBookingAsync(app.Requests.Repair()));
        app.Clock.Advance(RepairTimeout + TimeSpan.FromMinutes(1));
        var expiredAt = app.Clock.GetUtcNow();

        await tracked.PlayScheduledMessagesAsync(TimeSpan.FromSeconds(60));

        var view = (await resident.Client.GetBookingAsync(created!.Id)).Booking;
        Assert.Equal(BookingStatus.Expired, view.Status);
        Assert.Equal(new BookingStep("Expired", BookingStatus.Expired, ActorRole.System, Channel.System, expiredAt, null),
            view.History[^1]);
    }

    [Fact]
    public async Task Timer_after_deadline_expires_requested_booking()
    {
        var resident = await app.NewResidentAsync();
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        app.Clock.Advance(RepairTimeout);

        await app.FireExpiryTimerAsync(created.Id);

        var page = await resident.Client.GetBookingAsync(created.Id);
        Assert.Equal((BookingStatus.Expired, "超时未接单"), (page.Booking.Status, page.StatusText));
    }

    [Fact]
    public async Task Timer_before_deadline_changes_nothing()
    {
        var resident = await app.NewResidentAsync();
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        app.Clock.Advance(RepairTimeout - TimeSpan.FromSeconds(1));

        await app.FireExpiryTimerAsync(created.Id);

        var view = (await resident.Client.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(BookingStatus.Requested, view.Status);
        Assert.Single(view.History);
    }

    [Fact]
    public async Task Timer_after_deadline_leaves_accepted_booking_alone()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        app.Clock.Advance(RepairTimeout + TimeSpan.FromMinutes(1));

        await app.FireExpiryTimerAsync(created.Id);

        var view = (await resident.Client.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(BookingStatus.Accepted, view.Status);
        Assert.Equal(["Requested", "Accepted"], view.History.Select(s => s.Action));
    }

    [Fact]
    public async Task Timer_firing_twice_expires_once()
    {
        var resident = await app.NewResidentAsync();
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        app.Clock.Advance(RepairTimeout + TimeSpan.FromMinutes(1));

        await app.FireExpiryTimerAsync(created.Id);
        await app.FireExpiryTimerAsync(created.Id);

        var view = (await resident.Client.GetBookingAsync(created.Id)).Booking;
        Assert.Single(view.History, s => s.Action == "Expired");
    }

    [Fact]
    public async Task Old_timer_after_reschedule_changes_nothing()
    {
        var resident = await app.NewResidentAsync();
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await resident.Client.RescheduleAsync(created.Id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)))
            .ShouldChangeTo(BookingStatus.Requested);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await app.FireExpiryTimerAsync(created.Id);

        Assert.Equal(BookingStatus.Requested, (await resident.Client.GetBookingAsync(created.Id)).Booking.Status);
    }

    [Fact]
    public async Task Timer_after_new_deadline_expires_unconfirmed_reschedule()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await resident.Client.RescheduleAsync(created.Id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)))
            .ShouldChangeTo(BookingStatus.Rescheduled);
        app.Clock.Advance(RepairTimeout);

        await app.FireExpiryTimerAsync(created.Id);

        Assert.Equal(BookingStatus.Expired, (await resident.Client.GetBookingAsync(created.Id)).Booking.Status);
    }

    [Fact]
    public async Task Accept_after_expiry_returns_409()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        app.Clock.Advance(RepairTimeout);
        await app.FireExpiryTimerAsync(created.Id);

        var response = await craftsman.AcceptAsync(created.Id);

        response.ShouldBeInvalidTransition(BookingStatus.Expired);
    }
}
