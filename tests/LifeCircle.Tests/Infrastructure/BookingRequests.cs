using LifeCircle.Bookings;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>
/// Valid booking requests for each service type. Windows are on the next Asia/Shanghai day
/// of the given clock (10:00 to 12:00 by default); meal orders are for the next day's lunch.
/// Vary a request with <c>with</c> to test a rule.
/// </summary>
public sealed class BookingRequests(TimeProvider clock)
{
    public static readonly TimeSpan ShanghaiOffset = TimeSpan.FromHours(8);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly TodayInShanghai => DateOnly.FromDateTime(Now.ToOffset(ShanghaiOffset).DateTime);

    public DateOnly Tomorrow => TodayInShanghai.AddDays(1);

    /// <summary>Returns a local time of the next Asia/Shanghai day.</summary>
    public DateTimeOffset TomorrowAt(int hour, int minute = 0) => At(Tomorrow, hour, minute);

    public static DateTimeOffset At(DateOnly date, int hour, int minute = 0) =>
        new(date.ToDateTime(new TimeOnly(hour, minute)), ShanghaiOffset);

    public CreateBooking Repair(Guid? residentId = null, Guid? providerId = null) => new(
        ServiceType.Repair, residentId, providerId,
        WindowStart: TomorrowAt(10), WindowEnd: TomorrowAt(12),
        Repair: new RepairDetails(RepairCategory.Plumbing, "厨房水龙头", "关不紧，一直滴水", PartsMayBeNeeded: true));

    public CreateBooking Housekeeping(Guid? residentId = null, Guid? providerId = null) => new(
        ServiceType.Housekeeping, residentId, providerId,
        WindowStart: TomorrowAt(10), WindowEnd: TomorrowAt(12),
        Housekeeping: new HousekeepingDetails(HousekeepingTask.RoutineCleaning, 2m, null, HomeSize.TwoBedrooms));

    public CreateBooking Meal(Guid? residentId = null, Guid? providerId = null) => new(
        ServiceType.Meal, residentId, providerId,
        Meal: new MealDetails(MealKind.Lunch, Tomorrow, 1, [DietNeed.Soft, DietNeed.LowSalt], MealFulfilment.Delivery));

    public CreateBooking Bathing(Guid? residentId = null, Guid? providerId = null) => new(
        ServiceType.Bathing, residentId, providerId,
        WindowStart: TomorrowAt(14), WindowEnd: TomorrowAt(16),
        Bathing: new BathingDetails(BathingMode.InHome, MobilityLevel.NeedsAssistance));

    /// <summary>Returns the valid default request of a service type.</summary>
    public CreateBooking For(ServiceType service, Guid? residentId = null, Guid? providerId = null) => service switch
    {
        ServiceType.Housekeeping => Housekeeping(residentId, providerId),
        ServiceType.Repair => Repair(residentId, providerId),
        ServiceType.Meal => Meal(residentId, providerId),
        ServiceType.Bathing => Bathing(residentId, providerId),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "No default request for this service.")
    };
}
