using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifeCircle.Core.Http;

/// <summary>
/// Logs the outcome of every API command (each POST, PUT or DELETE under /api) with its
/// booking id, the acting role and the status code. Phone numbers never reach this log.
/// </summary>
public static class CommandLogging
{
    public static IApplicationBuilder UseCommandLogging(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);

        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || !request.Path.StartsWithSegments("/api"))
        {
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LifeCircle.Commands");
        // A created booking is named only by the Location header; other creates (staff members,
        // price cards) name other things there.
        var bookingId = context.Request.RouteValues["bookingId"]?.ToString()
                        ?? (request.Path.StartsWithSegments("/api/bookings")
                            ? context.Response.Headers.Location.ToString().Split('/').LastOrDefault()
                            : null);
        var role = context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "anonymous";
        var level = context.Response.StatusCode >= 500 ? LogLevel.Error : LogLevel.Information;
        logger.Log(level, "Command {Method} {Route} for booking {BookingId} by {Role} ended with {StatusCode}",
            request.Method, (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value,
            string.IsNullOrEmpty(bookingId) ? "-" : bookingId, role, context.Response.StatusCode);
    });
}
