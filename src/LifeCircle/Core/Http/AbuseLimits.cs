using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace LifeCircle.Core.Http;

/// <summary>Limits against abuse, bound from the <c>LifeCircle:Limits</c> section.</summary>
public sealed class AbuseLimitOptions
{
    public const string Section = "LifeCircle:Limits";

    /// <summary>One-time code requests per client IP address in <see cref="CodeSendWindow"/>.</summary>
    public int CodeSendsPerAddress { get; set; } = 20;
    public TimeSpan CodeSendWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bookings a resident account may create per hour; operators book for many callers and get more.</summary>
    public int BookingsPerResidentPerHour { get; set; } = 30;
    public int BookingsPerOperatorPerHour { get; set; } = 3000;

    /// <summary>The largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}

public static class AbuseLimits
{
    public const string CodeSendPolicy = "code-send";
    public const string BookingCreatePolicy = "booking-create";

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new AbuseLimitOptions();
        configuration.GetSection(AbuseLimitOptions.Section).Bind(options);
        services.AddSingleton(options);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellation) => WriteRejectionAsync(context, cancellation);

            // A request without a remote address never crossed a network (an in-process test
            // server), so it has no address to limit; the per-number limit still applies.
            limiter.AddPolicy(CodeSendPolicy, http => http.Connection.RemoteIpAddress is not { } address
                ? RateLimitPartition.GetNoLimiter("in-process")
                : RateLimitPartition.GetFixedWindowLimiter(address.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.CodeSendsPerAddress,
                    Window = options.CodeSendWindow,
                    QueueLimit = 0
                }));

            limiter.AddPolicy(BookingCreatePolicy, http =>
            {
                var account = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
                var isOperator = http.User.IsInRole(Roles.Operator);
                return RateLimitPartition.GetSlidingWindowLimiter(account, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = isOperator ? options.BookingsPerOperatorPerHour : options.BookingsPerResidentPerHour,
                    Window = TimeSpan.FromHours(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0
                });
            });
        });
        return services;
    }

    /// <summary>Rejects bodies over the configured size with 413, also where the server sets no limit of its own.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<AbuseLimitOptions>().MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            var problem = Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request_TooLarge");
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsJsonAsync(problem, ApiJson.Options, "application/problem+json");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    });

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellation)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(Problems.TooManyRequests("RateLimit_Exceeded", seconds), ApiJson.Options,
            "application/problem+json", cancellation);
    }
}

public static class SecurityHeaders
{
    /// <summary>Sets headers that stop framing, content sniffing and referrer leaks on every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
