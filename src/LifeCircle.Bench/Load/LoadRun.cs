using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LifeCircle.Bench.Seeding;
using LifeCircle.Core.Time;

namespace LifeCircle.Bench.Load;

public sealed record LoadSettings(
    Uri Url,
    int AppPid,
    int PostmasterPid,
    string Connection,
    int[] Clients,
    TimeSpan Duration,
    TimeSpan Warmup,
    double LagRate,
    int LagSampleEvery,
    string AcceptPoolFile,
    string[] AsyncShards);

public sealed record LoadResults(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double MaxCreateThroughput,
    double HalfRate,
    int AcceptPoolCreated,
    int AcceptPoolSeeded,
    int AcceptPoolLeft,
    double? ProjectionCatchUpAtStartSeconds,
    double AppHighWaterMegabytes,
    List<PhaseResult> Phases);

/// <summary>
/// Drives the running app over HTTP. It creates bookings at fixed concurrency, then at half
/// the best create throughput, then at a fixed rate while it samples how soon a created
/// booking is visible in the read models, and finally accepts bookings at fixed concurrency.
/// Each phase is bounded by its duration and by <see cref="MaxRequestsPerClient"/>.
/// </summary>
public sealed class LoadRun(LoadSettings settings, TextWriter log)
{
    private const int MaxRequestsPerClient = 1_000_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProjectionWaitLimit = TimeSpan.FromSeconds(180);

    // At start the daemon projects the whole seeded history, a million events in a full run.
    private static readonly TimeSpan FirstProjectionWaitLimit = TimeSpan.FromSeconds(420);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentQueue<Guid> _created = new();
    private readonly List<PhaseResult> _phases = [];
    private byte[][] _bodies = [];

    public async Task<LoadResults> RunAsync(CancellationToken cancellation)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clientCount = settings.Clients.Max();
        if (clientCount > BenchAccounts.LoadAccounts)
        {
            throw new ArgumentException($"At most {BenchAccounts.LoadAccounts} clients: that many accounts can accept any booking.");
        }

        await using var database = new Database(settings.Connection);
        await using var monitor = new SystemMonitor(settings.AppPid, settings.PostmasterPid);
        _bodies = CreateBodies(startedAt);

        log.WriteLine($"signing in {clientCount} residents, {clientCount} providers and the administrator");
        var residents = await SignInAsync(clientCount, i => (BenchAccounts.ResidentPhone(i), "resident"), cancellation);
        var providers = await SignInAsync(clientCount, i => (BenchAccounts.ProviderPhone(i), "provider"), cancellation);
        using var admin = NewClient();
        await admin.SignInWithPasswordAsync("admin", Demo.DemoSeeder.DefaultPassword, cancellation);

        var catchUp = await WaitForProjectionsAsync(database, "before the first phase", FirstProjectionWaitLimit, cancellation);
        if (catchUp is { } seconds)
        {
            log.WriteLine($"the asynchronous projections processed the seeded events {seconds:0.0} s after the sign-ins");
        }
        await database.ResetStatementStatisticsAsync(cancellation);

        await RunAsync(CreatePlan("create warm-up", 8, settings.Warmup, 0) with { Warmup = true }, residents, database, monitor,
            cancellation);
        foreach (var clients in settings.Clients)
        {
            await RunAsync(CreatePlan($"create, {Clients(clients)}", clients, settings.Duration, 0), residents, database, monitor, cancellation);
        }

        var max = _phases.Where(p => p is { Operation: "create", Warmup: false }).Select(p => p.Throughput).DefaultIfEmpty(0).Max();
        var half = Math.Max(1, Math.Round(max / 2));
        await RunAsync(CreatePlan($"create at half the max ({half:0}/s)", clientCount, settings.Duration, half), residents, database,
            monitor, cancellation);
        await RunLagPhaseAsync(residents, admin, database, monitor, cancellation);

        var created = _created.Count;
        var seeded = await File.ReadAllLinesAsync(settings.AcceptPoolFile, cancellation);
        foreach (var id in seeded.Where(l => l.Length > 0))
        {
            _created.Enqueue(Guid.Parse(id));
        }

        await RunAsync(AcceptPlan("accept warm-up", 8, settings.Warmup) with { Warmup = true }, providers, database, monitor, cancellation);
        foreach (var clients in settings.Clients)
        {
            await RunAsync(AcceptPlan($"accept, {Clients(clients)}", clients, settings.Duration), providers, database, monitor, cancellation);
        }

        foreach (var client in residents.Concat(providers))
        {
            client.Dispose();
        }

        return new LoadResults(startedAt, DateTimeOffset.UtcNow, max, half, created, seeded.Length, _created.Count, catchUp,
            monitor.AppHighWaterMegabytes(), _phases);
    }

    private PhasePlan CreatePlan(string name, int clients, TimeSpan duration, double rate) =>
        new(name, "create", clients, duration, rate, async (client, index, cancellation) =>
        {
            var result = await client.CreateBookingAsync(_bodies[index % _bodies.Length], cancellation);
            if (result.Status == 201)
            {
                _created.Enqueue(result.Id);
            }

            return result;
        });

    private PhasePlan AcceptPlan(string name, int clients, TimeSpan duration) =>
        new(name, "accept", clients, duration, 0, async (client, _, cancellation) =>
            _created.TryDequeue(out var id) ? await client.AcceptAsync(id, cancellation) : null);

    /// <summary>
    /// Creates bookings at <see cref="LoadSettings.LagRate"/> per second. Every
    /// <see cref="LoadSettings.LagSampleEvery"/>th booking is read back by id until the inline
    /// read model shows it; meanwhile the dashboard, built by an asynchronous projection, is
    /// polled to see when its count of requested bookings includes each create.
    /// </summary>
    private async Task RunLagPhaseAsync(IReadOnlyList<ApiClient> residents, ApiClient admin, Database database, SystemMonitor monitor,
        CancellationToken cancellation)
    {
        var inline = new ConcurrentBag<double>();
        var firstRead = 0;
        var neverVisible = 0;
        var sampleCounter = 0;
        var createdAt = new ConcurrentBag<long>();

        async Task ReadBackAsync(ApiClient client, CallResult created, long completedAt, CancellationToken token)
        {
            createdAt.Add(completedAt);
            if (Interlocked.Increment(ref sampleCounter) % settings.LagSampleEvery != 0)
            {
                return;
            }

            for (var attempt = 1; attempt <= 100; attempt++)
            {
                var read = await client.GetBookingAsync(created.Id, token);
                if (read.Status == 200)
                {
                    inline.Add(LatencySummary.Milliseconds(Stopwatch.GetTimestamp() - completedAt));
                    if (attempt == 1)
                    {
                        Interlocked.Increment(ref firstRead);
                    }

                    return;
                }

                await Task.Delay(10, token);
            }

            Interlocked.Increment(ref neverVisible);
        }

        await using var dashboard = settings.AsyncShards.Length > 0 ? new DashboardWatch(admin, ShanghaiDay()) : null;
        if (dashboard is not null)
        {
            await dashboard.StartAsync(cancellation);
        }

        var plan = CreatePlan($"create at {settings.LagRate:0}/s with read-back", residents.Count, settings.Duration, settings.LagRate)
            with { AfterSuccess = ReadBackAsync, Keep = false };
        var result = await RunAsync(plan, residents, database, monitor, cancellation);

        LatencySummary? asyncLag = null;
        string? note = null;
        if (dashboard is not null)
        {
            (asyncLag, note) = await dashboard.FinishAsync(createdAt.ToArray(), TimeSpan.FromSeconds(60), cancellation);
        }
        else
        {
            note = "the app has no asynchronous projection";
        }

        _phases.Add(result with
        {
            Lag = new LagResult(LatencySummary.FromMilliseconds(inline), inline.Count, firstRead, neverVisible, asyncLag, note)
        });
    }

    private async Task<PhaseResult> RunAsync(PhasePlan plan, IReadOnlyList<ApiClient> clients, Database database, SystemMonitor monitor,
        CancellationToken cancellation)
    {
        await database.CheckpointAsync(cancellation);
        monitor.TakePeakRssMegabytes();
        var activityAtStart = await database.ActivityAsync(cancellation);
        var cpuAtStart = monitor.Snapshot();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
        var pacer = plan.Rate > 0 ? new Pacer(plan.Rate, start, end) : null;
        var ranOut = 0;

        async Task<ClientRecord> DriveAsync(int index)
        {
            var client = clients[index];
            var clientRecord = new ClientRecord();
            var sent = 0;
            while (sent < MaxRequestsPerClient)
            {
                long due;
                if (pacer is not null)
                {
                    // A paced phase ends on time too: when the app falls behind the rate, the
                    // send times left over are dropped instead of stretching the phase.
                    if (!pacer.TryTake(out due) || Stopwatch.GetTimestamp() >= end)
                    {
                        break;
                    }

                    await Pacer.WaitUntilAsync(due, cancellation);
                }
                else
                {
                    due = Stopwatch.GetTimestamp();
                    if (due >= end)
                    {
                        break;
                    }
                }

                var sentAt = Stopwatch.GetTimestamp();
                var result = await plan.Call(client, sent, cancellation);
                if (result is not { } outcome)
                {
                    Interlocked.Exchange(ref ranOut, 1);
                    break;
                }

                var doneAt = Stopwatch.GetTimestamp();
                clientRecord.Add(outcome, doneAt - sentAt, doneAt - due);
                sent++;
                if (outcome.Status is 200 or 201 && plan.AfterSuccess is not null)
                {
                    await plan.AfterSuccess(client, outcome, doneAt, cancellation);
                }
            }

            return clientRecord;
        }

        var records = await Task.WhenAll(Enumerable.Range(0, plan.Clients).Select(i => Task.Run(() => DriveAsync(i), cancellation)));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = monitor.Snapshot().Since(cpuAtStart);
        var activity = (await database.ActivityAsync(cancellation)).Since(activityAtStart);
        var peakRss = monitor.TakePeakRssMegabytes();
        var catchUp = await WaitForProjectionsAsync(database, $"after {plan.Name}", ProjectionWaitLimit, cancellation);

        var outcomes = records.SelectMany(r => r.Outcomes)
            .GroupBy(o => o.Key)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.Value));
        var succeeded = outcomes.Where(o => o.Key is "200" or "201").Sum(o => o.Value);
        var result = new PhaseResult(plan.Name, plan.Operation, plan.Clients, plan.Rate, seconds, outcomes.Values.Sum(), succeeded,
            succeeded / seconds, LatencySummary.FromTicks(records.SelectMany(r => r.Latencies)),
            LatencySummary.FromTicks(records.SelectMany(r => r.FromDue)), outcomes, cpu, peakRss, catchUp, ranOut == 1, plan.Warmup,
            Activity: activity);

        log.WriteLine($"{plan.Name}: {result.Succeeded} ok of {result.Requests} in {seconds:0.0} s = {result.Throughput:0.0}/s, " +
                      $"p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, app CPU {cpu.App:0}%, " +
                      $"PostgreSQL CPU {cpu.Postgres:0}%, other {cpu.Other:0}%" + (ranOut == 1 ? ", ran out of bookings" : ""));
        if (plan.Keep)
        {
            _phases.Add(result);
        }

        return result;
    }

    private async Task<double?> WaitForProjectionsAsync(Database database, string when, TimeSpan limit, CancellationToken cancellation)
    {
        if (settings.AsyncShards.Length == 0)
        {
            return null;
        }

        var waited = await database.WaitForProjectionsAsync(limit, cancellation);
        if (waited is null)
        {
            log.WriteLine($"warning: the asynchronous projections had not caught up {limit.TotalSeconds:0} s {when}");
        }

        return waited;
    }

    private async Task<ApiClient[]> SignInAsync(int count, Func<int, (string Phone, string Role)> account, CancellationToken cancellation)
    {
        var clients = Enumerable.Range(0, count).Select(_ => NewClient()).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation },
            async (i, token) =>
            {
                var (phone, role) = account(i);
                await clients[i].SignInWithCodeAsync(phone, role, token);
            });
        return clients;
    }

    private ApiClient NewClient() => new(settings.Url, RequestTimeout);

    /// <summary>The README tour's repair and a two-hour routine cleaning, both tomorrow 10:00-12:00 in Shenyang.</summary>
    private static byte[][] CreateBodies(DateTimeOffset now)
    {
        var tomorrow = ShanghaiTime.Today(now).AddDays(1);
        var start = ShanghaiTime.At(tomorrow, new TimeOnly(10, 0));
        var end = start.AddHours(2);
        object[] bodies =
        [
            new
            {
                service = "Repair", windowStart = start, windowEnd = end,
                repair = new { category = "ShoeRepair", item = "皮鞋", symptom = "鞋跟磨损", partsMayBeNeeded = true }
            },
            new
            {
                service = "Housekeeping", windowStart = start, windowEnd = end,
                housekeeping = new { task = "RoutineCleaning", hours = 2, homeSize = "TwoBedrooms" }
            }
        ];
        return bodies.Select(b => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(b, Json))).ToArray();
    }

    private static string Clients(int count) => count == 1 ? "1 client" : $"{count} clients";

    private static string ShanghaiDay() => ShanghaiTime.Today(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
