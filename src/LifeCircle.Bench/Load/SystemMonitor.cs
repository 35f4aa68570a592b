using System.Globalization;

namespace LifeCircle.Bench.Load;

/// <summary>CPU time used over a phase, in percent of one core (the machine's total is 100 × cores).</summary>
public sealed record CpuUse(double App, double Postgres, double Driver, double Other, double MachineBusy, double Seconds);

/// <summary>CPU seconds consumed so far by each party, read from /proc.</summary>
public sealed record CpuSnapshot(double App, double Postgres, double Driver, double MachineBusy, double At)
{
    public CpuUse Since(CpuSnapshot start)
    {
        var seconds = At - start.At;
        double Percent(double now, double then) => seconds > 0 ? Math.Max(0, now - then) / seconds * 100 : 0;
        var app = Percent(App, start.App);
        var postgres = Percent(Postgres, start.Postgres);
        var driver = Percent(Driver, start.Driver);
        var busy = Percent(MachineBusy, start.MachineBusy);
        return new CpuUse(app, postgres, driver, Math.Max(0, busy - app - postgres - driver), busy, seconds);
    }
}

/// <summary>
/// Reads CPU time from /proc for the app's process, the PostgreSQL postmaster with its
/// children (the backends), this process with its waited-for children (pgbench), and the
/// whole machine. It also samples the app's resident set every 200 ms.
/// </summary>
public sealed class SystemMonitor : IAsyncDisposable
{
    // /proc counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second for user space.
    private const double TicksPerSecond = 100;

    private readonly int? _appPid;
    private readonly int _postmasterPid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakRssKilobytes;

    public SystemMonitor(int? appPid, int postmasterPid)
    {
        _appPid = appPid;
        _postmasterPid = postmasterPid;
        _sampler = appPid is null ? Task.CompletedTask : SampleRssAsync(_stop.Token);
    }

    /// <summary>The app's highest resident set seen since the last call, in MB.</summary>
    public double TakePeakRssMegabytes() => Interlocked.Exchange(ref _peakRssKilobytes, 0) / 1024.0;

    /// <summary>The kernel's high-water mark of the app's resident set (VmHWM), in MB.</summary>
    public double AppHighWaterMegabytes() => _appPid is { } pid ? StatusKilobytes(pid, "VmHWM:") / 1024.0 : 0;

    public CpuSnapshot Snapshot() => new(
        _appPid is { } pid ? ProcessSeconds(pid, children: false) : 0,
        PostgresSeconds(),
        ProcessSeconds(Environment.ProcessId, children: true),
        MachineBusySeconds(),
        Environment.TickCount64 / 1000.0);

    private async Task SampleRssAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            do
            {
                var rss = StatusKilobytes(_appPid!.Value, "VmRSS:");
                long seen;
                while (rss > (seen = Interlocked.Read(ref _peakRssKilobytes))
                       && Interlocked.CompareExchange(ref _peakRssKilobytes, rss, seen) != seen)
                {
                }
            } while (await timer.WaitForNextTickAsync(cancellation));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long StatusKilobytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Fields after the command name in /proc/[pid]/stat, which may itself contain spaces.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // After the command name, field 0 is the state, 1 the parent pid, 11 utime, 12 stime,
    // 13 cutime and 14 cstime (proc(5) numbers them 3, 4, 14, 15, 16 and 17).
    private static double ProcessSeconds(int pid, bool children)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }

        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (children)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>
    /// CPU time of the postmaster and its live children (the backends and background workers).
    /// A backend that has exited, such as one of pgbench's connections, counts through the
    /// postmaster's time of waited-for children.
    /// </summary>
    private double PostgresSeconds()
    {
        var total = ProcessSeconds(_postmasterPid, children: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { } fields
                && int.Parse(fields[1], CultureInfo.InvariantCulture) == _postmasterPid)
            {
                total += ProcessSeconds(pid, children: false);
            }
        }

        return total;
    }

    /// <summary>Busy time of all cores: every column of the "cpu" line of /proc/stat except idle and iowait.</summary>
    private static double MachineBusySeconds()
    {
        var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (values.Sum() - values[3] - values[4]) / TicksPerSecond;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }
}
