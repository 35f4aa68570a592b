using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>
/// Every lifecycle command from every status where it is not allowed: 409 with the current
/// status named. Each command is sent by the person who may normally send it, so the only
/// reason to reject it is the status.
/// </summary>
[Collection(Collections.Api)]
public sealed class InvalidTransitionTests(AppFixture app)
{
    private static readonly BookingStatus[] AllStatuses = Enum.GetValues<BookingStatus>();

    /// <summary>The statuses from which each command is valid, or a no-op that returns 200.</summary>
    private static readonly Dictionary<string, BookingStatus[]> Allowed = new()
    {
        ["accept"] = [BookingStatus.Requested, BookingStatus.Accepted, BookingStatus.Rescheduled],
        ["decline"] = [BookingStatus.Requested, BookingStatus.Rescheduled, BookingStatus.Declined],
        ["start"] = [BookingStatus.Accepted, BookingStatus.Started],
        ["complete"] = [BookingStatus.Started, BookingStatus.Completed],
        ["settle"] = [BookingStatus.Completed, BookingStatus.Settled],
        ["cancel"] = [BookingStatus.Requested, BookingStatus.Accepted, BookingStatus.Rescheduled, BookingStatus.Cancelled],
        ["reschedule"] = [BookingStatus.Requested, BookingStatus.Accepted, BookingStatus.Rescheduled],
        ["no-show"] = [BookingStatus.Accepted]
    };

    public static TheoryData<string, BookingStatus> InvalidTransitions()
    {
        var data = new TheoryData<string, BookingStatus>();
        foreach (var (command, allowed) in Allowed)
        {
            foreach (var status in AllStatuses.Except(allowed))
            {
                data.Add(command, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidTransitions))]
    public async Task Command_from_invalid_status_returns_409_with_current_status(string command, BookingStatus status)
    {
        var parked = await app.SharedAsync(() => ParkedBookings.CreateAsync(app));
        var id = parked.Ids[status];

        var response = await SendAsync(parked, command, id);

        response.ShouldBeInvalidTransition(status);
        Assert.Equal(status, (await parked.Operator.GetBookingAsync(id)).Booking.Status);
    }

    private Task<ApiResponse> SendAsync(ParkedBookings parked, string command, Guid id) => command switch
    {
        "accept" => parked.Provider.AcceptAsync(id),
        "decline" => parked.Provider.DeclineAsync(id),
        "start" => parked.Provider.StartAsync(id),
        "complete" => parked.Provider.CompleteAsync(id),
        "settle" => parked.Operator.SettleAsync(id, PaymentMethod.Cash, 30m),
        "cancel" => parked.Resident.CancelAsync(id),
        "reschedule" => parked.Resident.RescheduleAsync(id, app.Requests.TomorrowAt(15), app.Requests.TomorrowAt(17)),
        "no-show" => parked.Resident.RecordNoShowAsync(id, NoShowParty.Provider),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown lifecycle command.")
    };

    /// <summary>
    /// One booking parked in each status, all addressed to the repair craftsman and made by one
    /// resident. A rejected command changes nothing, so the tests share them.
    /// </summary>
    private sealed class ParkedBookings
    {
        public required ApiClient Resident { get; init; }
        public required ApiClient Provider { get; init; }
        public required ApiClient Operator { get; init; }
        public Dictionary<BookingStatus, Guid> Ids { get; } = [];

        public static async Task<ParkedBookings> CreateAsync(AppFixture app)
        {
            var parked = new ParkedBookings
            {
                Resident = (await app.NewResidentAsync()).Client,
                Provider = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone),
                Operator = await app.SignInAsStaffAsync(DemoData.Operator)
            };

            parked.Ids[BookingStatus.Requested] = await parked.CreateAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            parked.Ids[BookingStatus.Accepted] = await parked.AcceptedAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));

            var declined = await parked.CreateAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            (await parked.Provider.DeclineAsync(declined)).ShouldChangeTo(BookingStatus.Declined);
            parked.Ids[BookingStatus.Declined] = declined;

            var rescheduled = await parked.AcceptedAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            (await parked.Resident.RescheduleAsync(rescheduled, app.Requests.TomorrowAt(13), app.Requests.TomorrowAt(15)))
                .ShouldChangeTo(BookingStatus.Rescheduled);
            parked.Ids[BookingStatus.Rescheduled] = rescheduled;

            var started = await parked.AcceptedAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            (await parked.Provider.StartAsync(started)).ShouldChangeTo(BookingStatus.Started);
            parked.Ids[BookingStatus.Started] = started;

            var completed = await parked.AcceptedAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            (await parked.Provider.StartAsync(completed)).ShouldChangeTo(BookingStatus.Started);
            (await parked.Provider.CompleteAsync(completed, new ChargeInput("上门检测费", 1m, "次", 30m))).ShouldChangeTo(BookingStatus.Completed);
            parked.Ids[BookingStatus.Completed] = completed;

            var settled = await parked.AcceptedAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            (await parked.Provider.StartAsync(settled)).ShouldChangeTo(BookingStatus.Started);
            (await parked.Provider.CompleteAsync(settled, new ChargeInput("上门检测费", 1m, "次", 30m))).ShouldChangeTo(BookingStatus.Completed);
            (await parked.Operator.SettleAsync(settled, PaymentMethod.Cash, 30m)).ShouldChangeTo(BookingStatus.Settled);
            parked.Ids[BookingStatus.Settled] = settled;

            var cancelled = await parked.CreateAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
            (await parked.Resident.CancelAsync(cancelled)).ShouldChangeTo(BookingStatus.Cancelled);
            parked.Ids[BookingStatus.Cancelled] = cancelled;

            // Expiry and no-shows need the clock past a deadline or a window start: book a
            // window that starts in five minutes, then move the clock past it.
            var soon = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(5);
            var soonRequest = app.Requests.Repair(providerId: DemoData.RepairCraftsman) with
            {
                WindowStart = soon,
                WindowEnd = soon + TimeSpan.FromHours(2)
            };
            var expired = await parked.CreateAsync(soonRequest);
            var noShow = await parked.AcceptedAsync(soonRequest);
            app.Clock.Advance(TimeSpan.FromMinutes(6));

            await app.FireExpiryTimerAsync(expired);
            parked.Ids[BookingStatus.Expired] = expired;
            (await parked.Provider.RecordNoShowAsync(noShow, NoShowParty.Resident)).ShouldChangeTo(BookingStatus.NoShow);
            parked.Ids[BookingStatus.NoShow] = noShow;

            foreach (var (status, id) in parked.Ids)
            {
                Assert.Equal(status, (await parked.Operator.GetBookingAsync(id)).Booking.Status);
            }

            return parked;
        }

        private async Task<Guid> CreateAsync(CreateBooking request) => (await Resident.CreateBookingAsync(request)).Id;

        private async Task<Guid> AcceptedAsync(CreateBooking request)
        {
            var id = await CreateAsync(request);
            (await Provider.AcceptAsync(id)).ShouldChangeTo(BookingStatus.Accepted);
            return id;
        }
    }
}
