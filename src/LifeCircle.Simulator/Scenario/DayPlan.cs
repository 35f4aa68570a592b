using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>What the scenario intends to happen to a booking after it is placed.</summary>
public enum Outcome
{
    Settle,
    CompleteOnly,
    StartOnly,
    AcceptOnly,
    CancelBeforeAccept,
    CancelAfterAccept,
    RescheduleBeforeAccept,
    RescheduleAfterAccept,
    ReschedulePending,
    Decline,
    LeaveRequested
}

/// <summary>How the second repair provider takes part in a repair job, if it does.</summary>
public enum Rivalry
{
    None,

    /// <summary>The second provider declines the open job first; the job stays open for the other.</summary>
    DeclinesFirst,

    /// <summary>The second provider tries to accept after the job was taken, and must get 409.</summary>
    AcceptsLate,

    /// <summary>Both providers accept at the same moment; exactly one must win.</summary>
    Races
}

public enum StepKind
{
    Create,
    DuplicateCreate,
    RivalDeclines,
    Decline,
    Accept,
    RaceAccept,
    RivalAcceptsLate,
    ProposeQuote,
    ApproveQuote,
    Reschedule,
    ConfirmReschedule,
    Cancel,
    RecordAssessment,
    SignAgreement,
    Start,
    ProposeParts,
    ApproveParts,
    Complete,
    Settle,
    PollJobs
}

/// <summary>One action on the simulated day, at a local time counted from the day's midnight.</summary>
public sealed record Step(TimeSpan At, int Sequence, StepKind Kind, PlannedBooking? Booking, ProviderActor? Provider);

/// <summary>A booking of the simulated day: its order, its resident, its intended outcome and its progress in the run.</summary>
public sealed class PlannedBooking
{
    public required int Index { get; init; }
    public required ServiceType Service { get; init; }
    public required Member Resident { get; init; }
    public required bool Elderly { get; init; }
    /// <summary>How the booking is placed: in the app, or phoned in. A resident the app turns away phones instead.</summary>
    public required Channel Channel { get; set; }
    public required OperatorActor Operator { get; init; }
    /// <summary>
    /// The create request as the resident sends it; an operator adds the resident's id. A
    /// booking addressed to one provider carries its items, so the app records the quote.
    /// </summary>
    public required CreateBookingRequest Request { get; set; }
    public required string IdempotencyKey { get; init; }
    public required Outcome Outcome { get; set; }
    public required ProviderActor? Acceptor { get; init; }
    public required ProviderActor? Rival { get; init; }
    public required PaymentMethod Payment { get; init; }
    public required RepairJob? RepairJob { get; init; }
    public required TimeSpan OrderAt { get; init; }

    /// <summary>The start of the current service window, from the day's midnight; moved by a reschedule.</summary>
    public required TimeSpan WindowStart { get; set; }

    public required TimeSpan WindowLength { get; init; }
    public MealDetails? Meal { get; set; }
    public Rivalry Rivalry { get; set; }
    public bool Duplicate { get; set; }

    /// <summary>True when the repair turns out to need a part, which the provider proposes on site.</summary>
    public bool NeedsParts { get; set; }
    public RescheduleRequest? Reschedule { get; set; }

    public bool Targeted => Request.ProviderId is not null;

    // Run state, written by the worker that runs this booking's steps one after another.
    public Guid? Id { get; set; }
    public string? Number { get; set; }
    public ProviderActor? AcceptedBy { get; set; }
    public decimal? Total { get; set; }
    public Guid? QuoteProposalId { get; set; }
    public Guid? PartsProposalId { get; set; }
    public bool PartsApproved { get; set; }
    public bool Failed { get; set; }
    public Task Tail { get; set; } = Task.CompletedTask;

    /// <summary>The status the booking should have once all its steps ran.</summary>
    public BookingStatus PlannedStatus => Outcome switch
    {
        Outcome.Settle or Outcome.RescheduleBeforeAccept or Outcome.RescheduleAfterAccept => BookingStatus.Settled,
        Outcome.CompleteOnly => BookingStatus.Completed,
        Outcome.StartOnly => BookingStatus.Started,
        Outcome.AcceptOnly => BookingStatus.Accepted,
        Outcome.CancelBeforeAccept or Outcome.CancelAfterAccept => BookingStatus.Cancelled,
        Outcome.ReschedulePending => BookingStatus.Rescheduled,
        Outcome.Decline => BookingStatus.Declined,
        _ => BookingStatus.Requested
    };

    /// <summary>True when the plan has the provider start the work.</summary>
    public bool GetsStarted => Outcome is Outcome.Settle or Outcome.CompleteOnly or Outcome.StartOnly
        or Outcome.RescheduleBeforeAccept or Outcome.RescheduleAfterAccept;

    /// <summary>True when the plan has the provider finish the work and bill it.</summary>
    public bool GetsCompleted => GetsStarted && Outcome != Outcome.StartOnly;

    /// <summary>True when the plan has a provider accept the booking at some point.</summary>
    public bool GetsAccepted => Outcome is not (Outcome.LeaveRequested or Outcome.Decline or Outcome.CancelBeforeAccept);
}

/// <summary>The bookings of the day and every step, in the order of their local times.</summary>
public sealed record DayPlan(IReadOnlyList<PlannedBooking> Bookings, IReadOnlyList<Step> Steps);
