using System.Text.Json.Serialization;

namespace LifeCircle.Bookings;

[JsonConverter(typeof(JsonStringEnumConverter<ServiceType>))]
public enum ServiceType
{
    Housekeeping,
    Repair,
    Meal,
    Bathing
}

[JsonConverter(typeof(JsonStringEnumConverter<HousekeepingTask>))]
public enum HousekeepingTask
{
    RoutineCleaning,
    DeepCleaning,
    Windows,
    KitchenDegreasing,
    Laundry,
    AfterRenovation
}

[JsonConverter(typeof(JsonStringEnumConverter<HomeSize>))]
public enum HomeSize
{
    Studio,
    OneBedroom,
    TwoBedrooms,
    ThreeBedrooms,
    FourOrMoreBedrooms
}

[JsonConverter(typeof(JsonStringEnumConverter<RepairCategory>))]
public enum RepairCategory
{
    Appliance,
    Plumbing,
    Electrical,
    ShoeRepair,
    KeyCutting,
    ClothesMending,
    Other
}

[JsonConverter(typeof(JsonStringEnumConverter<MealKind>))]
public enum MealKind
{
    Lunch,
    Dinner
}

[JsonConverter(typeof(JsonStringEnumConverter<DietNeed>))]
public enum DietNeed
{
    Soft,
    LowSalt,
    LowSugar,
    Halal,
    Vegetarian,
    Minced
}

[JsonConverter(typeof(JsonStringEnumConverter<MealFulfilment>))]
public enum MealFulfilment
{
    DineIn,
    PickUp,
    Delivery
}

[JsonConverter(typeof(JsonStringEnumConverter<BathingMode>))]
public enum BathingMode
{
    InHome,
    AtCentre,
    MobileVan
}

[JsonConverter(typeof(JsonStringEnumConverter<MobilityLevel>))]
public enum MobilityLevel
{
    /// <summary>Not known, or removed when the resident's data was erased; never accepted as input.</summary>
    NotRecorded = -1,
    Independent,
    NeedsAssistance,
    WheelchairUser,
    Bedridden
}

/// <summary>Housekeeping is booked by hours or by floor area; exactly one of the two is given.</summary>
public sealed record HousekeepingDetails(
    [property: JsonRequired] HousekeepingTask Task,
    decimal? Hours,
    decimal? AreaSquareMetres,
    [property: JsonRequired] HomeSize HomeSize);

public sealed record RepairDetails([property: JsonRequired] RepairCategory Category, string Item, string Symptom, bool PartsMayBeNeeded);

/// <summary>A meal order for one lunch or dinner on a local (Asia/Shanghai) date.</summary>
public sealed record MealDetails(
    [property: JsonRequired] MealKind Meal,
    DateOnly Date,
    int Portions,
    DietNeed[] Diet,
    [property: JsonRequired] MealFulfilment Fulfilment);

public sealed record BathingDetails([property: JsonRequired] BathingMode Mode, [property: JsonRequired] MobilityLevel Mobility);

/// <summary>The details of a booking: exactly the member matching its service type is set.</summary>
public sealed record ServiceDetails(
    HousekeepingDetails? Housekeeping = null,
    RepairDetails? Repair = null,
    MealDetails? Meal = null,
    BathingDetails? Bathing = null)
{
    public const string Removed = "（已删除）";

    /// <summary>
    /// Returns the details with health needs and free text removed, for an erased resident:
    /// diets and mobility are health data, and descriptions may name people or places.
    /// </summary>
    public ServiceDetails WithoutPersonalData() => this with
    {
        Repair = Repair is null ? null : Repair with { Symptom = Removed },
        Meal = Meal is null ? null : Meal with { Diet = [] },
        Bathing = Bathing is null ? null : Bathing with { Mobility = MobilityLevel.NotRecorded }
    };
}

public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End);
