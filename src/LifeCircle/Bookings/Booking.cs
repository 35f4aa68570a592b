using System.Text.Json.Serialization;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;

namespace LifeCircle.Bookings;

[JsonConverter(typeof(JsonStringEnumConverter<BookingStatus>))]
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

[JsonConverter(typeof(JsonStringEnumConverter<NoShowParty>))]
public enum NoShowParty
{
    Resident,
    Provider
}

[JsonConverter(typeof(JsonStringEnumConverter<PaymentMethod>))]
public enum PaymentMethod
{
    Cash,
    BankCard,
    Online
}

/// <summary>Why a booking goes to the front of the job queue, if it does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ElderPriority>))]
public enum ElderPriority
{
    None,
    Aged80OrOver,
    Aged70LivingAlone,
    Disability
}

/// <summary>
/// One line of a bill: a card item (with its code and card version) or a free line that an
/// approved proposal allowed.
/// </summary>
public sealed record ChargeLine(string Item, decimal Quantity, string Unit, Money UnitPrice, Money Amount, string? ItemCode = null,
    int? CardVersion = null, FeeKind Fee = FeeKind.Service);

[JsonConverter(typeof(JsonStringEnumConverter<ProposalKind>))]
public enum ProposalKind
{
    /// <summary>The price of a job booked without items, set by the provider after accepting.</summary>
    Quote,

    /// <summary>Work or parts beyond the quote.</summary>
    Extra
}

[JsonConverter(typeof(JsonStringEnumConverter<ProposalStatus>))]
public enum ProposalStatus
{
    Pending,
    Approved,
    Rejected
}

/// <summary>Charges a provider proposed beyond the agreed quote, and the resident's answer.</summary>
public sealed record ChargeProposal(Guid Id, ProposalKind Kind, ChargeLine[] Lines, Money Total, string? Reason, ProposalStatus Status);

// Events of the booking stream. Each carries the acting person, the channel (inside the
// actor) and the time. Personal data stays in the resident profile, not in events.

public sealed record BookingRequested(
    Guid BookingId,
    string Number,
    ServiceType Service,
    ServiceDetails Details,
    Guid ResidentId,
    string CommunityCode,
    string CommunityName,
    TimeWindow Window,
    Guid? TargetProviderId,
    ElderPriority Priority,
    bool BathingCleared,
    DateTimeOffset AcceptBy,
    Actor By,
    DateTimeOffset At,
    Quote? Quote = null)
{
    /// <summary>Settable so that erasing the resident can overwrite health details and free text.</summary>
    public ServiceDetails Details { get; set; } = Details;
}

/// <summary>A provider took the job; bills are checked against its card <paramref name="CardVersion"/>.</summary>
public sealed record BookingAccepted(Guid BookingId, Guid ProviderId, string ProviderName, Actor By, DateTimeOffset At, int CardVersion = 0);

public sealed record StaffAssigned(Guid BookingId, Guid StaffId, string StaffName, Actor By, DateTimeOffset At);

/// <summary>
/// The booking lost its staff member without a new one: a reschedule moved it to a window in
/// which the staff member already works for another booking. The provider assigns someone again.
/// </summary>
public sealed record StaffUnassigned(Guid BookingId, Guid StaffId, string StaffName, StaffUnassignedReason Reason, Actor By,
    DateTimeOffset At);

[JsonConverter(typeof(JsonStringEnumConverter<StaffUnassignedReason>))]
public enum StaffUnassignedReason
{
    BusyInNewWindow
}

public sealed record ChargesProposed(Guid BookingId, Guid ProposalId, ProposalKind Kind, ChargeLine[] Lines, Money Total, string? Reason,
    Actor By, DateTimeOffset At);

public sealed record ChargesApproved(Guid BookingId, Guid ProposalId, Actor By, DateTimeOffset At);

public sealed record ChargesRejected(Guid BookingId, Guid ProposalId, string? Reason, Actor By, DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite free text, which may describe them.</summary>
    public string? Reason { get; set; } = Reason;
}

/// <summary>
/// A provider turned the job down. <paramref name="Final"/> is true when the booking was
/// addressed to that provider alone, which ends it; otherwise other providers may still take it.
/// </summary>
public sealed record BookingDeclined(Guid BookingId, Guid ProviderId, string? Reason, bool Final, Actor By, DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite free text, which may describe them.</summary>
    public string? Reason { get; set; } = Reason;
}

public sealed record BookingExpired(Guid BookingId, DateTimeOffset AcceptBy, Actor By, DateTimeOffset At);

/// <summary>
/// The time window moved. When a provider had already accepted, it must confirm the new
/// window by <paramref name="AcceptBy"/>, or the booking expires.
/// </summary>
public sealed record BookingRescheduled(
    Guid BookingId,
    TimeWindow Window,
    MealKind? Meal,
    DateOnly? MealDate,
    bool NeedsProviderConfirmation,
    DateTimeOffset AcceptBy,
    string? Reason,
    Actor By,
    DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite free text, which may describe them.</summary>
    public string? Reason { get; set; } = Reason;
}

public sealed record RescheduleConfirmed(Guid BookingId, Guid ProviderId, Actor By, DateTimeOffset At);

public sealed record BookingStarted(Guid BookingId, Actor By, DateTimeOffset At);

public sealed record BookingCompleted(Guid BookingId, ChargeLine[] Charges, Money Total, string? Note, Actor By, DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite free text, which may describe them.</summary>
    public string? Note { get; set; } = Note;
}

public sealed record BookingSettled(Guid BookingId, PaymentMethod Method, Money Amount, Actor By, DateTimeOffset At);

public sealed record BookingCancelled(Guid BookingId, BookingStatus PreviousStatus, string Reason, Actor By, DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite free text, which may describe them.</summary>
    public string Reason { get; set; } = Reason;
}

public sealed record NoShowRecorded(Guid BookingId, NoShowParty Absent, string? Note, Actor By, DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite free text, which may describe them.</summary>
    public string? Note { get; set; } = Note;
}

public sealed record BathingAssessmentRecorded(Guid BookingId, Guid ResidentId, MobilityLevel Mobility, string Summary, Actor By, DateTimeOffset At)
{
    /// <summary>Settable so that erasing the resident can overwrite the assessed mobility, which is health data.</summary>
    public MobilityLevel Mobility { get; set; } = Mobility;

    /// <summary>Settable so that erasing the resident can overwrite the assessment text.</summary>
    public string Summary { get; set; } = Summary;
}

public sealed record BathingAgreementSigned(Guid BookingId, Guid ResidentId, string AgreementNumber, Actor By, DateTimeOffset At);

/// <summary>
/// The write model of a booking: only what lifecycle decisions need.
/// </summary>
public sealed record Booking(
    Guid Id,
    BookingStatus Status,
    ServiceType Service,
    Guid ResidentId,
    string CommunityCode,
    Guid? TargetProviderId,
    Guid? ProviderId,
    TimeWindow Window,
    DateTimeOffset AcceptBy,
    Guid[] DeclinedBy,
    Money? Total,
    bool BathingCleared,
    bool AssessmentRecorded,
    bool AgreementSigned,
    NoShowParty? Absent,
    Quote? Quote = null,
    int CardVersion = 0,
    ChargeProposal[]? Proposals = null,
    Guid? StaffId = null,
    string Number = "",
    bool OccupiesStaff = true,
    string? StaffName = null)
{
    public static Booking Create(BookingRequested e) => new(
        e.BookingId, BookingStatus.Requested, e.Service, e.ResidentId, e.CommunityCode, e.TargetProviderId,
        null, e.Window, e.AcceptBy, [], null, e.BathingCleared, false, false, null, e.Quote, e.Quote?.CardVersion ?? 0, [],
        Number: e.Number, OccupiesStaff: StaffSlots.Occupies(e.Service, e.Details.Meal?.Fulfilment));

    public Booking Apply(BookingAccepted e) => this with
    {
        Status = BookingStatus.Accepted,
        ProviderId = e.ProviderId,
        CardVersion = Quote?.ProviderId == e.ProviderId ? Quote.CardVersion : e.CardVersion
    };

    public Booking Apply(StaffAssigned e) => this with { StaffId = e.StaffId, StaffName = e.StaffName };

    public Booking Apply(StaffUnassigned e) => this with { StaffId = null, StaffName = null };

    public Booking Apply(ChargesProposed e) => this with
    {
        Proposals = [.. Proposals ?? [], new ChargeProposal(e.ProposalId, e.Kind, e.Lines, e.Total, e.Reason, ProposalStatus.Pending)]
    };

    public Booking Apply(ChargesApproved e) => WithProposalStatus(e.ProposalId, ProposalStatus.Approved);

    public Booking Apply(ChargesRejected e) => WithProposalStatus(e.ProposalId, ProposalStatus.Rejected);

    public IReadOnlyList<ChargeProposal> ApprovedProposals => (Proposals ?? []).Where(p => p.Status == ProposalStatus.Approved).ToList();

    public ChargeProposal? ProposalOf(Guid id) => (Proposals ?? []).FirstOrDefault(p => p.Id == id);

    private Booking WithProposalStatus(Guid id, ProposalStatus status) => this with
    {
        Proposals = (Proposals ?? []).Select(p => p.Id == id ? p with { Status = status } : p).ToArray()
    };

    public Booking Apply(BookingDeclined e) => e.Final
        ? this with { Status = BookingStatus.Declined, DeclinedBy = [.. DeclinedBy, e.ProviderId] }
        : this with { DeclinedBy = [.. DeclinedBy, e.ProviderId] };

    public Booking Apply(BookingExpired e) => this with { Status = BookingStatus.Expired };

    public Booking Apply(BookingRescheduled e) => this with
    {
        Window = e.Window,
        AcceptBy = e.AcceptBy,
        Status = e.NeedsProviderConfirmation ? BookingStatus.Rescheduled : Status
    };

    public Booking Apply(RescheduleConfirmed e) => this with { Status = BookingStatus.Accepted };

    public Booking Apply(BookingStarted e) => this with { Status = BookingStatus.Started };

    public Booking Apply(BookingCompleted e) => this with { Status = BookingStatus.Completed, Total = e.Total };

    public Booking Apply(BookingSettled e) => this with { Status = BookingStatus.Settled };

    public Booking Apply(BookingCancelled e) => this with { Status = BookingStatus.Cancelled };

    public Booking Apply(NoShowRecorded e) => this with { Status = BookingStatus.NoShow, Absent = e.Absent };

    public Booking Apply(BathingAssessmentRecorded e) => this with { AssessmentRecorded = true };

    public Booking Apply(BathingAgreementSigned e) => this with { AgreementSigned = true };

    /// <summary>True while a provider may still take the job or must confirm a new window.</summary>
    public bool AwaitsProvider => Status is BookingStatus.Requested or BookingStatus.Rescheduled;

    /// <summary>True before the service starts, while the booking is still live.</summary>
    public bool IsOpen => Status is BookingStatus.Requested or BookingStatus.Accepted or BookingStatus.Rescheduled;

    public bool MayStartBath => BathingCleared || (AssessmentRecorded && AgreementSigned);
}
