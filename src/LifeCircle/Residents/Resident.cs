using System.Text.Json.Serialization;
using LifeCircle.Bookings;
using LifeCircle.Core.Identity;

namespace LifeCircle.Residents;

/// <summary>How a resident gave consent: in the app, or by speaking to an operator on the phone.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsentForm>))]
public enum ConsentForm
{
    InApp,
    VerbalToOperator
}

/// <summary>
/// A resident's consent to one use of their personal data: who recorded it, how it was
/// given, for what purpose and when.
/// </summary>
public sealed record Consent(ConsentForm Form, string Purpose, Guid RecordedBy, ActorRole RecordedByRole, DateTimeOffset At);

public static class ConsentPurposes
{
    /// <summary>Elder attributes decide priority in the job queue and what providers prepare.</summary>
    public const string ElderPriority = "ElderPriority";

    /// <summary>A guardian may book for the resident, see their bookings and receive their notifications.</summary>
    public const string Guardianship = "Guardianship";
}

// Events of the resident stream. Personal data sits in settable properties so that
// erasure can overwrite it in stored events (Marten's protected-information masking).

public sealed class ResidentRegistered
{
    public Guid ResidentId { get; set; }
    public string Name { get; set; } = "";
    public string Mobile { get; set; } = "";
    public string? Landline { get; set; }
    public string? CommunityCode { get; set; }
    public string? Address { get; set; }
    public int? BirthYear { get; set; }
    public Actor By { get; set; } = Actor.System;
    public DateTimeOffset At { get; set; }
}

public sealed class ResidentContactChanged
{
    public Guid ResidentId { get; set; }
    public string Name { get; set; } = "";
    public string Mobile { get; set; } = "";
    public string? Landline { get; set; }
    public string? CommunityCode { get; set; }
    public string? Address { get; set; }
    public int? BirthYear { get; set; }
    public Actor By { get; set; } = Actor.System;
    public DateTimeOffset At { get; set; }
}

/// <summary>Sensitive attributes (living alone, disability, mobility, diet), recorded only with consent.</summary>
public sealed class ElderAttributesRecorded
{
    public Guid ResidentId { get; set; }
    public bool LivesAlone { get; set; }
    public bool HasDisability { get; set; }
    public MobilityLevel? Mobility { get; set; }
    public DietNeed[] Diet { get; set; } = [];
    public Consent Consent { get; set; } = null!;
    public Actor By { get; set; } = Actor.System;
    public DateTimeOffset At { get; set; }
}

public sealed class GuardianLinked
{
    public Guid ResidentId { get; set; }
    public Guid GuardianAccountId { get; set; }
    public string GuardianName { get; set; } = "";
    public string GuardianPhone { get; set; } = "";
    public string Relationship { get; set; } = "";
    public Consent Consent { get; set; } = null!;
    public Actor By { get; set; } = Actor.System;
    public DateTimeOffset At { get; set; }
}

public sealed record GuardianUnlinked(Guid ResidentId, Guid GuardianAccountId, Actor By, DateTimeOffset At);

/// <summary>The resident's personal data was erased; the guardians listed lose their link.</summary>
public sealed record ResidentErased(Guid ResidentId, Guid[] GuardianAccountIds, string Reason, Actor By, DateTimeOffset At);
