using System.Diagnostics;
using LifeCircle.Core.Time;

namespace LifeCircle.Bench.Load;

/// <summary>
/// Polls the administrator dashboard, which an asynchronous projection builds, every 20 ms
/// and matches its count of requested bookings against the creates the app confirmed: the
/// k-th confirmed create counts as visible once the count has grown by k. The lag of a create
/// is the time from its 201 to the end of the first poll that shows it, so it includes up to
/// 20 ms of polling interval and one dashboard read.
/// </summary>
public sealed class DashboardWatch(ApiClient admin, string day) : IAsyncDisposable
{
    private readonly List<(long At, long Count)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _poller = Task.CompletedTask;
    private long _baseline;

    public async Task StartAsync(CancellationToken cancellation)
    {
        var first = await admin.GetRequestedOnDashboardAsync(day, cancellation);
        if (first.Status != 200)
        {
            throw new InvalidOperationException($"GET /api/dashboard/{day} returned {first.Outcome}: the administrator cannot read the dashboard.");
        }

        _baseline = first.Count;
        _poller = PollAsync(_stop.Token);
    }

    private async Task PollAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var read = await admin.GetRequestedOnDashboardAsync(day, cancellation);
                if (read.Status == 200)
                {
                    lock (_samples)
                    {
                        _samples.Add((Stopwatch.GetTimestamp(), read.Count));
                    }
                }

                await Task.Delay(20, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Waits up to <paramref name="limit"/> for the dashboard to count every confirmed create,
    /// then returns the lag of each create. The note explains a figure that is incomplete.
    /// </summary>
    public async Task<(LatencySummary? Lag, string? Note)> FinishAsync(long[] createdAt, TimeSpan limit, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit && LatestCount() - _baseline < createdAt.Length)
        {
            await Task.Delay(50, cancellation);
        }

        await _stop.CancelAsync();
        await _poller;

        var samples = _samples.ToArray();
        var counted = LatestCount() - _baseline;
        string? note = null;
        if (ShanghaiTime.Today(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) != day)
        {
            note = $"the phase crossed midnight in Shenyang, so the dashboard of {day} missed the later creates";
        }
        else if (counted < createdAt.Length)
        {
            note = $"after {limit.TotalSeconds:0} s the dashboard counted {counted} of {createdAt.Length} creates";
        }
        else if (counted > createdAt.Length)
        {
            note = $"the dashboard counted {counted - createdAt.Length} more requests than this phase created";
        }

        Array.Sort(createdAt);
        var lags = new List<double>(createdAt.Length);
        var next = 0;
        for (var k = 1; k <= createdAt.Length; k++)
        {
            while (next < samples.Length && samples[next].Count - _baseline < k)
            {
                next++;
            }

            if (next == samples.Length)
            {
                break;
            }

            lags.Add(Math.Max(0, LatencySummary.Milliseconds(samples[next].At - createdAt[k - 1])));
        }

        return (lags.Count > 0 ? LatencySummary.FromMilliseconds(lags) : null, note);
    }

    private long LatestCount()
    {
        lock (_samples)
        {
            return _samples.Count == 0 ? _baseline : _samples[^1].Count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _poller;
        _stop.Dispose();
    }
}
