using System.Text.Json.Serialization;
using LifeCircle.Bookings;
using LifeCircle.Core;

namespace LifeCircle.Providers;

[JsonConverter(typeof(JsonStringEnumConverter<ProviderKind>))]
public enum ProviderKind
{
    Company,
    Craftsman,
    CommunityCanteen,
    CareOrganisation,
    VolunteerTeam
}

/// <summary>How a posted price is counted; it decides which quantities a bill may use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PriceUnit>))]
public enum PriceUnit
{
    /// <summary>Per hour, billed in half hours.</summary>
    PerHour,

    /// <summary>A fixed price for the whole job: quantity 1.</summary>
    PerJob,

    /// <summary>Per meal portion: whole numbers.</summary>
    PerPortion,

    /// <summary>Per square metre of floor or glass: up to one decimal.</summary>
    PerSquareMetre,

    /// <summary>Per kilometre beyond the free distance: up to one decimal.</summary>
    PerKmBeyond,

    /// <summary>Per piece (a pair of shoes, a key, an appliance): whole numbers.</summary>
    PerPiece
}

/// <summary>What kind of charge a price item is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeeKind>))]
public enum FeeKind
{
    /// <summary>The service itself.</summary>
    Service,

    /// <summary>A visit fee charged only when the job ends at inspection, never on top of a repair.</summary>
    InspectionVisitFee,

    /// <summary>Parts at the posted retail price.</summary>
    PartsAtRetail
}

/// <summary>
/// One line of a provider's posted price card (明码标价): the service item, what it includes,
/// the unit as shown (<see cref="Unit"/>, for example 小时 or 双), how it is counted
/// (<see cref="UnitKind"/>) and the price. <see cref="Comparable"/> names the catalogue item it
/// can be compared with across providers, for statistics and guidance prices.
/// </summary>
public sealed record PriceItem(
    string Code,
    ServiceType Service,
    string Name,
    string Includes,
    string Unit,
    Money Price,
    PriceUnit UnitKind = PriceUnit.PerJob,
    FeeKind Fee = FeeKind.Service,
    string? Comparable = null,
    decimal? FreeDistanceKm = null);

/// <summary>One published version of a price card.</summary>
public sealed record PriceCardVersion(int Version, DateTimeOffset EffectiveFrom, PriceItem[] Items, DateTimeOffset PublishedAt,
    DateTimeOffset? TookEffectAt);

public sealed record StaffCredential(CredentialKind Kind, string Number, DateOnly ExpiresOn);

public sealed record StaffMember(Guid Id, string Name, List<ServiceType> Services, List<StaffCredential> Credentials);

/// <summary>
/// A registered provider of a city, projected from its stream: what it offers, where, its
/// staff and their credentials, its verification, and its posted price card. An empty
/// <see cref="ServiceArea"/> means every community of the city.
/// </summary>
public sealed class Provider
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public ProviderKind Kind { get; set; }
    public List<ServiceType> Services { get; set; } = [];
    public List<string> ServiceArea { get; set; } = [];
    public string Phone { get; set; } = "";
    public bool Verified { get; set; }
    public bool Suspended { get; set; }
    public string? SuspensionReason { get; set; }
    public List<StaffMember> Staff { get; set; } = [];

    /// <summary>The card in effect now, and its version (0 before the first card takes effect).</summary>
    public List<PriceItem> PriceCard { get; set; } = [];
    public int CardVersion { get; set; }
    public DateTimeOffset? CardChangedAt { get; set; }
    public List<PriceCardVersion> CardVersions { get; set; } = [];

    public bool MayAcceptJobs => Verified && !Suspended;

    public bool Offers(ServiceType service) => Services.Contains(service);

    public bool Covers(string communityCode) => ServiceArea.Count == 0 || ServiceArea.Contains(communityCode);

    public PriceCardVersion? VersionOf(int version) => CardVersions.FirstOrDefault(v => v.Version == version);

    /// <summary>Returns a copy for other callers: staff names and credential validity, without credential numbers.</summary>
    public Provider PublicView()
    {
        var copy = (Provider)MemberwiseClone();
        copy.Staff = Staff
            .Select(s => s with { Credentials = s.Credentials.Select(c => c with { Number = "" }).ToList() })
            .ToList();
        return copy;
    }
}
