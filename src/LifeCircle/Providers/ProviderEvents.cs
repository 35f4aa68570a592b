using System.Text.Json.Serialization;
using LifeCircle.Bookings;
using LifeCircle.Core.Identity;

namespace LifeCircle.Providers;

/// <summary>The credentials a staff member may hold; each expires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CredentialKind>))]
public enum CredentialKind
{
    /// <summary>National home-service credit record (家政信用查) number: criminal-record check and training.</summary>
    HomeServiceCreditRecord,

    /// <summary>Health certificate (健康证), required for meal and bathing staff.</summary>
    HealthCertificate,

    /// <summary>A vocational skill certificate, for example an electrician's.</summary>
    SkillCertificate
}

public sealed record ProviderRegistered(Guid ProviderId, string Name, ProviderKind Kind, ServiceType[] Services,
    string[] ServiceArea, string Phone, Actor By, DateTimeOffset At);

public sealed record ProviderServicesChanged(Guid ProviderId, ServiceType[] Services, string[] ServiceArea, Actor By, DateTimeOffset At);

public sealed record StaffMemberAdded(Guid ProviderId, Guid StaffId, string Name, ServiceType[] Services, Actor By, DateTimeOffset At);

public sealed record CredentialRecorded(Guid ProviderId, Guid StaffId, CredentialKind Kind, string Number, DateOnly ExpiresOn,
    Actor By, DateTimeOffset At);

public sealed record ProviderVerified(Guid ProviderId, Actor By, DateTimeOffset At);

public sealed record ProviderSuspended(Guid ProviderId, string Reason, Actor By, DateTimeOffset At);

public sealed record ProviderReinstated(Guid ProviderId, Actor By, DateTimeOffset At);

/// <summary>A new version of the whole price card, to take effect at <paramref name="EffectiveFrom"/>.</summary>
public sealed record PriceCardPublished(Guid ProviderId, int Version, DateTimeOffset EffectiveFrom, PriceItem[] Items,
    Actor By, DateTimeOffset At);

/// <summary>A published card version became the one in effect; new quotes use it from now on.</summary>
public sealed record PriceCardTookEffect(Guid ProviderId, int Version, DateTimeOffset At);
