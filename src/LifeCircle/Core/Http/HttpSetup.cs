using System.Globalization;
using FluentValidation;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace LifeCircle.Core.Http;

/// <summary>Sign-in schemes, localization, problem details and JSON of the HTTP pipeline.</summary>
public static class HttpSetup
{
    public const string SmartScheme = "CookieOrBearer";

    /// <summary>
    /// The cultures a request may ask for. Every Chinese tag gets the Simplified Chinese texts
    /// (the neutral resources), so a browser that prefers any Chinese and lists English second
    /// still gets Chinese.
    /// </summary>
    public static readonly string[] Cultures = ["zh-CN", "zh", "zh-Hans", "zh-Hans-CN", "zh-Hant", "zh-HK", "zh-TW", "zh-SG", "en"];

    public static IServiceCollection AddLifeCircleHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddLocalization();
        services.AddExceptionHandler<ExceptionProblemHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context => Localize(context.ProblemDetails));

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/login";
                o.Cookie.Name = "lifecircle";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(8));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        ValidatorOptions.Global.LanguageManager = new ChineseWordingLanguageManager();
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : Text.Find($"Field_{member.Name}") ?? RequestValidation.FieldPath(member.Name);
        return services;
    }

    public static IApplicationBuilder UseLifeCircleLocalization(this IApplicationBuilder app)
    {
        var options = new RequestLocalizationOptions { ApplyCurrentCultureToResponseHeaders = true }
            .SetDefaultCulture(Cultures[0])
            .AddSupportedCultures(Cultures)
            .AddSupportedUICultures(Cultures);
        options.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider(),
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider()
        ];
        return app.UseRequestLocalization(options);
    }

    /// <summary>
    /// Fills in a localized title and detail for responses that carry only a status code, and
    /// rewrites the framework's unreadable-JSON response into one that names the field.
    /// </summary>
    private static void Localize(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem.Extensions.ContainsKey("code") || problem.Status is not { } status)
        {
            return;
        }

        if (status == StatusCodes.Status400BadRequest && JsonProblem.FieldOf(problem) is { } field)
        {
            JsonProblem.Rewrite(problem, field);
            return;
        }

        // Kestrel stops reading a chunked body at the size limit, and the framework then
        // responds with its own English 413.
        var code = status == StatusCodes.Status413PayloadTooLarge ? "Request_TooLarge" : $"Status_{status}";
        if (Text.Find(code) is not { } detail)
        {
            return;
        }

        // Wolverine rejects an unparseable route or query value with a bare 400 naming the parameter.
        if (status == StatusCodes.Status400BadRequest && problem.Extensions.TryGetValue("parameter", out var parameter)
            && parameter?.ToString() is { Length: > 0 } name)
        {
            code = "Request_InvalidParameter";
            detail = Text.Get(code, name);
        }

        problem.Title = Text.Get($"Title_{status}");
        problem.Detail = detail;
        problem.Type = $"urn:lifecircle:problem:{code}";
        problem.Extensions["code"] = code;
        problem.Extensions.Remove("traceId");
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static CultureInfo DefaultCulture => CultureInfo.GetCultureInfo(Cultures[0]);
}

/// <summary>
/// FluentValidation's own translations, with the Chinese "not null" message reworded: its
/// stock text ends in the English word "Null", which residents would not understand.
/// </summary>
public sealed class ChineseWordingLanguageManager : FluentValidation.Resources.LanguageManager
{
    public ChineseWordingLanguageManager()
    {
        foreach (var culture in new[] { "zh-CN", "zh", "zh-Hans" })
        {
            AddTranslation(culture, "NotNullValidator", "请填写“{PropertyName}”。");
            AddTranslation(culture, "NotEmptyValidator", "请填写“{PropertyName}”。");
        }
    }
}
