using LifeCircle.Core;
using LifeCircle.Core.Identity;
using Marten.Events.Aggregation;

namespace LifeCircle.Bookings;

/// <summary>One step of a booking's history: what happened, who acted, through which channel, when.</summary>
public sealed record BookingStep(string Action, BookingStatus Status, ActorRole ActorRole, Channel Channel, DateTimeOffset At, string? Note);

/// <summary>
/// The read model of one booking, kept inline with its stream so the caller reads its own
/// write. It backs the booking page, the resident's and provider's lists and the job queue.
/// </summary>
public sealed class BookingView
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public BookingStatus Status { get; set; }
    public ServiceType Service { get; set; }
    public ServiceDetails Details { get; set; } = new();
    public Guid ResidentId { get; set; }
    public string CommunityCode { get; set; } = "";
    public string CommunityName { get; set; } = "";
    public TimeWindow Window { get; set; } = new(default, default);
    public Guid? TargetProviderId { get; set; }
    public Guid? ProviderId { get; set; }
    public string? ProviderName { get; set; }
    public ElderPriority Priority { get; set; }
    public bool HasElderPriority { get; set; }
    public DateTimeOffset AcceptBy { get; set; }
    public List<Guid> DeclinedBy { get; set; } = [];
    public Quote? Quote { get; set; }
    public int CardVersion { get; set; }
    public Guid? StaffId { get; set; }
    public string? StaffName { get; set; }
    public List<ChargeProposal> Proposals { get; set; } = [];
    public List<ChargeLine> Charges { get; set; } = [];
    public Money? Total { get; set; }
    public PaymentMethod? Payment { get; set; }
    public Money? AmountPaid { get; set; }
    public string? CancelReason { get; set; }
    public NoShowParty? Absent { get; set; }
    public bool BathingCleared { get; set; }
    public bool AssessmentRecorded { get; set; }
    public bool AgreementSigned { get; set; }
    public Channel RequestedThrough { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<BookingStep> History { get; set; } = [];

    /// <summary>
    /// Returns a copy without the resident's id, for a provider that has not taken the job, so
    /// it cannot link the job to jobs of the same resident it saw before.
    /// </summary>
    public BookingView WithoutResidentId()
    {
        var copy = (BookingView)MemberwiseClone();
        copy.ResidentId = Guid.Empty;
        return copy;
    }
}

public sealed partial class BookingViewProjection : SingleStreamProjection<BookingView, Guid>
{
    public static BookingView Create(BookingRequested e)
    {
        var view = new BookingView
        {
            Id = e.BookingId,
            Number = e.Number,
            Status = BookingStatus.Requested,
            Service = e.Service,
            Details = e.Details,
            ResidentId = e.ResidentId,
            CommunityCode = e.CommunityCode,
            CommunityName = e.CommunityName,
            Window = e.Window,
            TargetProviderId = e.TargetProviderId,
            Priority = e.Priority,
            HasElderPriority = e.Priority != ElderPriority.None,
            AcceptBy = e.AcceptBy,
            BathingCleared = e.BathingCleared,
            Quote = e.Quote,
            CardVersion = e.Quote?.CardVersion ?? 0,
            RequestedThrough = e.By.Channel,
            RequestedAt = e.At
        };
        return Step(view, "Requested", e.By, e.At);
    }

    public static BookingView Apply(BookingAccepted e, BookingView view)
    {
        view.Status = BookingStatus.Accepted;
        view.ProviderId = e.ProviderId;
        view.ProviderName = e.ProviderName;
        view.AcceptedAt = e.At;
        view.CardVersion = view.Quote?.ProviderId == e.ProviderId ? view.Quote.CardVersion : e.CardVersion;
        return Step(view, "Accepted", e.By, e.At);
    }

    public static BookingView Apply(StaffAssigned e, BookingView view)
    {
        view.StaffId = e.StaffId;
        view.StaffName = e.StaffName;
        return Step(view, "StaffAssigned", e.By, e.At, e.StaffName);
    }

    public static BookingView Apply(StaffUnassigned e, BookingView view)
    {
        view.StaffId = null;
        view.StaffName = null;
        return Step(view, "StaffUnassigned", e.By, e.At, e.StaffName);
    }

    public static BookingView Apply(ChargesProposed e, BookingView view)
    {
        view.Proposals.Add(new ChargeProposal(e.ProposalId, e.Kind, e.Lines, e.Total, e.Reason, ProposalStatus.Pending));
        return Step(view, "ChargesProposed", e.By, e.At, e.Reason);
    }

    public static BookingView Apply(ChargesApproved e, BookingView view) =>
        Step(Answer(view, e.ProposalId, ProposalStatus.Approved), "ChargesApproved", e.By, e.At);

    public static BookingView Apply(ChargesRejected e, BookingView view) =>
        Step(Answer(view, e.ProposalId, ProposalStatus.Rejected), "ChargesRejected", e.By, e.At, e.Reason);

    private static BookingView Answer(BookingView view, Guid proposalId, ProposalStatus status)
    {
        var index = view.Proposals.FindIndex(p => p.Id == proposalId);
        if (index >= 0)
        {
            view.Proposals[index] = view.Proposals[index] with { Status = status };
        }

        return view;
    }

    public static BookingView Apply(BookingDeclined e, BookingView view)
    {
        view.DeclinedBy.Add(e.ProviderId);
        if (e.Final)
        {
            view.Status = BookingStatus.Declined;
        }

        return Step(view, "Declined", e.By, e.At, e.Reason);
    }

    public static BookingView Apply(BookingExpired e, BookingView view)
    {
        view.Status = BookingStatus.Expired;
        return Step(view, "Expired", e.By, e.At);
    }

    public static BookingView Apply(BookingRescheduled e, BookingView view)
    {
        view.Window = e.Window;
        view.AcceptBy = e.AcceptBy;
        if (view.Details.Meal is { } meal && e.Meal is { } kind && e.MealDate is { } date)
        {
            view.Details = view.Details with { Meal = meal with { Meal = kind, Date = date } };
        }

        if (e.NeedsProviderConfirmation)
        {
            view.Status = BookingStatus.Rescheduled;
        }

        return Step(view, "Rescheduled", e.By, e.At, e.Reason);
    }

    public static BookingView Apply(RescheduleConfirmed e, BookingView view)
    {
        view.Status = BookingStatus.Accepted;
        return Step(view, "RescheduleConfirmed", e.By, e.At);
    }

    public static BookingView Apply(BookingStarted e, BookingView view)
    {
        view.Status = BookingStatus.Started;
        view.StartedAt = e.At;
        return Step(view, "Started", e.By, e.At);
    }

    public static BookingView Apply(BookingCompleted e, BookingView view)
    {
        view.Status = BookingStatus.Completed;
        view.Charges = [.. e.Charges];
        view.Total = e.Total;
        view.CompletedAt = e.At;
        return Step(view, "Completed", e.By, e.At, e.Note);
    }

    public static BookingView Apply(BookingSettled e, BookingView view)
    {
        view.Status = BookingStatus.Settled;
        view.Payment = e.Method;
        view.AmountPaid = e.Amount;
        view.SettledAt = e.At;
        return Step(view, "Settled", e.By, e.At);
    }

    public static BookingView Apply(BookingCancelled e, BookingView view)
    {
        view.Status = BookingStatus.Cancelled;
        view.CancelReason = e.Reason;
        return Step(view, "Cancelled", e.By, e.At, e.Reason);
    }

    public static BookingView Apply(NoShowRecorded e, BookingView view)
    {
        view.Status = BookingStatus.NoShow;
        view.Absent = e.Absent;
        return Step(view, e.Absent == NoShowParty.Resident ? "ResidentAbsent" : "ProviderAbsent", e.By, e.At, e.Note);
    }

    public static BookingView Apply(BathingAssessmentRecorded e, BookingView view)
    {
        view.AssessmentRecorded = true;
        return Step(view, "BathingAssessed", e.By, e.At);
    }

    public static BookingView Apply(BathingAgreementSigned e, BookingView view)
    {
        view.AgreementSigned = true;
        return Step(view, "BathingAgreementSigned", e.By, e.At);
    }

    private static BookingView Step(BookingView view, string action, Actor by, DateTimeOffset at, string? note = null)
    {
        view.UpdatedAt = at;
        view.History.Add(new BookingStep(action, view.Status, by.Role, by.Channel, at, note));
        return view;
    }
}

/// <summary>
/// Residents whose bathing assessment and signed service agreement are on record, so
/// their later baths may start without repeating them.
/// </summary>
public sealed class BathingClearance
{
    public Guid Id { get; set; }
    public bool Assessed { get; set; }
    public bool AgreementSigned { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Cleared => Assessed && AgreementSigned;
}

public sealed partial class BathingClearanceProjection : Marten.Events.Projections.MultiStreamProjection<BathingClearance, Guid>
{
    public BathingClearanceProjection()
    {
        Identity<BathingAssessmentRecorded>(e => e.ResidentId);
        Identity<BathingAgreementSigned>(e => e.ResidentId);
    }

    public static BathingClearance Create(BathingAssessmentRecorded e) =>
        new() { Id = e.ResidentId, Assessed = true, UpdatedAt = e.At };

    public static BathingClearance Create(BathingAgreementSigned e) =>
        new() { Id = e.ResidentId, AgreementSigned = true, UpdatedAt = e.At };

    public static BathingClearance Apply(BathingAssessmentRecorded e, BathingClearance clearance)
    {
        clearance.Assessed = true;
        clearance.UpdatedAt = e.At;
        return clearance;
    }

    public static BathingClearance Apply(BathingAgreementSigned e, BathingClearance clearance)
    {
        clearance.AgreementSigned = true;
        clearance.UpdatedAt = e.At;
        return clearance;
    }
}
