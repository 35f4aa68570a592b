using System.Diagnostics;

namespace LifeCircle.Reliability.Infrastructure;

public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms and returns how long it took to hold, or null after <paramref name="bound"/>.</summary>
    public static async Task<TimeSpan?> UntilAsync(Func<Task<bool>> condition, TimeSpan bound, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            await Task.Delay(100, cancellation);
        }

        return null;
    }
}
