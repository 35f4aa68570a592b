namespace LifeCircle.Bookings;

/// <summary>Booking rules that a city may tune, bound from the <c>LifeCircle:Bookings</c> section.</summary>
public sealed class BookingOptions
{
    public const string Section = "LifeCircle:Bookings";

    /// <summary>How long a request waits for a provider before it expires, per service.</summary>
    public Dictionary<ServiceType, TimeSpan> AcceptanceTimeout { get; set; } = new()
    {
        [ServiceType.Housekeeping] = TimeSpan.FromHours(4),
        [ServiceType.Repair] = TimeSpan.FromHours(2),
        [ServiceType.Meal] = TimeSpan.FromHours(1),
        [ServiceType.Bathing] = TimeSpan.FromHours(24)
    };

    /// <summary>Meal orders close this long before the meal is served.</summary>
    public TimeSpan MealCutOff { get; set; } = TimeSpan.FromHours(2);

    public TimeOnly LunchFrom { get; set; } = new(11, 0);
    public TimeOnly LunchTo { get; set; } = new(13, 0);
    public TimeOnly DinnerFrom { get; set; } = new(17, 0);
    public TimeOnly DinnerTo { get; set; } = new(19, 0);

    /// <summary>How far ahead a booking may be made, in days.</summary>
    public int MaxDaysAhead { get; set; } = 30;

    /// <summary>The longest time window a booking may ask for.</summary>
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan TimeoutFor(ServiceType service) =>
        AcceptanceTimeout.TryGetValue(service, out var timeout) ? timeout : TimeSpan.FromHours(2);

    /// <summary>The local serving window of a meal on a date.</summary>
    public TimeWindow MealWindow(DateOnly date, MealKind meal) => meal == MealKind.Lunch
        ? new TimeWindow(Core.Time.ShanghaiTime.At(date, LunchFrom), Core.Time.ShanghaiTime.At(date, LunchTo))
        : new TimeWindow(Core.Time.ShanghaiTime.At(date, DinnerFrom), Core.Time.ShanghaiTime.At(date, DinnerTo));

    /// <summary>
    /// The acceptance deadline of a request made at <paramref name="now"/>: the service's
    /// timeout, but never later than the start of the window.
    /// </summary>
    public DateTimeOffset AcceptDeadline(ServiceType service, DateTimeOffset now, TimeWindow window)
    {
        var byTimeout = now + TimeoutFor(service);
        return byTimeout < window.Start ? byTimeout : window.Start;
    }
}
