using Spectre.Console;

namespace LifeCircle.Simulator.Reporting;

/// <summary>
/// One bar of the progress display that concurrent workers may advance. Spectre.Console's
/// progress display is not thread-safe, so every change goes through one lock.
/// </summary>
public sealed class SharedProgress(ProgressTask task)
{
    private readonly Lock _lock = new();

    public void Advance(double amount = 1)
    {
        lock (_lock)
        {
            task.Increment(amount);
        }
    }

    public void SetTotal(double total)
    {
        lock (_lock)
        {
            task.MaxValue = Math.Max(total, 1);
        }
    }

    public void AddToTotal(double amount)
    {
        lock (_lock)
        {
            task.MaxValue += amount;
        }
    }

    public void Start()
    {
        lock (_lock)
        {
            task.StartTask();
        }
    }

    /// <summary>Fills the bar, for a phase that ended with fewer steps than counted.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            task.Value = task.MaxValue;
        }
    }

    /// <summary>Shows <paramref name="description"/> while a pause lasts, then the bar's own text again.</summary>
    public async Task ShowWhileAsync(string description, Func<Task> pause)
    {
        string original;
        lock (_lock)
        {
            original = task.Description;
            task.Description = description;
        }

        try
        {
            await pause();
        }
        finally
        {
            lock (_lock)
            {
                task.Description = original;
            }
        }
    }
}
