using JasperFx.Events.Projections;
using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Time;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Dashboard;

/// <summary>
/// One local (Asia/Shanghai) day of a city's bookings for administrators: requests by
/// service and channel, elder-priority requests, cancellations, completions and money
/// settled by payment method. Keyed by the date, yyyy-MM-dd, within the city's tenant.
/// </summary>
public sealed class DailyStats
{
    public string Id { get; set; } = "";
    public int Requested { get; set; }
    public Dictionary<ServiceType, int> RequestedByService { get; set; } = [];
    public Dictionary<Channel, int> RequestedByChannel { get; set; } = [];
    public int ElderPriority { get; set; }
    public int Accepted { get; set; }
    public int Cancelled { get; set; }
    public int Expired { get; set; }
    public int Completed { get; set; }
    public decimal Billed { get; set; }
    public Dictionary<PaymentMethod, decimal> SettledByMethod { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Builds <see cref="DailyStats"/> in the background. It is the application's asynchronous
/// projection on purpose: a dashboard may lag a little behind, and several nodes share the
/// work (Wolverine runs it on exactly one node at a time).
/// </summary>
public sealed partial class DailyStatsProjection : MultiStreamProjection<DailyStats, string>
{
    public DailyStatsProjection()
    {
        Identity<BookingRequested>(e => Day(e.At));
        Identity<BookingAccepted>(e => Day(e.At));
        Identity<BookingCancelled>(e => Day(e.At));
        Identity<BookingExpired>(e => Day(e.At));
        Identity<BookingCompleted>(e => Day(e.At));
        Identity<BookingSettled>(e => Day(e.At));
    }

    public static string Day(DateTimeOffset at) => ShanghaiTime.Today(at).ToString("yyyy-MM-dd");

    public static DailyStats Apply(BookingRequested e, DailyStats stats)
    {
        stats.Requested++;
        stats.RequestedByService[e.Service] = stats.RequestedByService.GetValueOrDefault(e.Service) + 1;
        stats.RequestedByChannel[e.By.Channel] = stats.RequestedByChannel.GetValueOrDefault(e.By.Channel) + 1;
        if (e.Priority != Bookings.ElderPriority.None)
        {
            stats.ElderPriority++;
        }

        stats.UpdatedAt = e.At;
        return stats;
    }

    public static DailyStats Apply(BookingAccepted e, DailyStats stats)
    {
        stats.Accepted++;
        stats.UpdatedAt = e.At;
        return stats;
    }

    public static DailyStats Apply(BookingCancelled e, DailyStats stats)
    {
        stats.Cancelled++;
        stats.UpdatedAt = e.At;
        return stats;
    }

    public static DailyStats Apply(BookingExpired e, DailyStats stats)
    {
        stats.Expired++;
        stats.UpdatedAt = e.At;
        return stats;
    }

    public static DailyStats Apply(BookingCompleted e, DailyStats stats)
    {
        stats.Completed++;
        stats.Billed += e.Total.Yuan;
        stats.UpdatedAt = e.At;
        return stats;
    }

    public static DailyStats Apply(BookingSettled e, DailyStats stats)
    {
        stats.SettledByMethod[e.Method] = stats.SettledByMethod.GetValueOrDefault(e.Method) + e.Amount.Yuan;
        stats.UpdatedAt = e.At;
        return stats;
    }
}

public static class DashboardEndpoints
{
    /// <summary>The day's statistics of the administrator's city; empty for a day without bookings.</summary>
    [Authorize(Roles = Roles.Admin)]
    [WolverineGet("/api/dashboard/{date}", OperationId = "getDailyStats")]
    public static async Task<IResult> Get(string date, IQuerySession session, CancellationToken cancellation)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out _))
        {
            return Results.Problem(Problems.BadRequest("Dashboard_DateFormat"));
        }

        return Results.Ok(await session.LoadAsync<DailyStats>(date, cancellation) ?? new DailyStats { Id = date });
    }

    public static StoreOptions AddDashboard(this StoreOptions options)
    {
        options.Projections.Add<DailyStatsProjection>(ProjectionLifecycle.Async);
        // How often the daemon looks for new events: while the high-water mark moves (the
        // default of JasperFx.Events 2.102 is 250 ms), and otherwise (1 s). Each look is one small
        // query. Under steady load most waits were the slow one: with the defaults the lag at
        // 500 bookings/s was spread evenly up to 1 s, with these it stays under 0.3 s
        // (ops/bench, see docs/benchmarks.md).
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        return options;
    }
}
