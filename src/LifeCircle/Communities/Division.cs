using System.Text.Json.Serialization;

namespace LifeCircle.Communities;

[JsonConverter(typeof(JsonStringEnumConverter<DivisionLevel>))]
public enum DivisionLevel
{
    City,
    District,
    Street,
    Community
}

/// <summary>
/// An administrative division of Liaoning (National Bureau of Statistics codes, 2023):
/// city (4 digits), district or county (6), street or town (9), community or village (12).
/// </summary>
public sealed class Division
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public DivisionLevel Level { get; set; }
    public string? ParentCode { get; set; }
    public string CityCode { get; set; } = "";

    /// <summary>True for urban communities (社区); false for villages and other level-4 units.</summary>
    public bool IsUrbanCommunity { get; set; }
}
