namespace LifeCircle.Simulator.Api;

// The subset of the LifeCircle HTTP API that the simulator uses. Enums travel as their
// PascalCase names and properties as camelCase, as the app's API does.

public enum ServiceType
{
    Housekeeping,
    Repair,
    Meal,
    Bathing
}

public enum BookingStatus
{
    Requested,
    Accepted,
    Declined,
    Expired,
    Rescheduled,
    Started,
    Completed,
    Settled,
    Cancelled,
    NoShow
}

public enum HousekeepingTask
{
    RoutineCleaning,
    DeepCleaning,
    Windows,
    KitchenDegreasing,
    Laundry,
    AfterRenovation
}

public enum HomeSize
{
    Studio,
    OneBedroom,
    TwoBedrooms,
    ThreeBedrooms,
    FourOrMoreBedrooms
}

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

public enum MealKind
{
    Lunch,
    Dinner
}

public enum DietNeed
{
    Soft,
    LowSalt,
    LowSugar,
    Halal,
    Vegetarian,
    Minced
}

public enum MealFulfilment
{
    DineIn,
    PickUp,
    Delivery
}

public enum BathingMode
{
    InHome,
    AtCentre,
    MobileVan
}

public enum MobilityLevel
{
    NotRecorded,
    Independent,
    NeedsAssistance,
    WheelchairUser,
    Bedridden
}

/// <summary>What kind of charge a price item is; a visit fee is billed only when the job ends at inspection.</summary>
public enum FeeKind
{
    Service,
    InspectionVisitFee,
    PartsAtRetail
}

/// <summary>A provider's proposal: the price of a job booked without items, or extra work and parts.</summary>
public enum ProposalKind
{
    Quote,
    Extra
}

public enum PaymentMethod
{
    Cash,
    BankCard,
    Online
}

/// <summary>How a request reached the platform, as the app records it on a booking.</summary>
public enum Channel
{
    App,
    Phone,
    WalkIn,
    System
}

public sealed record SendCodeRequest(string Phone);

public sealed record TokenRequest(string Phone, string Code, string Role);

public sealed record PasswordRequest(string UserName, string Password);

public sealed record TokenResponse(string TokenType, string AccessToken, int ExpiresIn, string RefreshToken);

public sealed record SmsMessage(string Phone, string Text);

public sealed record Division(string Id, string Name, string Level, string? ParentCode, string CityCode);

public sealed record DivisionDetails(Division Division);

public sealed record ResidentProfile(
    Guid Id,
    string Name,
    string Phone,
    string? CommunityCode,
    string? Address,
    int? BirthYear,
    bool LivesAlone,
    bool HasDisability);

/// <summary>
/// An operator registers a phone caller. Living alone, disability, mobility and diet are
/// personal data: the app stores them only with <paramref name="VerbalConsent"/> given on the call.
/// </summary>
public sealed record RegisterCallerRequest(
    string Name,
    string Phone,
    string CommunityCode,
    string? Address,
    int? BirthYear,
    bool LivesAlone,
    bool HasDisability,
    bool VerbalConsent);

public sealed record PriceItem(string Code, ServiceType Service, string Name, string Unit, decimal Price, FeeKind Fee);

public sealed record Provider(
    Guid Id,
    string Name,
    string Phone,
    List<ServiceType> Services,
    List<string> ServiceArea,
    bool Verified,
    bool Suspended,
    List<PriceItem> PriceCard);

public sealed record HousekeepingDetails(HousekeepingTask Task, decimal? Hours, decimal? AreaSquareMetres, HomeSize HomeSize);

public sealed record RepairDetails(RepairCategory Category, string Item, string Symptom, bool PartsMayBeNeeded);

public sealed record MealDetails(MealKind Meal, DateOnly Date, int Portions, DietNeed[] Diet, MealFulfilment Fulfilment);

public sealed record BathingDetails(BathingMode Mode, MobilityLevel Mobility);

public sealed record CreateBookingRequest(
    ServiceType Service,
    Guid? ResidentId = null,
    Guid? ProviderId = null,
    string? CommunityCode = null,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    HousekeepingDetails? Housekeeping = null,
    RepairDetails? Repair = null,
    MealDetails? Meal = null,
    BathingDetails? Bathing = null,
    ItemChoice[]? Items = null);

/// <summary>A price card item and how many of its unit: a line of a quote or a bill.</summary>
public sealed record ItemChoice(string Code, decimal Quantity);

public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End);

public sealed record BookingCreated(Guid Id, string Number, BookingStatus Status, TimeWindow Window, DateTimeOffset AcceptBy);

/// <summary>The response of every lifecycle command.</summary>
public sealed record BookingChanged(Guid Id, BookingStatus Status, bool Changed);

public sealed record DeclineRequest(string? Reason);

public sealed record CancelRequest(string Reason);

public sealed record RescheduleRequest(
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    DateOnly? MealDate = null,
    MealKind? Meal = null,
    string? Reason = null);

/// <summary>A bill or proposal line naming a card item by code; the app prices it from the card.</summary>
public sealed record ChargeInput(string ItemCode, decimal Quantity);

public sealed record CompleteRequest(ChargeInput[] Charges, string? Note);

public sealed record ProposeChargesRequest(ProposalKind Kind, ChargeInput[] Lines, string? Reason);

public sealed record ProposalCreated(Guid BookingId, Guid ProposalId, ProposalKind Kind, decimal Total);

public sealed record SettleRequest(PaymentMethod Method, decimal Amount);

public sealed record BathingAssessmentRequest(MobilityLevel Mobility, string Summary);

public sealed record BathingAgreementRequest(string AgreementNumber);

public sealed record BookingView(
    Guid Id,
    string Number,
    BookingStatus Status,
    ServiceType Service,
    Guid ResidentId,
    Guid? ProviderId,
    bool HasElderPriority,
    decimal? Total,
    decimal? AmountPaid,
    Channel RequestedThrough,
    DateTimeOffset RequestedAt,
    DateTimeOffset? AcceptedAt);

public sealed record BookingDetails(BookingView Booking, string StatusText, string ServiceText);

public sealed record BookingSummary(Guid Id, string Number, BookingStatus Status, ServiceType Service);

public sealed record BookingPage(List<BookingSummary> Items, long Total, int Page, int PageSize);
