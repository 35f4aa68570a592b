using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Pages;

/// <summary>The text sizes a reader can choose. site.js and site.css use the same names and cookie.</summary>
public static class FontSizes
{
    public const string Cookie = "lc-font-size";
    public const string Standard = "standard";

    public static readonly IReadOnlyList<(string Value, string Label)> Choices =
        [(Standard, "标准"), ("large", "大"), ("xlarge", "特大")];

    public static string Of(HttpRequest request) =>
        request.Cookies[Cookie] is { } value && Choices.Any(c => c.Value == value) ? value : Standard;
}

/// <summary>
/// Stores the chosen text size in a cookie for a year. With JavaScript the choice applies
/// at once without this round trip, so a half-filled form keeps its input.
/// </summary>
[AllowAnonymous]
public sealed class FontSizeModel : LifeCirclePageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(LocalOr(returnUrl, "/"));

    public IActionResult OnPost(string? size, string? returnUrl)
    {
        var value = FontSizes.Choices.Any(c => c.Value == size) ? size! : FontSizes.Standard;
        Response.Cookies.Append(FontSizes.Cookie, value, new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = "/"
        });
        return LocalRedirect(LocalOr(returnUrl, "/"));
    }
}
