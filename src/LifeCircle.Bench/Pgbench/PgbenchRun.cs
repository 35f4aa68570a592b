using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LifeCircle.Bench.Load;

namespace LifeCircle.Bench.Pgbench;

public sealed record PgbenchSettings(
    string Executable,
    int Port,
    string DatabaseName,
    string Connection,
    int PostmasterPid,
    int[] Clients,
    TimeSpan Duration,
    string WorkDirectory);

/// <summary>One pgbench run: its command, transactions, throughput and per-transaction latency.</summary>
public sealed record PgbenchPhase(
    int Clients,
    int Threads,
    string Command,
    long Transactions,
    long Failed,
    double Tps,
    LatencySummary Latency,
    CpuUse Cpu);

/// <summary>
/// Measures what the bench cluster can commit when nothing but PostgreSQL does the work: one
/// single-row insert per transaction into a small table, at the same client counts and
/// duration as the app's phases. Every transaction's latency comes from pgbench's log (-l).
/// </summary>
public sealed partial class PgbenchRun(PgbenchSettings settings, TextWriter log)
{
    public const string Table = "bench_insert";

    public async Task<List<PgbenchPhase>> RunAsync(CancellationToken cancellation)
    {
        Directory.CreateDirectory(settings.WorkDirectory);
        var script = Path.Combine(settings.WorkDirectory, "insert.sql");
        await File.WriteAllTextAsync(script, $"insert into {Table} (payload) values ('booking requested');\n", cancellation);

        await using var database = new Database(settings.Connection);
        await database.ExecuteAsync(
            $"create table if not exists {Table} (id bigserial primary key, created_at timestamptz not null default now(), payload text not null)",
            cancellation);
        await using var monitor = new SystemMonitor(null, settings.PostmasterPid);

        var phases = new List<PgbenchPhase>();
        foreach (var clients in settings.Clients)
        {
            await database.ExecuteAsync($"truncate {Table}", cancellation);
            await database.CheckpointAsync(cancellation);
            var cpuAtStart = monitor.Snapshot();
            var phase = await RunOnceAsync(script, clients, cancellation);
            phase = phase with { Cpu = monitor.Snapshot().Since(cpuAtStart) };
            log.WriteLine($"pgbench, {clients} clients: {phase.Tps:0.0} tps, p50 {phase.Latency.P50:0.00} ms, p99 {phase.Latency.P99:0.00} ms, " +
                          $"{phase.Failed} failed, PostgreSQL CPU {phase.Cpu.Postgres:0}%, other {phase.Cpu.Other:0}%");
            phases.Add(phase);
        }

        return phases;
    }

    private async Task<PgbenchPhase> RunOnceAsync(string script, int clients, CancellationToken cancellation)
    {
        var threads = Math.Min(clients, 2);
        var prefix = Path.Combine(settings.WorkDirectory, $"pgbench-c{clients}");
        foreach (var old in Directory.EnumerateFiles(settings.WorkDirectory, $"pgbench-c{clients}.*"))
        {
            File.Delete(old);
        }

        string[] arguments =
        [
            "-n", "-h", "127.0.0.1", "-p", settings.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
            "-f", script, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture),
            "-T", ((int)settings.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-l", $"--log-prefix={prefix}",
            settings.DatabaseName
        ];
        var start = new ProcessStartInfo(settings.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {settings.Executable}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(settings.Duration + TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"pgbench did not finish within {settings.Duration.TotalSeconds + 60:0} s.");
        }

        var text = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench exited with {process.ExitCode}: {await errors}");
        }

        var latencies = Directory.EnumerateFiles(settings.WorkDirectory, $"pgbench-c{clients}.*")
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length >= 3)
            .Select(fields => double.Parse(fields[2], CultureInfo.InvariantCulture) / 1000.0);
        var seconds = (int)settings.Duration.TotalSeconds;
        var command = $"pgbench -n -h 127.0.0.1 -p {settings.Port} -U postgres -f insert.sql -c {clients} -j {threads} -T {seconds} -l {settings.DatabaseName}";
        var failed = Failed().Match(text) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var processed = long.Parse(Captured(Processed(), text), CultureInfo.InvariantCulture);
        var tps = double.Parse(Captured(Tps(), text), CultureInfo.InvariantCulture);
        return new PgbenchPhase(clients, threads, command, processed, failed, tps, LatencySummary.FromMilliseconds(latencies),
            new CpuUse(0, 0, 0, 0, 0, 0));
    }

    private static string Captured(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"pgbench printed no line matching /{pattern}/:\n{text}");

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex Processed();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex Failed();

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
