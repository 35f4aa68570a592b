using System.Globalization;
using System.Text;
using LifeCircle.Bench.Load;
using LifeCircle.Bench.Pgbench;

namespace LifeCircle.Bench.Report;

/// <summary>A goal of the benchmark, the figure measured for it and whether it holds.</summary>
public sealed record GoalCheck(string Goal, string Measured, bool? Met);

/// <summary>Writes the Markdown report of one run.</summary>
public sealed class ReportWriter(RunFacts facts)
{
    public const double SustainedLagRate = 500;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly StringBuilder _text = new();

    public string Write()
    {
        var run = facts.Run;
        Line("# Benchmarks");
        Line();
        Line("Throughput, latency and memory of LifeCircle's booking API under load, next to what the same");
        Line("PostgreSQL cluster commits on its own. `./ops/bench` wrote this page; run it again to refresh it. This");
        Line($"run took {int.Parse(facts.Run.GetValueOrDefault("total_seconds", "0"), Invariant) / 60.0:0} minutes; `./ops/bench --quick` " +
             "is a smoke run of a few minutes that writes its report under `.local/bench/`.");
        Line();
        WriteHowToRead();
        WriteRun(run);
        WriteGoals();
        WriteShortfalls();
        WritePgbench();
        WritePhases("Booking creates", facts.Load.Phases.Where(p => p is { Operation: "create", Lag: null, TargetRate: 0 }).ToList(), withRatio: true);
        WritePaced();
        WritePhases("Booking accepts", facts.Load.Phases.Where(p => p.Operation == "accept").ToList(), withRatio: false);
        WriteAcceptPool();
        WriteStatements();
        WriteData();
        return _text.ToString();
    }

    private void WriteHowToRead()
    {
        Line("## How to read this page");
        Line();
        Line("Each phase runs for a fixed time with a fixed number of virtual clients on loopback. A client sends its");
        Line("next request when the previous response has arrived. Throughput is therefore what app, PostgreSQL and");
        Line("load driver complete together on this machine. Latency runs from send to the response's last byte");
        Line("(nearest-rank percentiles over every request). \"Errors\" counts responses other than 201 (create) or");
        Line("200 (accept) by status. CPU is in percent of one core, from /proc; \"other\" is everything else on the");
        Line("machine, and when it is high the figures understate the machine. The ratio column divides creates by");
        Line("pgbench's single-row inserts at the same client count; one create commits the event, the inline read");
        Line("model, the idempotency record and the durable expiry message in one transaction.");
        Line();
    }

    private void WriteRun(IReadOnlyDictionary<string, string> run)
    {
        Line("## The run");
        Line();
        Line($"- Date: {Get("started_at")} to {Get("finished_at")} (UTC), {Get("mode")} run.");
        Line($"- Command: `{Get("command")}`");
        Line($"- Code: commit `{Get("commit")}`{(Get("harness_changed") == "yes" ? ", with uncommitted changes to the benchmark tool" : "")}.");
        Line($"- Steps: build {Get("build_seconds")} s, seed and vacuum {Get("seed_seconds")} s, pgbench {Get("pgbench_seconds")} s, " +
             $"app start {Get("app_start_seconds")} s, load {Get("load_seconds")} s; total {Get("total_seconds")} s.");
        Line($"- Load average when the run started: {Get("load_average")} (1, 5 and 15 minutes).");
        var shards = facts.Seed.AsyncShards;
        Line(shards.Length == 0
            ? "- Asynchronous projections: none."
            : facts.Load.ProjectionCatchUpAtStartSeconds is { } catchUp
                ? $"- Asynchronous projections ({string.Join(", ", shards)}): after the app started and the clients signed in, the daemon needed {catchUp:0} s more to process the seeded events."
                : $"- Asynchronous projections ({string.Join(", ", shards)}): the daemon had not processed the seeded events when the phases began.");
        var measured = facts.Load.Phases.Where(p => !p.Warmup).ToList();
        var other = measured.Count == 0 ? 0 : measured.Average(p => p.Cpu.Other);
        if (other > 25)
        {
            Line($"- **Other processes used {other:0} % CPU on average (100 % = one core) during the app's phases**, so the");
            Line("  throughput and latency figures understate what this machine does when the benchmark has it alone.");
        }

        var best = measured.Where(p => p is { Operation: "create", TargetRate: 0 }).MaxBy(p => p.Throughput);
        if (best is not null)
        {
            var cost = PerRequest(best, best.Cpu.App + best.Cpu.Postgres + best.Cpu.Driver);
            Line($"- CPU per booking create ({best.Name}): app {PerRequest(best, best.Cpu.App):0.00} ms, PostgreSQL " +
                 $"{PerRequest(best, best.Cpu.Postgres):0.00} ms, load driver {PerRequest(best, best.Cpu.Driver):0.00} ms. With all " +
                 $"{Environment.ProcessorCount} cores free that would allow about {Environment.ProcessorCount * 1000 / cost:0} creates/s " +
                 "(an estimate from CPU time alone, ignoring waits and contention).");
        }

        Line();
        Line("Machine (`nproc`, `free -m`, `df -h`, `lsblk`):");
        Line();
        Line("```text");
        _text.Append(facts.Machine.TrimEnd()).Append('\n');
        Line("```");
        Line();
        Line($"PostgreSQL {facts.PostgresVersion}, the benchmark's own cluster (`.local/pg-bench`, 127.0.0.1:{Get("pg_port")}),");
        Line("durable like the app cluster. Settings as the server reports them:");
        Line();
        Line("| setting | value |");
        Line("| --- | --- |");
        foreach (var setting in facts.Settings)
        {
            Line($"| {setting.Name} | {setting.Value} |");
        }

        Line();
        Line("The app: Release build of the commit above, Wolverine handler code generated beforehand with");
        Line("`codegen write` and loaded statically (`LifeCircle:CodeGeneration=Static`), started with");
        Line("`dotnet LifeCircle.dll --urls http://127.0.0.1:PORT` in the Development environment (for the sign-in");
        Line("codes at `/dev/sms/{phone}`), demo data on, `Logging:LogLevel:Default=Warning`. Marten applies the");
        Line("schema at start-up (`AutoCreate.CreateOrUpdate`). **The abuse limits were raised for the load test**:");
        Line("`LifeCircle:Limits:CodeSendsPerAddress=100000`, `BookingsPerResidentPerHour=1000000`,");
        Line("`BookingsPerOperatorPerHour=1000000`. Creates use the README tour's body (a shoe repair, alternating");
        Line("with a two-hour routine cleaning), tomorrow 10:00-12:00 in Shenyang, each with a new `Idempotency-Key`;");
        var accounts = facts.Load.Phases.Select(p => p.Clients).DefaultIfEmpty(0).Max();
        Line($"{accounts} residents and {accounts} providers signed in with one-time codes beforehand.");
        if (run.GetValueOrDefault("app_connection_options") is { Length: > 0 } options)
        {
            Line($"Added to the app's connection string for this run: `{options}`.");
        }

        if (run.GetValueOrDefault("pg_settings") is { Length: > 0 } extra)
        {
            Line($"Extra PostgreSQL settings for this run (`--pg`): `{extra}`.");
        }

        Line();

        string Get(string key) => run.GetValueOrDefault(key, "?");
    }

    private void WriteGoals()
    {
        Line("## Goals");
        Line();
        Line("| goal | measured | result |");
        Line("| --- | --- | --- |");
        foreach (var check in Goals())
        {
            Line($"| {check.Goal} | {check.Measured} | {(check.Met switch { true => "pass", false => "**fail**", null => "not measured" })} |");
        }

        Line();
    }

    public IEnumerable<GoalCheck> Goals()
    {
        var (top, pgbench) = TopCreatesAndPgbench();
        if (top is not null && pgbench is not null)
        {
            var ratio = top.Throughput / pgbench.Tps;
            yield return new GoalCheck($"creates at {top.Clients} clients ≥ 0.5 × pgbench single-insert TPS",
                $"{top.Throughput:0.0}/s vs {pgbench.Tps:0.0}/s = {ratio:0.00} ×", ratio >= 0.5);
        }

        var half = facts.Load.Phases.FirstOrDefault(p => p is { Operation: "create", Lag: null, TargetRate: > 0 });
        yield return half is null
            ? new GoalCheck("create p99 < 20 ms at half the max throughput", "-", null)
            : new GoalCheck("create p99 < 20 ms at half the max throughput",
                $"p99 {half.Latency.P99:0.0} ms at {half.Throughput:0.0}/s (target {half.TargetRate:0}/s); p99 from the due time {half.FromDue.P99:0.0} ms",
                half.Latency.P99 < 20);

        var lag = facts.Load.Phases.FirstOrDefault(p => p.Lag is not null);
        if (lag?.Lag is { } result)
        {
            var sustained = lag.Throughput >= 0.95 * lag.TargetRate;
            var figure = result.Async ?? result.Inline;
            var readModel = result.Async is null ? "inline booking view" : "asynchronous dashboard projection";
            var measured = $"{readModel}: p99 {figure.P99:0} ms at {lag.Throughput:0.0}/s" +
                           (sustained ? "" : $"; the machine did not sustain {lag.TargetRate:0}/s (best create rate {facts.Load.MaxCreateThroughput:0.0}/s)");
            yield return new GoalCheck($"projection lag p99 < 1 s at a sustained {lag.TargetRate:0} bookings/s", measured,
                sustained && figure.P99 < 1000);
        }

        yield return new GoalCheck("app RSS < 500 MB", $"peak {facts.Load.AppHighWaterMegabytes:0} MB (VmHWM)",
            facts.Load.AppHighWaterMegabytes < 500);
    }

    /// <summary>
    /// Writes, for each failed goal, the figures of this run that explain it: CPU per request
    /// against pgbench's CPU per insert, and the queueing and load of the paced phases.
    /// </summary>
    private void WriteShortfalls()
    {
        var failed = Goals().Where(g => g.Met == false).ToList();
        if (failed.Count == 0)
        {
            return;
        }

        Line("## Why goals fail");
        Line();
        var (top, pgbench) = TopCreatesAndPgbench();
        if (failed.Any(g => g.Goal.StartsWith("creates at", StringComparison.Ordinal)) && top is not null && pgbench is not null)
        {
            var insertMs = pgbench.Cpu.Postgres / 100 * 1000 / pgbench.Tps;
            var appMs = PerRequest(top, top.Cpu.App);
            var postgresMs = PerRequest(top, top.Cpu.Postgres);
            var driverMs = PerRequest(top, top.Cpu.Driver);
            var ceiling = Environment.ProcessorCount * 1000 / (appMs + postgresMs + driverMs);
            var statements = top.Activity is { } activity && top.Succeeded > 0
                ? $"PostgreSQL executed {(double)activity.Statements / top.Succeeded:0.0} statements and committed " +
                  $"{(double)activity.Commits / top.Succeeded:0.0} transactions per create (pgbench: 1 and 1). "
                : "";
            Line($"**Creates against pgbench.** The machine is bound by CPU, not by commits. pgbench's insert cost PostgreSQL " +
                 $"{insertMs:0.000} ms of CPU at {pgbench.Clients} clients. A booking create cost PostgreSQL {postgresMs:0.00} ms " +
                 $"({postgresMs / insertMs:0} times as much) and the app {appMs:0.00} ms more, so CPU alone caps creates at about " +
                 $"{ceiling:0}/s on {Environment.ProcessorCount} cores (an estimate from CPU time; measured {top.Throughput:0}/s). " +
                 "A create is one HTTP request that reads the caller's guardianship, the idempotency record, resident, " +
                 "provider and community (one batched query and one more), takes a booking number from a sequence, and then " +
                 "commits one transaction: the event and its stream row (`mt_quick_append_events`), the inline `BookingView`, " +
                 "the idempotency record with the response, and the durable expiry timer (`wolverine_incoming_envelopes`). " +
                 statements + "The statement table below shows each of them. If both stayed bound by CPU, half of pgbench's rate would " +
                 $"need a create to cost PostgreSQL and the app together about {2 * insertMs:0.000} ms of CPU, " +
                 $"{postgresMs / (2 * insertMs):0} times less than PostgreSQL alone spent per create here (an estimate). " +
                 "The goal compares a durable booking, with its read model, idempotency record and timer, to one bare insert, " +
                 "and tuning the app cannot close a gap of this size.");
            Line();
        }

        var half = facts.Load.Phases.FirstOrDefault(p => p is { Operation: "create", Lag: null, TargetRate: > 0 });
        if (failed.Any(g => g.Goal.StartsWith("create p99", StringComparison.Ordinal)) && half is not null)
        {
            Line($"**Create p99 at half the max.** At {half.Throughput:0}/s the app used {half.Cpu.App:0} % and PostgreSQL " +
                 $"{half.Cpu.Postgres:0} % of one core, and other processes {half.Cpu.Other:0} %, with p50 {half.Latency.P50:0.0} ms and " +
                 $"p99 {half.Latency.P99:0.0} ms (p99 from the due time {half.FromDue.P99:0.0} ms). The app, PostgreSQL and the " +
                 $"load driver share {Environment.ProcessorCount} cores, so a request that arrives while the others hold them waits " +
                 "for one; the tail is that wait, not a slow statement (see the mean times in the statement table).");
            Line();
        }

        var lag = facts.Load.Phases.FirstOrDefault(p => p.Lag is not null);
        if (failed.Any(g => g.Goal.StartsWith("projection lag", StringComparison.Ordinal)) && lag?.Lag is { Async: { } async })
        {
            Line($"**Projection lag.** The asynchronous dashboard trailed the creates by {async.P50:0} ms at the median and " +
                 $"{async.P99:0} ms at p99 while the app and PostgreSQL used {lag.Cpu.App:0} % and {lag.Cpu.Postgres:0} % of one " +
                 "core. The daemon looks for new events every 100 ms while the high-water mark moves and every 250 ms otherwise " +
                 "(src/LifeCircle/Dashboard/DailyStats.cs), then loads, applies and commits them as one batch on the same cores as " +
                 "the creates, so the lag is the wait plus the time of one batch under load.");
            Line();
        }
    }

    /// <summary>Returns the unpaced create phase with the most clients and pgbench's run at that client count.</summary>
    private (PhaseResult? Creates, PgbenchPhase? Pgbench) TopCreatesAndPgbench()
    {
        var top = facts.Load.Phases.Where(p => p is { Operation: "create", Warmup: false, Lag: null, TargetRate: 0 })
            .MaxBy(p => p.Clients);
        return (top, top is null ? null : facts.Pgbench.FirstOrDefault(p => p.Clients == top.Clients));
    }

    private void WritePgbench()
    {
        Line("## PostgreSQL alone: pgbench, one single-row insert per transaction");
        Line();
        Line($"`{facts.Pgbench.FirstOrDefault()?.Command ?? "pgbench"}` (and the same with `-c 8 -j 2`, `-c 32 -j 2`), where `insert.sql` is");
        Line($"`insert into {PgbenchRun.Table} (payload) values ('booking requested');` into a table with a bigserial key and a");
        Line("timestamp default. Latencies come from pgbench's per-transaction log. The app was not running.");
        Line();
        Line("| clients | threads | TPS | p50 ms | p95 ms | p99 ms | max ms | failed | PostgreSQL CPU | pgbench CPU | other CPU |");
        Line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in facts.Pgbench)
        {
            Line($"| {p.Clients} | {p.Threads} | {p.Tps:0} | {p.Latency.P50:0.00} | {p.Latency.P95:0.00} | {p.Latency.P99:0.00} | " +
                 $"{p.Latency.Max:0.0} | {p.Failed} | {p.Cpu.Postgres:0} % | {p.Cpu.Driver:0} % | {p.Cpu.Other:0} % |");
        }

        Line();
    }

    private void WritePhases(string title, IReadOnlyList<PhaseResult> phases, bool withRatio)
    {
        Line($"## {title}");
        Line();
        Line($"| phase | req/s | p50 ms | p95 ms | p99 ms | max ms | ok | errors |{(withRatio ? " ÷ pgbench TPS |" : "")}");
        Line($"| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |{(withRatio ? " ---: |" : "")}");
        foreach (var p in phases)
        {
            var ratio = "";
            if (withRatio)
            {
                var pgbench = facts.Pgbench.FirstOrDefault(b => b.Clients == p.Clients);
                ratio = " " + (p.Warmup || pgbench is null ? "-" : (p.Throughput / pgbench.Tps).ToString("0.00", Invariant)) + " |";
            }

            Line($"| {p.Name} | {p.Throughput:0.0} | {p.Latency.P50:0.0} | {p.Latency.P95:0.0} | {p.Latency.P99:0.0} | {p.Latency.Max:0} | " +
                 $"{p.Succeeded} | {Errors(p)} |{ratio}");
        }

        Line();
        WriteResources(phases);
    }

    /// <summary>
    /// Writes where the CPU went in each phase, also per completed request: that cost changes
    /// little when other processes share the cores, unlike throughput.
    /// </summary>
    private void WriteResources(IReadOnlyList<PhaseResult> phases)
    {
        Line("| phase | app CPU | PostgreSQL CPU | driver CPU | other CPU | app CPU ms/req | PostgreSQL CPU ms/req | statements/req | commits/req | app peak RSS MB | async catch-up s |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in phases)
        {
            Line($"| {p.Name} | {p.Cpu.App:0} % | {p.Cpu.Postgres:0} % | {p.Cpu.Driver:0} % | {p.Cpu.Other:0} % | " +
                 $"{PerRequest(p, p.Cpu.App):0.00} | {PerRequest(p, p.Cpu.Postgres):0.00} | {PerSucceeded(p, p.Activity?.Statements)} | " +
                 $"{PerSucceeded(p, p.Activity?.Commits)} | {p.PeakRssMegabytes:0} | " +
                 $"{(p.ProjectionCatchUpSeconds is { } s ? s.ToString("0.0", Invariant) : "-")} |");
        }

        Line();
        Line("\"statements/req\" and \"commits/req\" divide the statements PostgreSQL executed (`pg_stat_statements`) and the");
        Line("transactions it committed (`pg_stat_database`) during the phase by the successful requests. They include the");
        Line("work of the app's background agents (projection daemon, scheduled messages) in that time. A statement inside a");
        Line("batch counts once, though the batch takes one round trip.");
        Line();
        Line("\"async catch-up\" is how long the dashboard's asynchronous projection still needed after the phase");
        Line("ended to process every event; the next phase starts only after it. Warm-up phases are listed but");
        Line("count for nothing else.");
        Line();
    }

    private static string PerSucceeded(PhaseResult phase, long? count) =>
        count is { } total && phase.Succeeded > 0 ? ((double)total / phase.Succeeded).ToString("0.0", Invariant) : "-";

    /// <summary>CPU milliseconds per successful request of a phase, from a CPU share in percent of one core.</summary>
    private static double PerRequest(PhaseResult phase, double percent) =>
        phase.Succeeded == 0 ? 0 : percent / 100 * phase.Cpu.Seconds * 1000 / phase.Succeeded;

    private void WritePaced()
    {
        var paced = facts.Load.Phases.Where(p => p is { Operation: "create", TargetRate: > 0 }).ToList();
        if (paced.Count == 0)
        {
            return;
        }

        Line("## Paced creates");
        Line();
        Line("These phases send at a fixed rate, spread over all clients: the best create throughput above halved,");
        Line($"and {SustainedLagRate:0} bookings/s for the read-model lag. \"p99 from due\" counts from the time a request was");
        Line("due to be sent, so it also shows queueing when the app falls behind the rate.");
        Line();
        Line("| phase | clients | target/s | achieved/s | p50 ms | p99 ms | p99 from due ms | max ms | errors | app CPU | PostgreSQL CPU | other CPU |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
        foreach (var p in paced)
        {
            Line($"| {p.Name} | {p.Clients} | {p.TargetRate:0} | {p.Throughput:0.0} | {p.Latency.P50:0.0} | {p.Latency.P99:0.0} | " +
                 $"{p.FromDue.P99:0.0} | {p.Latency.Max:0} | {Errors(p)} | {p.Cpu.App:0} % | {p.Cpu.Postgres:0} % | {p.Cpu.Other:0} % |");
        }

        Line();
        var lagPhase = paced.FirstOrDefault(p => p.Lag is not null);
        if (lagPhase?.Lag is not { } lag)
        {
            return;
        }

        Line("### Append to visible in the read models");
        Line();
        Line("`BookingView`, which backs `GET /api/bookings/{id}` and the job queue, is an **inline** projection: it is");
        Line("written in the same transaction as the event, so a booking is readable as soon as its 201 arrives.");
        Line("The lag phase read back every tenth create by id right after its 201 and measured the time until");
        Line("the read returned 200. The administrator dashboard (`GET /api/dashboard/{date}`, `DailyStats`) is the");
        Line("app's **asynchronous** projection, which Marten's daemon runs under Wolverine. An administrator client");
        Line("polled it every 20 ms. The k-th confirmed create counts as visible once the day's `requested` count");
        Line("has grown by k since the phase began.");
        Line();
        Line("| read model | samples | p50 ms | p95 ms | p99 ms | max ms | note |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        Line($"| inline `BookingView` by id | {lag.InlineSamples} | {lag.Inline.P50:0.0} | {lag.Inline.P95:0.0} | {lag.Inline.P99:0.0} | " +
             $"{lag.Inline.Max:0.0} | {lag.InlineVisibleAtFirstRead} of {lag.InlineSamples} visible at the first read, {lag.InlineNeverVisible} never |");
        if (lag.Async is { } async)
        {
            Line($"| asynchronous dashboard | {async.Count} | {async.P50:0} | {async.P95:0} | {async.P99:0} | {async.Max:0} | {lag.AsyncNote ?? ""} |");
        }
        else
        {
            Line($"| asynchronous dashboard | - | - | - | - | - | {lag.AsyncNote ?? "not measured"} |");
        }

        Line();
    }

    private void WriteAcceptPool()
    {
        var load = facts.Load;
        Line($"Accepts took open bookings first from this run's creates ({load.AcceptPoolCreated}), then from the");
        Line($"{load.AcceptPoolSeeded} open bookings the seeder wrote; {load.AcceptPoolLeft} were left unaccepted. Each");
        Line("client accepts as its own provider, and no two clients accept the same booking.");
        Line();
        Line($"App memory: peak resident set {load.AppHighWaterMegabytes:0} MB (VmHWM over the whole run, start-up included);");
        Line("the per-phase column is the highest VmRSS sampled every 200 ms during that phase.");
        Line();
    }

    private void WriteStatements()
    {
        Line("## Where PostgreSQL spent its time during the app's phases");
        Line();
        Line("Top statements of `pg_stat_statements` by total time, counted from the create warm-up to the end of the load:");
        Line();
        Line("| calls | total ms | mean ms | statement |");
        Line("| ---: | ---: | ---: | --- |");
        foreach (var s in facts.Statements)
        {
            var query = s.Query.Length > 140 ? s.Query[..140] + "…" : s.Query;
            Line($"| {s.Calls} | {s.TotalMilliseconds:0} | {s.MeanMilliseconds:0.000} | `{query.Replace("|", "\\|", StringComparison.Ordinal)}` |");
        }

        Line();
        var busiest = facts.Statements.FirstOrDefault(s => s.Query != "checkpoint");
        var all = facts.Statements.Sum(s => s.TotalMilliseconds);
        if (busiest is not null && all > 0)
        {
            var query = busiest.Query.Length > 60 ? busiest.Query[..60] + "…" : busiest.Query;
            Line($"The busiest statement, `{query}`, took {busiest.TotalMilliseconds / all * 100:0} % of the time of the " +
                 $"statements listed, {busiest.MeanMilliseconds:0.0} ms per call.");
            Line();
        }
    }

    private void WriteData()
    {
        var seed = facts.Seed;
        Line("## Data set");
        Line();
        Line($"Seeded before the run in {seed.TotalSeconds:0} s through the app's own Marten configuration with Marten's");
        Line("COPY-based bulk APIs (`BulkInsertAsync` for documents, `BulkInsertEventsAsync` for events), in tenant 2101:");
        Line();
        Line($"- {seed.Providers:N0} providers (the documents their onboarding streams would project to, with price cards");
        Line("  in effect and staff with credentials) and their sign-in accounts; outlets are not a document type yet, so");
        Line("  providers stand in for them;");
        Line($"- {seed.Residents:N0} residents: {seed.ResidentEvents:N0} events (registration, and elder attributes with consent");
        Line("  for those aged 70 or over), their profiles and accounts;");
        Line($"- {seed.FinishedBookings:N0} finished bookings of the past 180 days with {seed.BookingEvents:N0} events, 5 to 10 per");
        Line("  stream, of the app's own event types. The app's projection methods built their `BookingView` documents,");
        Line("  because the bulk path runs no inline projection; notifications and audit entries were not written;");
        Line($"- {seed.OpenBookings:N0} open bookings for the accept phases.");
        Line();
        Line("Largest tables after the run:");
        Line();
        Line("| table | live rows | size |");
        Line("| --- | ---: | ---: |");
        foreach (var (table, rows, size) in facts.Tables)
        {
            Line($"| {table} | {rows:N0} | {size} |");
        }

        Line();
    }

    private static string Errors(PhaseResult phase)
    {
        var errors = phase.Outcomes.Where(o => o.Key is not ("200" or "201")).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        return errors.Count == 0 ? "0" : string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}"));
    }

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
