using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Time;
using LifeCircle.Demo;
using LifeCircle.Identity;
using LifeCircle.Providers;
using LifeCircle.Residents;

namespace LifeCircle.Bench.Seeding;

/// <summary>A seeded booking: its stream's events with their times, and the view they project to.</summary>
public sealed record SeedBooking(Guid Id, object[] Events, DateTimeOffset[] Times, BookingView View);

/// <summary>
/// Generates booking streams made of the app's own events, as the endpoints would append them:
/// finished bookings of the past 180 days with 5 to 10 events each, and open requests for the
/// load driver to accept. <see cref="BookingView"/> is built with the app's projection methods.
/// </summary>
public sealed class SeedBookings(
    IReadOnlyList<SeedResident> residents,
    IReadOnlyList<(Provider Provider, Account Account)> providers,
    IReadOnlyDictionary<string, string> communityNames,
    BookingOptions options,
    DateTimeOffset now,
    Random random)
{
    public const int MinEvents = 5;
    public const int MaxEvents = 10;

    private static readonly Actor Operator = new(ActorRole.Operator, DemoSeeder.Fixed(3001), Channel.Phone);

    private readonly Dictionary<ServiceType, (Provider Provider, Account Account)[]> _byService = new[] { ServiceType.Housekeeping, ServiceType.Repair }
        .ToDictionary(s => s, s => providers.Where(p => p.Provider.Verified && p.Provider.Offers(s)).ToArray());

    /// <summary>
    /// Returns the event counts of finished bookings that add up to exactly <paramref name="events"/>,
    /// each between <see cref="MinEvents"/> and <see cref="MaxEvents"/>.
    /// </summary>
    public IEnumerable<int> HistoryLengths(int events)
    {
        if (events is > 0 and < MinEvents)
        {
            throw new ArgumentOutOfRangeException(nameof(events), events, $"Seed at least {MinEvents} booking events, or none.");
        }

        var left = events;
        while (left >= MinEvents + MaxEvents)
        {
            var length = random.Next(MinEvents, MaxEvents + 1);
            left -= length;
            yield return length;
        }

        // What is left (5 to 14) makes one booking, or two when it is more than the maximum.
        if (left > MaxEvents)
        {
            yield return MinEvents;
            left -= MinEvents;
        }

        if (left > 0)
        {
            yield return left;
        }
    }

    /// <summary>
    /// Returns a finished booking of <paramref name="length"/> events: request, acceptance, staff,
    /// start and completion, plus settlement when the length is even, and one or two of a quote
    /// that the resident approved and a new time window that the provider confirmed.
    /// </summary>
    public SeedBooking Finished(int length, string number)
    {
        var settled = length % 2 == 0;
        var pairs = (length - MinEvents - (settled ? 1 : 0)) / 2;
        var quoted = pairs == 2 || (pairs == 1 && random.Next(2) == 0);
        var rescheduled = pairs == 2 || (pairs == 1 && !quoted);

        var service = random.Next(2) == 0 ? ServiceType.Housekeeping : ServiceType.Repair;
        var (provider, account) = Pick(_byService[service]);
        var resident = Pick(residents);
        var residentActor = new Actor(ActorRole.Resident, resident.Account.Id, Channel.App, resident.Profile.Id);
        var providerActor = new Actor(ActorRole.Provider, account.Id, Channel.App, null, provider.Id);
        var requestedBy = random.Next(5) == 0 ? Operator : residentActor;

        var day = ShanghaiTime.Today(now).AddDays(-random.Next(3, 181));
        var start = ShanghaiTime.At(day, new TimeOnly(random.Next(2) == 0 ? 9 : 14, 0));
        var window = new TimeWindow(start, start.AddHours(2));
        var at = start.AddHours(-random.Next(2, 49));

        var id = Ids.New();
        var events = new List<(object Event, DateTimeOffset At)>
        {
            (Requested(id, number, service, resident, window, requestedBy, at), at)
        };

        at = at.AddMinutes(random.Next(5, 90));
        events.Add((new BookingAccepted(id, provider.Id, provider.Name, providerActor, at, provider.CardVersion), at));

        var charges = Charges(provider, service);
        var total = Sum(charges);
        if (quoted)
        {
            var proposalId = Ids.New();
            at = at.AddMinutes(20);
            events.Add((new ChargesProposed(id, proposalId, ProposalKind.Quote, charges, total, null, providerActor, at), at));
            at = at.AddMinutes(random.Next(5, 60));
            events.Add((new ChargesApproved(id, proposalId, residentActor, at), at));
        }

        if (rescheduled)
        {
            window = new TimeWindow(window.Start.AddDays(1), window.End.AddDays(1));
            at = at.AddMinutes(30);
            events.Add((new BookingRescheduled(id, window, null, null, true, at.AddHours(2), "时间有变", residentActor, at), at));
            at = at.AddMinutes(random.Next(5, 90));
            events.Add((new RescheduleConfirmed(id, provider.Id, providerActor, at), at));
        }

        var staff = provider.Staff[random.Next(provider.Staff.Count)];
        at = at.AddMinutes(10);
        events.Add((new StaffAssigned(id, staff.Id, staff.Name, providerActor, at), at));

        at = window.Start.AddMinutes(random.Next(0, 15));
        events.Add((new BookingStarted(id, providerActor, at), at));
        at = at.AddMinutes(random.Next(45, 110));
        events.Add((new BookingCompleted(id, charges, total, null, providerActor, at), at));
        if (settled)
        {
            at = at.AddMinutes(random.Next(1, 30));
            var method = random.Next(3) == 0 ? PaymentMethod.Online : PaymentMethod.Cash;
            events.Add((new BookingSettled(id, method, total, providerActor, at), at));
        }

        return Build(id, events);
    }

    /// <summary>Returns a booking that awaits a provider: a repair or housekeeping job tomorrow, open to every provider.</summary>
    public SeedBooking Open(string number)
    {
        var service = random.Next(2) == 0 ? ServiceType.Housekeeping : ServiceType.Repair;
        var resident = Pick(residents);
        var by = new Actor(ActorRole.Resident, resident.Account.Id, Channel.App, resident.Profile.Id);
        var start = ShanghaiTime.At(ShanghaiTime.Today(now).AddDays(1), new TimeOnly(14, 0));
        var window = new TimeWindow(start, start.AddHours(2));
        var id = Ids.New();
        return Build(id, [(Requested(id, number, service, resident, window, by, now), now)]);
    }

    private BookingRequested Requested(Guid id, string number, ServiceType service, SeedResident resident, TimeWindow window,
        Actor by, DateTimeOffset at)
    {
        var community = resident.Profile.CommunityCode!;
        var details = service == ServiceType.Repair
            ? new ServiceDetails(Repair: new RepairDetails(RepairCategory.ShoeRepair, "皮鞋", "鞋跟磨损", random.Next(2) == 0))
            : new ServiceDetails(Housekeeping: new HousekeepingDetails(HousekeepingTask.RoutineCleaning, random.Next(2, 5), null,
                HomeSize.TwoBedrooms));
        return new BookingRequested(id, number, service, details, resident.Profile.Id, community, communityNames[community], window,
            null, CreateBookingEndpoint.PriorityOf(resident.Profile, at), false, options.AcceptDeadline(service, at, window), by, at);
    }

    /// <summary>One card item of the service, in a quantity its unit allows.</summary>
    private ChargeLine[] Charges(Provider provider, ServiceType service)
    {
        var items = provider.PriceCard.Where(i => i.Service == service && i.Fee == FeeKind.Service).ToArray();
        var item = items[random.Next(items.Length)];
        var quantity = item.UnitKind switch
        {
            PriceUnit.PerHour => 2m,
            PriceUnit.PerSquareMetre => 30m,
            _ => 1m
        };
        return [new ChargeLine(item.Name, quantity, item.Unit, item.Price, item.Price.Times(quantity), item.Code, provider.CardVersion, item.Fee)];
    }

    private static Money Sum(IEnumerable<ChargeLine> lines) => lines.Aggregate(Money.Zero, (sum, line) => sum + line.Amount);

    private T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];

    private static SeedBooking Build(Guid id, List<(object Event, DateTimeOffset At)> events)
    {
        var view = BookingViewProjection.Create((BookingRequested)events[0].Event);
        foreach (var (e, _) in events.Skip(1))
        {
            view = Apply(view, e);
        }

        return new SeedBooking(id, events.Select(e => e.Event).ToArray(), events.Select(e => e.At).ToArray(), view);
    }

    private static BookingView Apply(BookingView view, object e) => e switch
    {
        BookingAccepted x => BookingViewProjection.Apply(x, view),
        ChargesProposed x => BookingViewProjection.Apply(x, view),
        ChargesApproved x => BookingViewProjection.Apply(x, view),
        BookingRescheduled x => BookingViewProjection.Apply(x, view),
        RescheduleConfirmed x => BookingViewProjection.Apply(x, view),
        StaffAssigned x => BookingViewProjection.Apply(x, view),
        BookingStarted x => BookingViewProjection.Apply(x, view),
        BookingCompleted x => BookingViewProjection.Apply(x, view),
        BookingSettled x => BookingViewProjection.Apply(x, view),
        _ => throw new InvalidOperationException($"The seed tool has no view step for {e.GetType().Name}.")
    };
}
