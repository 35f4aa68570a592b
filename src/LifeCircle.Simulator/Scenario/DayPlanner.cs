using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>
/// Plans the day from the seed: the services ordered, the residents, the order times and
/// channels, and each booking's intended outcome. The same seed, options and population give the
/// same plan; only the idempotency keys are new on every run, so a re-run creates new bookings.
/// </summary>
public sealed class DayPlanner(SimulationSettings settings, Cast cast)
{
    private static readonly TimeSpan EarliestOrder = TimeSpan.FromHours(6);
    private static readonly TimeSpan WorkdayStart = TimeSpan.FromHours(8);
    private static readonly TimeSpan WorkdayEnd = TimeSpan.FromHours(18);
    private static readonly TimeSpan LunchStart = TimeSpan.FromHours(11);
    private static readonly TimeSpan DinnerStart = TimeSpan.FromHours(17);
    private static readonly TimeSpan MealLength = TimeSpan.FromHours(2);

    private readonly Random _random = new(settings.Seed);
    private readonly string _runKey = Guid.NewGuid().ToString("N")[..12];
    private readonly List<Step> _steps = [];
    private readonly Dictionary<Member, HashSet<MealKind>> _mealsOf = [];

    public DayPlan Build()
    {
        var count = settings.Bookings;
        var services = Deck(Mix.Services, count);
        var outcomes = Deck(Mix.Outcomes, count);
        var year = settings.Day.Year;
        var pools = cast.Members
            .GroupBy(m => (Elderly: m.IsElderlyIn(year), m.UsesApp))
            .ToDictionary(g => g.Key, g => new ResidentPool(g, g.Key.UsesApp ? Mix.MaxAppBookingsPerResident : int.MaxValue, _random));

        var bookings = new List<PlannedBooking>(count);
        for (var i = 0; i < count; i++)
        {
            var elderly = _random.NextDouble() < Mix.ElderlyShare(services[i]);
            var inApp = _random.NextDouble() >= Mix.PhoneShare(elderly);

            // Once the group's app users reached the per-run maximum, a phone caller of the group
            // books instead. A small population may lack a group and then borrows from the nearest one.
            var resident = new[] { (elderly, inApp), (elderly, false), (elderly, true), (!elderly, inApp), (!elderly, !inApp) }
                               .Select(key => pools.GetValueOrDefault(key)?.Next())
                               .FirstOrDefault(m => m is not null)
                           ?? throw new SimulationAbortedException("No resident is left to book: the population is empty.");
            bookings.Add(PlanBooking(i, services[i], outcomes[i], resident));
        }

        AssignRivalries(bookings);
        AssignDuplicates(bookings);
        foreach (var booking in bookings)
        {
            AddSteps(booking);
        }

        AddJobQueuePolls();
        var ordered = _steps.OrderBy(s => s.At).ThenBy(s => s.Sequence).ToList();
        return new DayPlan(bookings, ordered);
    }

    private PlannedBooking PlanBooking(int index, ServiceType service, Outcome outcome, Member resident)
    {
        var elderly = resident.IsElderlyIn(settings.Day.Year);
        var channel = resident.UsesApp ? Channel.App : Channel.Phone;
        HousekeepingDetails? housekeeping = null;
        RepairJob? repair = null;
        MealDetails? meal = null;
        BathingDetails? bathing = null;
        TimeSpan windowStart, windowLength, orderAt;
        switch (service)
        {
            case ServiceType.Meal:
                meal = PlanMeal(resident, elderly);
                windowStart = meal.Meal == MealKind.Lunch ? LunchStart : DinnerStart;
                windowLength = MealLength;
                orderAt = MealOrderTime(meal.Meal);
                break;
            case ServiceType.Housekeeping:
                (housekeeping, windowLength) = PlanHousekeeping();
                windowStart = HalfHourBetween(WorkdayStart, WorkdayEnd - windowLength);
                orderAt = OrderTimeBefore(windowStart);
                break;
            case ServiceType.Repair:
                repair = Catalog.Pick(_random, Catalog.RepairJobs);
                windowLength = TimeSpan.FromHours(2);
                windowStart = HalfHourBetween(WorkdayStart, WorkdayEnd - windowLength);
                orderAt = OrderTimeBefore(windowStart);
                break;
            default:
                bathing = new BathingDetails(Catalog.Pick(_random, Catalog.BathingModes), Catalog.Pick(_random, Catalog.Mobility));
                windowLength = TimeSpan.FromHours(2);
                windowStart = HalfHourBetween(TimeSpan.FromHours(9), TimeSpan.FromHours(15));
                orderAt = OrderTimeBefore(windowStart);
                break;
        }

        var candidates = cast.Providers.Where(p => p.Serves(service, resident.CommunityCode)).ToList();
        var (acceptor, rival) = ChooseProviders(candidates, repair);
        if (acceptor is null)
        {
            // NOTE: without a provider for the service in the resident's community nothing can
            // accept the booking, so it is planned to stay waiting.
            outcome = Outcome.LeaveRequested;
        }

        var targeted = acceptor is not null && (outcome == Outcome.Decline || _random.NextDouble() < 0.1);
        var request = new CreateBookingRequest(
            service,
            ProviderId: targeted ? acceptor!.Id : null,
            CommunityCode: resident.LacksCommunity ? resident.CommunityCode : null,
            WindowStart: service == ServiceType.Meal ? null : At(windowStart),
            WindowEnd: service == ServiceType.Meal ? null : At(windowStart + windowLength),
            Housekeeping: housekeeping,
            Repair: repair is null ? null : new RepairDetails(repair.Category, repair.Item, repair.Symptom, repair.PartsMayBeNeeded),
            Meal: meal,
            Bathing: bathing);

        var booking = new PlannedBooking
        {
            Index = index,
            Service = service,
            Resident = resident,
            Elderly = elderly,
            Channel = channel,
            Operator = cast.Operators[index % cast.Operators.Count],
            Request = request,
            IdempotencyKey = $"sim-{_runKey}-{index}",
            Outcome = outcome,
            Acceptor = acceptor,
            Rival = targeted ? null : rival,
            Payment = PlanPayment(elderly),
            RepairJob = repair,
            OrderAt = orderAt,
            WindowStart = windowStart,
            WindowLength = windowLength,
            Meal = meal
        };
        if (targeted && Charges.For(booking, acceptor!) is { } quoted)
        {
            booking.Request = request with { Items = [.. quoted.Select(line => line.Choice)] };
        }

        booking.NeedsParts = repair is { PartsMayBeNeeded: true } && booking.GetsCompleted && _random.NextDouble() < 0.5;
        return booking;
    }

    private MealDetails PlanMeal(Member resident, bool elderly)
    {
        var mealsBooked = _mealsOf.TryGetValue(resident, out var kinds) ? kinds : _mealsOf[resident] = [];
        var kind = _random.NextDouble() < 0.65 ? MealKind.Lunch : MealKind.Dinner;
        if (mealsBooked.Contains(kind))
        {
            kind = kind == MealKind.Lunch ? MealKind.Dinner : MealKind.Lunch;
        }

        mealsBooked.Add(kind);
        var diet = new List<DietNeed>();
        void Maybe(DietNeed need, double chance)
        {
            if (_random.NextDouble() < chance)
            {
                diet.Add(need);
            }
        }

        if (elderly)
        {
            Maybe(DietNeed.Soft, 0.30);
            Maybe(DietNeed.LowSalt, 0.40);
            Maybe(DietNeed.LowSugar, 0.20);
            Maybe(DietNeed.Minced, 0.05);
        }
        else
        {
            Maybe(DietNeed.LowSalt, 0.15);
            Maybe(DietNeed.Vegetarian, 0.10);
            Maybe(DietNeed.Halal, 0.03);
        }

        (MealFulfilment, int)[] fulfilment = elderly && resident.LivesAlone
            ? [(MealFulfilment.Delivery, 60), (MealFulfilment.DineIn, 25), (MealFulfilment.PickUp, 15)]
            : [(MealFulfilment.DineIn, 40), (MealFulfilment.PickUp, 30), (MealFulfilment.Delivery, 30)];
        var portions = _random.NextDouble() < 0.85 ? 1 : 2;
        return new MealDetails(kind, settings.Day, portions, [.. diet], Catalog.Pick(_random, fulfilment));
    }

    /// <summary>Plans a housekeeping job and the length of its window: hours booked, or by area.</summary>
    private (HousekeepingDetails Details, TimeSpan WindowLength) PlanHousekeeping()
    {
        var task = Catalog.Pick(_random, Catalog.HousekeepingTasks);
        var size = Catalog.Pick(_random, new (HomeSize, int)[]
        {
            (HomeSize.OneBedroom, 25), (HomeSize.TwoBedrooms, 45), (HomeSize.ThreeBedrooms, 25), (HomeSize.Studio, 5)
        });
        switch (task)
        {
            case HousekeepingTask.DeepCleaning or HousekeepingTask.AfterRenovation:
                var area = 40m + _random.Next(0, 161) * 0.5m;
                return (new HousekeepingDetails(task, null, area, size), TimeSpan.FromHours(4));
            case HousekeepingTask.Windows:
                var glass = 8m + _random.Next(0, 65) * 0.5m;
                return (new HousekeepingDetails(task, null, glass, size), TimeSpan.FromHours(2));
            case HousekeepingTask.KitchenDegreasing:
                return (new HousekeepingDetails(task, 2m, null, size), TimeSpan.FromHours(2));
            default:
                decimal[] choices = [2m, 2.5m, 3m, 4m];
                var hours = choices[_random.Next(choices.Length)];
                return (new HousekeepingDetails(task, hours, null, size), TimeSpan.FromHours((double)Math.Ceiling(hours)));
        }
    }

    /// <summary>
    /// Picks who accepts and who competes. For a repair the provider whose price card has
    /// the job's item usually takes it; now and then the other one is quicker.
    /// </summary>
    private (ProviderActor? Acceptor, ProviderActor? Rival) ChooseProviders(List<ProviderActor> candidates, RepairJob? repair)
    {
        if (candidates.Count == 0)
        {
            return (null, null);
        }

        var specialists = repair is null
            ? candidates
            : candidates.Where(p => p.ItemsFor(ServiceType.Repair).Any(i => repair.PriceCodes.Contains(i.Code))).ToList();
        if (specialists.Count == 0)
        {
            specialists = candidates;
        }

        var acceptor = specialists[_random.Next(specialists.Count)];
        var others = candidates.Where(p => p != acceptor).ToList();
        if (others.Count > 0 && repair is not null && _random.NextDouble() < 0.15)
        {
            acceptor = others[_random.Next(others.Count)];
            others = candidates.Where(p => p != acceptor).ToList();
        }

        return (acceptor, others.Count == 0 ? null : others[_random.Next(others.Count)]);
    }

    /// <summary>Cash stays the elderly's usual way to pay; younger residents mostly pay online.</summary>
    private PaymentMethod PlanPayment(bool elderly) => Catalog.Pick(_random, elderly
        ? new (PaymentMethod, int)[] { (PaymentMethod.Cash, 70), (PaymentMethod.BankCard, 20), (PaymentMethod.Online, 10) }
        : [(PaymentMethod.Cash, 15), (PaymentMethod.BankCard, 25), (PaymentMethod.Online, 60)]);

    /// <summary>
    /// Gives the second repair provider a part in some repair jobs that get accepted: about
    /// 8 % declined by it first, 5 % a late accept that must get 409, and 3 % a simultaneous
    /// race. At least one late accept and one race happen when any repair job qualifies.
    /// </summary>
    private void AssignRivalries(List<PlannedBooking> bookings)
    {
        var eligible = bookings.Where(b => b.Service == ServiceType.Repair && b.Rival is not null && b.GetsAccepted).ToList();
        foreach (var booking in eligible)
        {
            var roll = _random.NextDouble();
            booking.Rivalry = roll switch
            {
                < 0.05 => Rivalry.AcceptsLate,
                < 0.08 => Rivalry.Races,
                < 0.16 => Rivalry.DeclinesFirst,
                _ => Rivalry.None
            };
        }

        foreach (var wanted in new[] { Rivalry.AcceptsLate, Rivalry.Races })
        {
            if (eligible.All(b => b.Rivalry != wanted) && eligible.FirstOrDefault(b => b.Rivalry == Rivalry.None) is { } first)
            {
                first.Rivalry = wanted;
            }
        }
    }

    /// <summary>About 2 % of bookings are sent twice with the same idempotency key, as after a lost response; at least one.</summary>
    private void AssignDuplicates(List<PlannedBooking> bookings)
    {
        foreach (var booking in bookings)
        {
            booking.Duplicate = _random.NextDouble() < 0.02;
        }

        if (bookings.Count > 0 && bookings.All(b => !b.Duplicate))
        {
            bookings[_random.Next(bookings.Count)].Duplicate = true;
        }
    }

    private void AddSteps(PlannedBooking booking)
    {
        var last = TimeSpan.MinValue;
        TimeSpan Add(StepKind kind, TimeSpan at, ProviderActor? provider = null)
        {
            // Steps of one booking run in plan order, a few seconds apart at least.
            last = at > last ? at : last + TimeSpan.FromSeconds(5);
            _steps.Add(new Step(last, _steps.Count, kind, booking, provider));
            return last;
        }

        Add(StepKind.Create, booking.OrderAt);
        if (booking.Duplicate)
        {
            Add(StepKind.DuplicateCreate, booking.OrderAt + TimeSpan.FromSeconds(20));
        }

        var delay = AcceptDelay(booking.Service);
        var acceptFrom = booking.OrderAt;
        switch (booking.Outcome)
        {
            case Outcome.LeaveRequested:
                return;
            case Outcome.Decline:
                Add(StepKind.Decline, booking.OrderAt + delay, booking.Acceptor);
                return;
            case Outcome.CancelBeforeAccept:
                Add(StepKind.Cancel, booking.OrderAt + Minutes(2, Math.Max(3, (int)delay.TotalMinutes)));
                return;
            case Outcome.RescheduleBeforeAccept:
                acceptFrom = booking.OrderAt + Minutes(2, 15);
                PlanReschedule(booking, acceptFrom);
                Add(StepKind.Reschedule, acceptFrom);
                break;
        }

        var acceptAt = Min(acceptFrom + delay, booking.WindowStart - TimeSpan.FromMinutes(10));
        if (booking.Rivalry == Rivalry.DeclinesFirst)
        {
            Add(StepKind.RivalDeclines, acceptAt - TimeSpan.FromMinutes(1), booking.Rival);
        }

        Add(booking.Rivalry == Rivalry.Races ? StepKind.RaceAccept : StepKind.Accept, acceptAt, booking.Acceptor);
        if (booking.Rivalry == Rivalry.AcceptsLate)
        {
            Add(StepKind.RivalAcceptsLate, acceptAt + TimeSpan.FromMinutes(1), booking.Rival);
        }


        switch (booking.Outcome)
        {
            case Outcome.AcceptOnly:
                return;
            case Outcome.CancelAfterAccept:
                Add(StepKind.Cancel, Min(acceptAt + Minutes(10, 90), booking.WindowStart - TimeSpan.FromMinutes(5)));
                return;
            case Outcome.RescheduleAfterAccept or Outcome.ReschedulePending:
                var movedAt = acceptAt + Minutes(10, 60);
                PlanReschedule(booking, movedAt);
                Add(StepKind.Reschedule, movedAt);
                if (booking.Outcome == Outcome.ReschedulePending)
                {
                    return;
                }

                Add(StepKind.ConfirmReschedule, movedAt + Minutes(5, 40));
                break;
        }

        if (!booking.Targeted && booking.GetsStarted)
        {
            // A job booked without items gets its price from the provider once accepted (and
            // once its new window is confirmed), and the resident agrees before the work starts.
            var quotedAt = Add(StepKind.ProposeQuote, acceptAt + Minutes(2, 10));
            Add(StepKind.ApproveQuote, quotedAt + Minutes(3, 30));
        }

        var startAt = booking.WindowStart + (booking.Service == ServiceType.Meal ? Minutes(0, 60) : Minutes(0, 20));
        if (booking.Service == ServiceType.Bathing)
        {
            Add(StepKind.RecordAssessment, startAt - TimeSpan.FromMinutes(8));
            Add(StepKind.SignAgreement, startAt - TimeSpan.FromMinutes(4));
        }

        Add(StepKind.Start, startAt);
        if (booking.Outcome == Outcome.StartOnly)
        {
            return;
        }

        if (booking.NeedsParts)
        {
            var partsAt = startAt + Minutes(5, 15);
            Add(StepKind.ProposeParts, partsAt);
            Add(StepKind.ApproveParts, partsAt + Minutes(2, 10));
        }

        var completeAt = startAt + ServiceDuration(booking);
        Add(StepKind.Complete, completeAt);
        if (booking.Outcome == Outcome.CompleteOnly)
        {
            return;
        }

        Add(StepKind.Settle, completeAt + Minutes(1, 20));
    }

    /// <summary>
    /// Moves the booking's window to a slot two hours later the same day when it fits before
    /// 18:00, otherwise to the same slot the next day. A lunch becomes that day's dinner, and
    /// a dinner becomes the next day's lunch.
    /// </summary>
    private void PlanReschedule(PlannedBooking booking, TimeSpan at)
    {
        var reason = Catalog.RescheduleReasons[_random.Next(Catalog.RescheduleReasons.Length)];
        if (booking.Meal is { } meal)
        {
            var moved = meal.Meal == MealKind.Lunch
                ? meal with { Meal = MealKind.Dinner }
                : meal with { Meal = MealKind.Lunch, Date = meal.Date.AddDays(1) };
            booking.Meal = moved;
            booking.WindowStart = (moved.Date.DayNumber - settings.Day.DayNumber) * TimeSpan.FromDays(1)
                                  + (moved.Meal == MealKind.Lunch ? LunchStart : DinnerStart);
            booking.Reschedule = new RescheduleRequest(MealDate: moved.Date, Meal: moved.Meal, Reason: reason);
            return;
        }

        var start = booking.WindowStart + TimeSpan.FromHours(2);
        if (start + booking.WindowLength > WorkdayEnd || start < at + TimeSpan.FromHours(1))
        {
            start = booking.WindowStart + TimeSpan.FromDays(1);
        }

        booking.WindowStart = start;
        booking.Reschedule = new RescheduleRequest(At(start), At(start + booking.WindowLength), Reason: reason);
    }

    /// <summary>Each provider looks at its job queue every half hour of the working day.</summary>
    private void AddJobQueuePolls()
    {
        foreach (var provider in cast.Providers)
        {
            for (var at = TimeSpan.FromHours(6.5); at <= WorkdayEnd; at += TimeSpan.FromMinutes(30))
            {
                _steps.Add(new Step(at, _steps.Count, StepKind.PollJobs, null, provider));
            }
        }
    }

    private TimeSpan AcceptDelay(ServiceType service) => service switch
    {
        ServiceType.Meal => Minutes(3, 30),
        ServiceType.Repair => Minutes(5, 40),
        ServiceType.Housekeeping => Minutes(10, 90),
        _ => Minutes(20, 180)
    };

    private TimeSpan ServiceDuration(PlannedBooking booking) => booking.Service switch
    {
        ServiceType.Meal => Minutes(20, 40),
        ServiceType.Repair => Minutes(30, 90),
        ServiceType.Bathing => Minutes(60, 90),
        _ => booking.WindowLength - Minutes(0, 20)
    };

    /// <summary>
    /// Lunch orders cluster between 06:30 and the 09:00 cut-off (peak near 08:00); dinner
    /// orders between 12:00 and the 15:00 cut-off (peak near 14:00).
    /// </summary>
    private TimeSpan MealOrderTime(MealKind meal) => meal == MealKind.Lunch
        ? TimeSpan.FromHours(6.5) + TimeSpan.FromMinutes(Triangular(0, 149, 90))
        : TimeSpan.FromHours(12) + TimeSpan.FromMinutes(Triangular(0, 179, 120));

    /// <summary>Orders for a window come in from 06:00 up to an hour before it starts.</summary>
    private TimeSpan OrderTimeBefore(TimeSpan windowStart)
    {
        var latest = windowStart - TimeSpan.FromHours(1);
        return latest <= EarliestOrder
            ? EarliestOrder
            : EarliestOrder + TimeSpan.FromMinutes(_random.Next((int)(latest - EarliestOrder).TotalMinutes));
    }

    private TimeSpan HalfHourBetween(TimeSpan first, TimeSpan last) =>
        first + TimeSpan.FromMinutes(30 * _random.Next((int)((last - first).TotalMinutes / 30) + 1));

    private double Triangular(double min, double max, double mode)
    {
        var u = _random.NextDouble();
        var split = (mode - min) / (max - min);
        return u < split
            ? min + Math.Sqrt(u * (max - min) * (mode - min))
            : max - Math.Sqrt((1 - u) * (max - min) * (max - mode));
    }

    private TimeSpan Minutes(int min, int max) => TimeSpan.FromMinutes(_random.Next(min, max + 1));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The instant of a local time counted from the simulated day's midnight (Asia/Shanghai, UTC+8 all year).</summary>
    private DateTimeOffset At(TimeSpan sinceMidnight) =>
        new DateTimeOffset(settings.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)) + sinceMidnight;

    /// <summary>Shuffles a deck holding each value in proportion to its share, so the shares hold exactly.</summary>
    private List<T> Deck<T>(IReadOnlyList<(T Value, int Share)> shares, int count)
    {
        var total = shares.Sum(s => s.Share);
        var exact = shares.Select(s => (s.Value, Count: (double)s.Share * count / total)).ToList();
        var counts = exact.Select(e => (int)Math.Floor(e.Count)).ToArray();
        foreach (var i in Enumerable.Range(0, exact.Count)
                     .OrderByDescending(i => exact[i].Count - counts[i])
                     .ThenBy(i => i)
                     .Take(count - counts.Sum()))
        {
            counts[i]++;
        }

        var deck = exact.SelectMany((e, i) => Enumerable.Repeat(e.Value, counts[i])).ToList();
        for (var i = deck.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (deck[i], deck[j]) = (deck[j], deck[i]);
        }

        return deck;
    }

    /// <summary>
    /// Hands out residents so that each books once before anyone books a second time, and
    /// none more than <c>maxBookings</c> times.
    /// </summary>
    private sealed class ResidentPool
    {
        private readonly List<Member> _members;
        private readonly Queue<Member> _firstRound;
        private readonly Dictionary<Member, int> _bookings = [];
        private readonly int _maxBookings;
        private readonly Random _random;

        public ResidentPool(IEnumerable<Member> members, int maxBookings, Random random)
        {
            _random = random;
            _maxBookings = maxBookings;
            _members = members.ToList();
            _firstRound = new Queue<Member>(_members.OrderBy(_ => random.Next()));
        }

        public Member? Next()
        {
            if (!_firstRound.TryDequeue(out var member))
            {
                if (_members.Count == 0)
                {
                    return null;
                }

                member = _members[_random.Next(_members.Count)];
            }

            var booked = _bookings.GetValueOrDefault(member) + 1;
            if (booked > _maxBookings)
            {
                _members.Remove(member);
                return Next();
            }

            _bookings[member] = booked;
            return member;
        }
    }
}
