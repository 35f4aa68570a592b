using System.Diagnostics;

namespace LifeCircle.Bench.Load;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);

    /// <summary>Summarises Stopwatch tick counts; percentiles use the nearest-rank method.</summary>
    public static LatencySummary FromTicks(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Milliseconds(sorted.Average(t => (double)t)),
            Milliseconds(Rank(sorted, 0.50)),
            Milliseconds(Rank(sorted, 0.95)),
            Milliseconds(Rank(sorted, 0.99)),
            Milliseconds(sorted[^1]));
    }

    public static LatencySummary FromMilliseconds(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, sorted.Average(), Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    private static T Rank<T>(T[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double Milliseconds(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// What one virtual client saw during a phase: the latency of each request from its send
/// (and, in a paced phase, from the time it was due) and the count of each outcome.
/// </summary>
public sealed class ClientRecord
{
    public List<long> Latencies { get; } = new(4096);
    public List<long> FromDue { get; } = new(4096);
    public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public void Add(CallResult result, long latency, long fromDue)
    {
        Latencies.Add(latency);
        FromDue.Add(fromDue);
        Outcomes[result.Outcome] = Outcomes.GetValueOrDefault(result.Outcome) + 1;
    }
}
