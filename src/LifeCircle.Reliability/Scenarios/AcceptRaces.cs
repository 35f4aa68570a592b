using System.Collections.Concurrent;
using System.Diagnostics;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Several providers accept the same open job at the same instant, for many jobs. Exactly one
/// accept per job may succeed and the others must get 409; the store must hold one
/// <c>BookingAccepted</c> event per job and the booking's history one <c>Accepted</c> step.
/// Then the winners race to assign staff members to overlapping jobs (<see cref="StaffRaces"/>).
/// </summary>
public static class AcceptRaces
{
    public const string Name = "2. Accept races";

    public static async Task<ScenarioResult> RunAsync(Lab lab, RaceSizes sizes, Action<string> log, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        await using var app = await lab.DeployAsync("rel_races", 1, null, cancellation);
        var node = app.First;
        var adminToken = await app.Api.SignInWithPasswordAsync(node, "admin", cancellation);
        var operatorToken = await app.Api.SignInWithPasswordAsync(node, "operator1", cancellation);
        var racers = await SignInRacersAsync(app, adminToken, sizes.Racers, cancellation);
        var residents = await People.SignInResidentsAsync(app, People.ResidentPhones.Length, cancellation);

        var jobs = await CreateJobsAsync(app, residents, sizes.Jobs, result, cancellation);
        log($"created {jobs.Count} open repair jobs; {racers.Count} providers race for each");

        var winners = new ConcurrentDictionary<Guid, List<SignedInProvider>>();
        var conflicts = 0L;
        var raceTimes = new ConcurrentBag<double>();
        using var parallel = new SemaphoreSlim(sizes.ParallelJobs);
        await Task.WhenAll(jobs.Select(async job =>
        {
            await parallel.WaitAsync(cancellation);
            try
            {
                var clock = Stopwatch.StartNew();
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var attempts = racers.Select(async racer =>
                {
                    await start.Task;
                    return (Racer: racer, Reply: await app.Api.PostJsonAsync(node, $"/api/bookings/{job}/accept", racer.Token, null,
                        cancellation));
                }).ToList();
                start.SetResult();
                var replies = await Task.WhenAll(attempts);
                raceTimes.Add(clock.Elapsed.TotalMilliseconds);

                var won = new List<SignedInProvider>();
                foreach (var (racer, reply) in replies)
                {
                    result.CountTried();
                    if (reply.Status == 200 && reply.Json?["changed"]?.GetValue<bool>() == true)
                    {
                        won.Add(racer);
                    }
                    else if (reply.Status == 409 && reply.IsProblemDetails)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                    else
                    {
                        result.CountFailed();
                        if (reply.IsServerError)
                        {
                            result.CountServerError();
                        }

                        result.Violation($"job {job}: accept by {racer.Phone} got {reply.Describe()}");
                    }
                }

                winners[job] = won;
            }
            finally
            {
                parallel.Release();
            }
        }));

        (result.Lost, result.Duplicated) = await CheckAcceptedOnceAsync(app, operatorToken, jobs, winners, result, cancellation);
        result.Figure("jobs raced", jobs.Count.ToString());
        result.Figure("providers per job", racers.Count.ToString());
        result.Figure("accepts that won", winners.Values.Sum(w => w.Count).ToString());
        result.Figure("accepts rejected with 409", conflicts.ToString());
        result.Figure("race duration (median)", $"{Median(raceTimes):0} ms");
        var jobsByProvider = winners.Where(w => w.Value.Count == 1).GroupBy(w => w.Value[0])
            .ToDictionary(g => g.Key, g => g.Select(w => w.Key).ToList());
        await StaffRaces.RunAsync(app, sizes, jobsByProvider, result, log, cancellation);
        result.Figure("unhandled errors logged by the app", app.CountUnhandledErrors().ToString());
        return result.Finish();
    }

    /// <summary>Signs in the two demo repair providers and registers more until there are <paramref name="count"/>.</summary>
    private static async Task<List<SignedInProvider>> SignInRacersAsync(Deployment app, string adminToken, int count,
        CancellationToken cancellation)
    {
        var racers = new List<SignedInProvider>();
        foreach (var phone in People.RepairProviderPhones.Take(count))
        {
            racers.Add(await People.SignInProviderAsync(app, phone, cancellation));
        }

        for (var i = racers.Count; i < count; i++)
        {
            racers.Add(await People.RegisterRepairProviderAsync(app, adminToken, $"1390400{3001 + i}", $"可靠性测试维修师傅{i + 1}", cancellation));
        }

        return racers;
    }

    private static async Task<List<Guid>> CreateJobsAsync(Deployment app, List<SignedInResident> residents, int count,
        ScenarioResult result, CancellationToken cancellation)
    {
        var jobs = new ConcurrentBag<Guid>();
        using var parallel = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await parallel.WaitAsync(cancellation);
            try
            {
                var resident = residents[i % residents.Count];
                var reply = await app.Api.PostJsonAsync(app.First, "/api/bookings", resident.Token,
                    BookingBodies.Repair($"[race-{i}]").ToJsonString(), cancellation);
                if (reply.Status == 201)
                {
                    jobs.Add(reply.Json!["id"]!.GetValue<Guid>());
                }
                else
                {
                    result.Violation($"creating job {i} failed: {reply.Describe()}");
                }
            }
            finally
            {
                parallel.Release();
            }
        }));
        return [.. jobs];
    }

    /// <summary>
    /// Checks each job three ways: the accept responses, the <c>booking_accepted</c> events in
    /// the store and the <c>Accepted</c> steps of the booking's history. Returns the jobs whose
    /// winning accept is missing from the store, and the number of accepts beyond the first.
    /// </summary>
    private static async Task<(long Lost, long Duplicated)> CheckAcceptedOnceAsync(Deployment app, string operatorToken, List<Guid> jobs,
        ConcurrentDictionary<Guid, List<SignedInProvider>> winners, ScenarioResult result, CancellationToken cancellation)
    {
        var events = (await app.QueryAsync(
                "select stream_id, count(*) from lifecircle.mt_events where type = 'booking_accepted' group by stream_id",
                r => (Stream: r.GetGuid(0), Count: r.GetInt64(1)), cancellation))
            .ToDictionary(r => r.Stream, r => r.Count);

        long lost = 0;
        long duplicated = 0;
        foreach (var job in jobs)
        {
            var won = winners.TryGetValue(job, out var list) ? list : [];
            var stored = events.GetValueOrDefault(job);
            var reply = await app.Api.GetAsync(app.First, $"/api/bookings/{job}", operatorToken, cancellation);
            var history = reply.Json?["booking"]?["history"]?.AsArray() ?? [];
            var steps = history.Count(step => step?["action"]?.GetValue<string>() == "Accepted");
            var provider = reply.Json?["booking"]?["providerId"]?.GetValue<Guid?>();

            if (won.Count == 0)
            {
                result.Violation($"job {job}: no provider won the race");
            }

            if (stored != 1 || steps != 1)
            {
                result.Violation($"job {job}: {won.Count} winning responses, {stored} BookingAccepted events, {steps} Accepted steps");
            }

            if (won.Count == 1 && provider != won[0].ProviderId)
            {
                result.Violation($"job {job}: won by {won[0].Phone} but the booking names provider {provider}");
            }

            if (won.Count > 0 && stored == 0)
            {
                lost++;
            }

            duplicated += Math.Max(0, Math.Max(won.Count, Math.Max((int)stored, steps)) - 1);
        }

        return (lost, duplicated);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
