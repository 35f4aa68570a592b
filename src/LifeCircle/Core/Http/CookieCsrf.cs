using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifeCircle.Core.Http;

/// <summary>
/// Requires the antiforgery token in the <c>RequestVerificationToken</c> header on API changes
/// that the sign-in cookie authenticates, because a browser sends that cookie on cross-site
/// posts too. Bearer-token requests need no token: browsers never attach bearer tokens by
/// themselves.
/// </summary>
public static class CookieCsrf
{
    public const string HeaderName = "RequestVerificationToken";

    public static IServiceCollection AddCookieCsrf(this IServiceCollection services) =>
        services.AddAntiforgery(o => o.HeaderName = HeaderName);

    public static IApplicationBuilder UseCookieCsrf(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var needsToken = request.Path.StartsWithSegments("/api")
                         && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                         && !HttpMethods.IsOptions(request.Method)
                         && context.User.Identity?.IsAuthenticated == true
                         && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (needsToken)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CookieCsrf))
                    .LogWarning("Rejected a cookie-authenticated {Method} {Path} without a valid antiforgery token",
                        request.Method, request.Path);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(Problems.BadRequest("Csrf_Invalid"), ApiJson.Options,
                    "application/problem+json");
                return;
            }
        }

        await next(context);
    });
}
