using System.Diagnostics;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Kills the only app node with SIGKILL again and again while residents create and cancel
/// bookings and providers accept them, and starts a new node on the same database after each
/// kill. Afterwards every booking that got a 201 must exist with every accept and cancel that
/// got a 200. Requests cut off by a kill may or may not have committed, but nothing may be
/// half-written. A retry with the same idempotency key must yield exactly one booking, and
/// the read models and the dashboard projection must agree with the event streams.
/// </summary>
public static class AppCrash
{
    public const string Name = "6. App crash";

    public static async Task<ScenarioResult> RunAsync(Lab lab, CrashSizes sizes, Action<string> log, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        await using var app = await lab.DeployAsync("rel_crash", 1, null, cancellation);
        var adminToken = await app.Api.SignInWithPasswordAsync(app.First, "admin", cancellation);
        var operatorToken = await app.Api.SignInWithPasswordAsync(app.First, "operator1", cancellation);
        var residents = await People.SignInResidentsAsync(app, Math.Min(sizes.ResidentClients, People.ResidentPhones.Length), cancellation);
        var providers = new List<SignedInProvider>();
        foreach (var phone in People.RepairProviderPhones)
        {
            providers.Add(await People.SignInProviderAsync(app, phone, cancellation));
        }

        var gate = new NodeGate(app.Nodes[0]);
        var load = new AppCrashLoad(app, gate, residents, providers, result);
        var (node, lastReady) = await KillRepeatedlyAsync(app, gate, load, sizes, result, log, cancellation);

        if (node.HasExited)
        {
            result.Violation($"{node.Name} exited after the load; last lines of {node.LogFile}:\n{node.Tail(20)}");
            return result.Finish();
        }

        await load.RetryPendingAsync(node);
        await AppCrashChecks.CheckAcknowledgedAsync(app, node.BaseAddress, operatorToken, load, result, cancellation);
        await AppCrashChecks.CheckNothingHalfWrittenAsync(app, load, result, cancellation);
        await CheckProjectionCatchesUpAsync(app, node, adminToken, sizes, lastReady, result, log, cancellation);

        Report(load, result);
        result.Figure("unhandled errors logged by the app", app.CountUnhandledErrors().ToString());
        return result.Finish();
    }

    /// <summary>
    /// Runs the load, kills the current node <see cref="CrashSizes.Kills"/> times after a random
    /// 1–4 s of load each, and starts the next node on the same database. Returns the node that
    /// is left and a clock started when it was ready.
    /// </summary>
    private static async Task<(AppNode Node, Stopwatch SinceReady)> KillRepeatedlyAsync(Deployment app, NodeGate gate, AppCrashLoad load,
        CrashSizes sizes, ScenarioResult result, Action<string> log, CancellationToken cancellation)
    {
        var random = new Random(sizes.Seed);
        var node = app.Nodes[0];
        var sinceReady = Stopwatch.StartNew();
        var toReady = new List<TimeSpan>();
        var toFirstWrite = new List<TimeSpan>();
        var cutOffPerKill = new List<long>();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var clients = load.Start(sizes.ResidentClients, stopLoad.Token);
        try
        {
            for (var kill = 1; kill <= sizes.Kills; kill++)
            {
                await Task.Delay(LoadTime(random, sizes), cancellation);
                var cutOffBefore = load.CutOff;
                gate.Close();
                var clock = Stopwatch.StartNew();
                node.Kill();
                await WaitForExitAsync(node, cancellation);

                node = await app.StartNodeAsync(cancellation);
                var ready = clock.Elapsed;

                // Read while the gate is closed and no request is in flight, so only creates sent to the new node count.
                var acknowledgedBefore = load.AcknowledgedCreates;
                sinceReady.Restart();
                gate.Open(node);
                var written = await Poll.UntilAsync(() => Task.FromResult(load.AcknowledgedCreates > acknowledgedBefore),
                    TimeSpan.FromSeconds(30), cancellation);
                if (written is null)
                {
                    result.Violation($"kill {kill}: no create was acknowledged within 30 s after {node.Name} was ready");
                }

                toReady.Add(ready);
                toFirstWrite.Add(written ?? TimeSpan.FromSeconds(30));
                cutOffPerKill.Add(load.CutOff - cutOffBefore);
                log($"kill {kill}: {cutOffPerKill[^1]} requests cut off, {node.Name} ready {ready.TotalSeconds:0.0} s after the kill, " +
                    $"first create acknowledged {written?.TotalSeconds:0.0} s later; {load.AcknowledgedCreates} creates acknowledged so far");
            }

            // A last stretch of load on the surviving node, so the final state does not end at a kill.
            await Task.Delay(LoadTime(random, sizes), cancellation);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await Task.WhenAll(clients);
        }

        result.Figure("kills", sizes.Kills.ToString());
        result.Figure("requests cut off by the kills", $"{load.CutOff} (max {cutOffPerKill.DefaultIfEmpty().Max()} at one kill)");
        result.Figure("kill to new node ready (max / median)", $"{Max(toReady):0.0} s / {Median(toReady):0.0} s");
        result.Figure("ready to first acknowledged create (max)", $"{Max(toFirstWrite):0.00} s");
        return (node, sinceReady);
    }

    private static TimeSpan LoadTime(Random random, CrashSizes sizes) =>
        sizes.MinLoad + (sizes.MaxLoad - sizes.MinLoad) * random.NextDouble();

    /// <summary>Waits until the killed process is gone, so the next node never overlaps it.</summary>
    private static async Task WaitForExitAsync(AppNode node, CancellationToken cancellation)
    {
        if (await Poll.UntilAsync(() => Task.FromResult(node.HasExited), TimeSpan.FromSeconds(10), cancellation) is null)
        {
            throw new InvalidOperationException($"{node.Name} (pid {node.ProcessId}) was still running 10 s after SIGKILL");
        }
    }

    /// <summary>
    /// Waits until the asynchronous <c>DailyStats</c> projection has processed every event in
    /// the store and the dashboard equals a recount of the events.
    /// </summary>
    private static async Task CheckProjectionCatchesUpAsync(Deployment app, AppNode node, string adminToken, CrashSizes sizes,
        Stopwatch sinceReady, ScenarioResult result, Action<string> log, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var caughtUp = await Poll.UntilAsync(async () =>
        {
            var (projected, highest) = await AppCrashChecks.ProgressAsync(app, cancellation);
            return projected >= highest;
        }, sizes.CatchUpBound, cancellation);
        var (lastProjected, lastHighest) = await AppCrashChecks.ProgressAsync(app, cancellation);
        if (caughtUp is null)
        {
            result.Violation($"the DailyStats projection did not catch up within {sizes.CatchUpBound.TotalSeconds:0} s: " +
                             $"it has processed events up to {lastProjected}, the store holds events up to {lastHighest}");
        }

        var remaining = sizes.CatchUpBound - clock.Elapsed;
        var differences = await Dashboard.WaitUntilTrueAsync(app, node.BaseAddress, adminToken,
            remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellation);
        foreach (var difference in differences)
        {
            result.Violation($"the dashboard differs from the events: {difference}");
        }

        log($"DailyStats at event {lastProjected} of {lastHighest}, {sinceReady.Elapsed.TotalSeconds:0.0} s after the last restart");
        result.Figure("last restart to dashboard caught up",
            caughtUp is null || differences.Count > 0 ? "not within bound" : $"{sinceReady.Elapsed.TotalSeconds:0.0} s");
    }

    private static void Report(AppCrashLoad load, ScenarioResult result)
    {
        var creates = load.Creates.ToList();
        var transitions = load.Transitions.ToList();
        var cutOffCreates = creates.Where(c => c.WasCutOff).ToList();
        var cutOffTransitions = transitions.Where(t => t.WasCutOff).ToList();

        result.Figure("creates acknowledged", $"{creates.Count(c => c.BookingId is not null)} of {creates.Count} keys");
        result.Figure("accepts acknowledged",
            $"{transitions.Count(t => t is { Action: TransitionAttempt.Accept, Acknowledged: true })}, " +
            $"{transitions.Count(t => t.Conflict)} rejected with 409 after the resident cancelled");
        result.Figure("cancels acknowledged",
            $"{transitions.Count(t => t is { Action: TransitionAttempt.Cancel, Acknowledged: true })}, " +
            $"{load.CancelsAfterLostRace} sent again after a 409 for a concurrent accept");
        result.Figure("cut-off creates retried with the same key",
            $"{cutOffCreates.Count}: {cutOffCreates.Count(c => c.Replayed)} had committed (201 replayed), " +
            $"{cutOffCreates.Count(c => c.BookingId is not null && !c.Replayed)} had not (201 created), " +
            $"{cutOffCreates.Count(c => c.BookingId is null)} without 201");
        result.Figure("cut-off accepts and cancels retried",
            $"{cutOffTransitions.Count}: {cutOffTransitions.Count(t => t.AlreadyHeld)} had committed (changed: false), " +
            $"{cutOffTransitions.Count(t => t is { Acknowledged: true, AlreadyHeld: false })} had not (changed: true), " +
            $"{cutOffTransitions.Count(t => t.Conflict)} rejected with 409, " +
            $"{cutOffTransitions.Count(t => t is { Acknowledged: false, Conflict: false })} without response");
    }

    private static double Max(List<TimeSpan> times) => times.Count == 0 ? 0 : times.Max().TotalSeconds;

    private static double Median(List<TimeSpan> times) =>
        times.Count == 0 ? 0 : times.Order().ElementAt(times.Count / 2).TotalSeconds;
}
