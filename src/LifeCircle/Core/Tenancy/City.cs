namespace LifeCircle.Core.Tenancy;

/// <summary>
/// A prefecture-level city is one tenant. Its tenant id is its 4-digit division code,
/// for example 2101 for Shenyang.
/// </summary>
public static class City
{
    public const string Shenyang = "2101";

    public const string HeaderName = "X-City";

    public static bool IsCityCode(string? code) =>
        code is { Length: 4 } && code.StartsWith("21", StringComparison.Ordinal) && code.All(char.IsAsciiDigit);

    /// <summary>Returns the city code of a community, street or district code.</summary>
    public static string Of(string divisionCode) => divisionCode[..4];
}
