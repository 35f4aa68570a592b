using System.Diagnostics;

namespace LifeCircle.Bench.Load;

/// <summary>The lag phase's figures: sampled bookings read back by id, and the dashboard's count of requests.</summary>
public sealed record LagResult(
    LatencySummary Inline,
    int InlineSamples,
    int InlineVisibleAtFirstRead,
    int InlineNeverVisible,
    LatencySummary? Async,
    string? AsyncNote);

/// <summary>The measurements of one phase.</summary>
public sealed record PhaseResult(
    string Name,
    string Operation,
    int Clients,
    double TargetRate,
    double Seconds,
    int Requests,
    int Succeeded,
    double Throughput,
    LatencySummary Latency,
    LatencySummary FromDue,
    Dictionary<string, int> Outcomes,
    CpuUse Cpu,
    double PeakRssMegabytes,
    double? ProjectionCatchUpSeconds,
    bool RanOutOfBookings,
    bool Warmup,
    LagResult? Lag = null,
    DatabaseActivity? Activity = null);

/// <summary>
/// Hands out send times at a fixed rate across all clients of a paced phase. A client that
/// takes a time already past sends at once, and its latency "from due" includes that wait.
/// So a server that falls behind the rate shows in that figure even with few clients.
/// </summary>
public sealed class Pacer(double rate, long start, long end)
{
    private readonly double _ticksPerRequest = Stopwatch.Frequency / rate;
    private long _next;

    public bool TryTake(out long due)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        due = start + (long)(index * _ticksPerRequest);
        return due < end;
    }

    public static async Task WaitUntilAsync(long due, CancellationToken cancellation)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellation);
        }
    }
}

/// <summary>
/// What a phase does with each request; null from <see cref="Call"/> means the client has
/// nothing left to send. A <see cref="Rate"/> of 0 sends as fast as the clients can.
/// <see cref="Keep"/> false leaves adding the result to the caller.
/// </summary>
public sealed record PhasePlan(
    string Name,
    string Operation,
    int Clients,
    TimeSpan Duration,
    double Rate,
    Func<ApiClient, int, CancellationToken, Task<CallResult?>> Call,
    Func<ApiClient, CallResult, long, CancellationToken, Task>? AfterSuccess = null,
    bool Warmup = false,
    bool Keep = true);
