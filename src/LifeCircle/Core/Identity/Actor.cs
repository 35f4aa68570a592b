using System.Security.Claims;
using System.Text.Json.Serialization;

namespace LifeCircle.Core.Identity;

[JsonConverter(typeof(JsonStringEnumConverter<ActorRole>))]
public enum ActorRole
{
    Resident,
    Guardian,
    Operator,
    Provider,
    Admin,
    System
}

/// <summary>How a request reached the platform.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
public enum Channel
{
    App,
    Phone,
    WalkIn,
    System
}

/// <summary>
/// Who acted, recorded on every event. <see cref="ResidentId"/> is set when a resident
/// acts for themselves and <see cref="ProviderId"/> when a provider's account acts.
/// </summary>
public sealed record Actor(ActorRole Role, Guid AccountId, Channel Channel, Guid? ResidentId = null, Guid? ProviderId = null)
{
    public static readonly Actor System = new(ActorRole.System, Guid.Empty, Channel.System);
}

/// <summary>
/// The signed-in person behind a request, their city and the request time. For a resident
/// account, <paramref name="CaresFor"/> lists the residents it is a linked guardian of.
/// </summary>
public sealed record Caller(Actor Actor, string City, DateTimeOffset Now, IReadOnlyList<Guid>? CaresFor = null)
{
    public ActorRole Role => Actor.Role;

    public bool IsResident(Guid residentId) => Actor.Role == ActorRole.Resident && Actor.ResidentId == residentId;

    public bool IsGuardianOf(Guid residentId) =>
        Actor.Role == ActorRole.Resident && CaresFor is not null && CaresFor.Contains(residentId);

    /// <summary>True when a resident account acts for itself or for a resident it is guardian of.</summary>
    public bool ActsFor(Guid residentId) => IsResident(residentId) || IsGuardianOf(residentId);

    /// <summary>
    /// Returns the actor recorded on events about a resident: a resident account acting for
    /// someone else is recorded as that person's guardian.
    /// </summary>
    public Actor ActorFor(Guid residentId) =>
        Actor.Role == ActorRole.Resident && Actor.ResidentId != residentId
            ? Actor with { Role = ActorRole.Guardian }
            : Actor;

    public bool IsProvider(Guid? providerId) =>
        Actor.Role == ActorRole.Provider && providerId is not null && Actor.ProviderId == providerId;

    public bool IsOperator => Actor.Role == ActorRole.Operator;
}

public static class Roles
{
    public const string Resident = "resident";
    public const string Provider = "provider";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public const string ResidentOrOperator = Resident + "," + Operator;
    public const string Staff = Operator + "," + Admin;

    public static ActorRole ToActorRole(string role) => role switch
    {
        Resident => ActorRole.Resident,
        Provider => ActorRole.Provider,
        Operator => ActorRole.Operator,
        Admin => ActorRole.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.")
    };
}

public static class LifeCircleClaims
{
    public const string City = "city";
    public const string ResidentId = "resident_id";
    public const string ProviderId = "provider_id";

    public static Guid AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public static Guid? GuidClaim(this ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirstValue(type), out var id) ? id : null;
}
