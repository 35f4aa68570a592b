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

/// <summary>One line of a provider's posted price card: item, what it includes, unit and price.</summary>
public sealed record PriceItem(string Code, ServiceType Service, string Name, string Includes, string Unit, Money Price);

/// <summary>
/// A registered provider of a city: what it offers, where, and its posted prices.
/// An empty <see cref="ServiceArea"/> means every community of the city.
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
    public List<PriceItem> PriceCard { get; set; } = [];

    public bool Offers(ServiceType service) => Services.Contains(service);

    public bool Covers(string communityCode) => ServiceArea.Count == 0 || ServiceArea.Contains(communityCode);
}
