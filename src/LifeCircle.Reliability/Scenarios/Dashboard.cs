using System.Diagnostics;
using System.Text.Json.Nodes;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>The counts of one day that the dashboard shows and that the event store can recount.</summary>
public sealed record DayCounts(int Requested, int Accepted, int Cancelled, int Expired, int Completed)
{
    public override string ToString() =>
        $"requested {Requested}, accepted {Accepted}, cancelled {Cancelled}, expired {Expired}, completed {Completed}";
}

/// <summary>
/// Compares the asynchronous <c>DailyStats</c> projection, read through
/// <c>GET /api/dashboard/{date}</c>, with counts taken straight from the events.
/// </summary>
public static class Dashboard
{
    /// <summary>Counts the Shenyang tenant's booking events per Asia/Shanghai day of their <c>At</c> time.</summary>
    public static async Task<Dictionary<string, DayCounts>> TruthAsync(Deployment app, CancellationToken cancellation)
    {
        var rows = await app.QueryAsync(
            """
            select to_char(((data->>'At')::timestamptz at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, type, count(*)
            from lifecircle.mt_events
            where tenant_id = '2101'
              and type in ('booking_requested', 'booking_accepted', 'booking_cancelled', 'booking_expired', 'booking_completed')
            group by 1, 2
            """,
            r => (Day: r.GetString(0), Type: r.GetString(1), Count: (int)r.GetInt64(2)), cancellation);

        return rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g =>
        {
            int Count(string type) => g.Where(r => r.Type == type).Sum(r => r.Count);
            return new DayCounts(Count("booking_requested"), Count("booking_accepted"), Count("booking_cancelled"),
                Count("booking_expired"), Count("booking_completed"));
        });
    }

    /// <summary>Reads one day's statistics through the API as an administrator, or null when the request fails.</summary>
    public static async Task<DayCounts?> ReadAsync(ApiClient api, Uri node, string adminToken, string day, CancellationToken cancellation)
    {
        var reply = await api.GetAsync(node, $"/api/dashboard/{day}", adminToken, cancellation);
        if (reply.Status != 200 || reply.Json is not JsonObject stats)
        {
            return null;
        }

        int Count(string name) => stats[name]?.GetValue<int>() ?? 0;
        return new DayCounts(Count("requested"), Count("accepted"), Count("cancelled"), Count("expired"), Count("completed"));
    }

    /// <summary>
    /// Waits until the dashboard shows the recounted truth for every day that has booking
    /// events, and returns the days that still differ after <paramref name="bound"/>.
    /// </summary>
    public static async Task<List<string>> WaitUntilTrueAsync(Deployment app, Uri node, string adminToken, TimeSpan bound,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var differences = new List<string>();
        while (true)
        {
            differences.Clear();
            foreach (var (day, truth) in await TruthAsync(app, cancellation))
            {
                var shown = await ReadAsync(app.Api, node, adminToken, day, cancellation);
                if (shown != truth)
                {
                    differences.Add($"{day}: dashboard shows {shown?.ToString() ?? "nothing"}, events say {truth}");
                }
            }

            if (differences.Count == 0 || clock.Elapsed > bound)
            {
                return differences;
            }

            await Task.Delay(1000, cancellation);
        }
    }
}
