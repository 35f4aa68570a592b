using System.Globalization;
using System.Resources;

namespace LifeCircle.Core.Localization;

/// <summary>
/// User-facing text in the request's UI culture: Simplified Chinese by default, English
/// when the request's Accept-Language asks for it. Request localization sets the culture,
/// so pure decision code can build localized messages without services.
/// </summary>
public static class Text
{
    private static readonly ResourceManager Resources =
        new("LifeCircle.Core.Localization.Messages", typeof(Text).Assembly);

    public static string Get(string key, params object?[] args)
    {
        var format = Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return args.Length == 0 ? format : string.Format(CultureInfo.CurrentUICulture, format, args);
    }

    /// <summary>Returns the text of a key, or null when no text is defined for it.</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);

    /// <summary>Returns the display name of an enum value, such as a booking status.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Find($"{typeof(TEnum).Name}_{value}") ?? value.ToString();
}
