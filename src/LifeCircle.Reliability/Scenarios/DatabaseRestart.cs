using System.Collections.Concurrent;
using System.Diagnostics;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Restarts PostgreSQL with <c>pg_ctl restart -m fast</c> several times while clients create
/// bookings. The app must recover without a restart of its own, respond to every failure
/// with problem details, and keep every booking it acknowledged with 201. Clients retry a failed
/// create with the same <c>Idempotency-Key</c>, as a careful client would, so a retry never
/// books twice.
/// </summary>
public static class DatabaseRestart
{
    public const string Name = "1. Database restart";
    private const int MaxAttemptsPerBooking = 40;

    public static async Task<ScenarioResult> RunAsync(Lab lab, RestartSizes sizes, Action<string> log, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        await using var app = await lab.DeployAsync("rel_restart", 1, null, cancellation);
        var node = app.Nodes[0];
        var residents = await People.SignInResidentsAsync(app, Math.Min(sizes.Clients, People.ResidentPhones.Length), cancellation);
        var operatorToken = await app.Api.SignInWithPasswordAsync(app.First, "operator1", cancellation);
        var adminToken = await app.Api.SignInWithPasswordAsync(app.First, "admin", cancellation);

        var acknowledged = new ConcurrentDictionary<Guid, string>();
        var uncleanErrors = 0;
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        async Task ClientAsync(int client)
        {
            var resident = residents[client % residents.Count];
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                var key = $"restart-{client}-{n}";
                var body = BookingBodies.Repair($"[{key}]").ToJsonString();
                for (var attempt = 1; attempt <= MaxAttemptsPerBooking && !stopLoad.IsCancellationRequested; attempt++)
                {
                    result.CountTried();
                    var reply = await app.Api.PostJsonAsync(node.BaseAddress, "/api/bookings", resident.Token, body, CancellationToken.None,
                        new Dictionary<string, string> { ["Idempotency-Key"] = key });
                    if (reply.Status == 201)
                    {
                        acknowledged[reply.Json!["id"]!.GetValue<Guid>()] = key;
                        break;
                    }

                    result.CountFailed();
                    if (reply.IsServerError)
                    {
                        result.CountServerError();
                    }

                    if (!reply.IsTransportFailure && !reply.IsProblemDetails)
                    {
                        Interlocked.Increment(ref uncleanErrors);
                        result.Violation($"response without problem details: {reply.Describe()}");
                    }

                    if (reply.Status is >= 400 and < 500 and not 409)
                    {
                        result.Violation($"create {key} rejected with {reply.Describe()}");
                        break;
                    }

                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }

        var clients = Enumerable.Range(0, sizes.Clients).Select(i => Task.Run(() => ClientAsync(i), CancellationToken.None)).ToArray();
        var recoveries = new List<TimeSpan>();
        var firstWrites = new List<TimeSpan>();
        for (var restart = 1; restart <= sizes.Restarts; restart++)
        {
            await Task.Delay(sizes.LoadBetweenRestarts, cancellation);
            var before = acknowledged.Count;
            var clock = Stopwatch.StartNew();
            await lab.Cluster.RestartAsync(cancellation);
            var restarted = clock.Elapsed;

            var ready = await Poll.UntilAsync(() => IsReadyAsync(app, cancellation), sizes.RecoveryBound, cancellation);
            var written = await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count > before), sizes.RecoveryBound, cancellation);
            if (ready is null)
            {
                result.Violation($"restart {restart}: /health/ready did not return 200 within {sizes.RecoveryBound.TotalSeconds:0} s");
            }

            if (written is null)
            {
                result.Violation($"restart {restart}: no booking was created within {sizes.RecoveryBound.TotalSeconds:0} s");
            }

            recoveries.Add(restarted + (ready ?? sizes.RecoveryBound));
            firstWrites.Add(restarted + (written ?? sizes.RecoveryBound));
            log($"restart {restart}: pg_ctl took {restarted.TotalSeconds:0.0} s, ready after {ready?.TotalSeconds:0.0} s more, " +
                $"first new booking after {written?.TotalSeconds:0.0} s more; {acknowledged.Count} bookings acknowledged so far");
        }

        await Task.Delay(sizes.LoadBetweenRestarts, cancellation);
        await stopLoad.CancelAsync();
        await Task.WhenAll(clients);

        if (node.HasExited)
        {
            result.Violation($"the app process exited instead of recovering; last lines of {node.LogFile}:\n{node.Tail(20)}");
        }

        await CheckNothingLostAsync(app, operatorToken, acknowledged, result, cancellation);
        var differences = await Dashboard.WaitUntilTrueAsync(app, node.BaseAddress, adminToken, TimeSpan.FromSeconds(90), cancellation);
        foreach (var difference in differences)
        {
            result.Violation($"the dashboard projection did not catch up after the restarts: {difference}");
        }

        result.Figure("restarts", sizes.Restarts.ToString());
        result.Figure("bookings acknowledged", acknowledged.Count.ToString());
        result.Figure("5xx responses that were not problem details", uncleanErrors.ToString());
        result.Figure("restart to ready (max)", $"{recoveries.DefaultIfEmpty().Max().TotalSeconds:0.0} s");
        result.Figure("restart to first new booking (max)", $"{firstWrites.DefaultIfEmpty().Max().TotalSeconds:0.0} s");
        result.Figure("request attempts the app ran again after a database error", node.CountLogLines("running the request again").ToString());
        result.Figure("unhandled errors logged by the app", app.CountUnhandledErrors().ToString());
        return result.Finish();
    }

    /// <summary>
    /// Reads every acknowledged booking back through the API, then counts bookings per
    /// idempotency key in the read model: a key with two bookings is a duplicate.
    /// </summary>
    private static async Task CheckNothingLostAsync(Deployment app, string operatorToken, ConcurrentDictionary<Guid, string> acknowledged,
        ScenarioResult result, CancellationToken cancellation)
    {
        var lost = 0;
        foreach (var (id, key) in acknowledged)
        {
            var reply = await app.Api.GetAsync(app.First, $"/api/bookings/{id}", operatorToken, cancellation);
            if (reply.Status != 200)
            {
                lost++;
                result.Violation($"booking {id} ({key}) was acknowledged with 201 but reads back as {reply.Describe()}");
            }
        }

        result.Lost = lost;
        var perKey = await app.QueryAsync(
            """
            select substring(data->'Details'->'Repair'->>'Symptom' from '\[(restart-[0-9]+-[0-9]+)\]') as key, count(*)
            from lifecircle.mt_doc_bookingview group by 1
            """,
            r => (Key: r.IsDBNull(0) ? "" : r.GetString(0), Count: r.GetInt64(1)), cancellation);
        result.Duplicated = perKey.Where(k => k.Key.Length > 0 && k.Count > 1).Sum(k => k.Count - 1);
        var stored = perKey.Count(k => k.Key.Length > 0);
        if (stored > acknowledged.Count)
        {
            result.Note($"{stored - acknowledged.Count} bookings were stored although their client saw no 201 (their last retry was cut off by the end of the load)");
        }
    }

    private static async Task<bool> IsReadyAsync(Deployment app, CancellationToken cancellation) =>
        (await app.Api.GetAsync(app.First, "/health/ready", null, cancellation)).Status == 200;
}
