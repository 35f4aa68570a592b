using System.Diagnostics;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// The counts of one scenario run. <see cref="Tried"/> counts the requests of the scenario's
/// main phase; <see cref="Failed"/> those that did not get a response the scenario allows;
/// <see cref="Lost"/> acknowledged writes that are missing afterwards; <see cref="Duplicated"/>
/// writes that happened more than once. <see cref="Violations"/> lists every broken
/// expectation, so an empty list means the scenario passed.
/// </summary>
public sealed class ScenarioResult(string name)
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _tried;
    private long _failed;
    private long _serverErrors;

    public string Name { get; } = name;
    public long Tried => Interlocked.Read(ref _tried);
    public long Failed => Interlocked.Read(ref _failed);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long Lost { get; set; }
    public long Duplicated { get; set; }

    /// <summary>True where the scenario tolerates 5xx responses (the database restart, while PostgreSQL is down).</summary>
    public bool ServerErrorsAllowed { get; init; }

    public TimeSpan Elapsed { get; private set; }
    public List<string> Violations { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>Named measurements for the report, such as the failover time.</summary>
    public Dictionary<string, string> Figures { get; } = [];

    public bool Passed => Violations.Count == 0;

    public void CountTried() => Interlocked.Increment(ref _tried);
    public void CountFailed() => Interlocked.Increment(ref _failed);
    public void CountServerError() => Interlocked.Increment(ref _serverErrors);

    /// <summary>Records a broken expectation; only the first 20 of a kind are kept in full.</summary>
    public void Violation(string message)
    {
        lock (_gate)
        {
            if (Violations.Count < 50)
            {
                Violations.Add(message);
            }
            else if (Violations.Count == 50)
            {
                Violations.Add("… more violations left out");
            }
        }
    }

    public void Note(string message)
    {
        lock (_gate)
        {
            Notes.Add(message);
        }
    }

    public void Figure(string name, string value)
    {
        lock (_gate)
        {
            Figures[name] = value;
        }
    }

    public ScenarioResult Finish()
    {
        Elapsed = _clock.Elapsed;
        if (ServerErrors > 0 && !ServerErrorsAllowed)
        {
            Violation($"{ServerErrors} responses were 5xx, and this scenario allows none");
        }

        if (Lost > 0)
        {
            Violation($"{Lost} acknowledged writes are missing");
        }

        if (Duplicated > 0)
        {
            Violation($"{Duplicated} writes happened more than once");
        }

        return this;
    }

    public override string ToString() =>
        $"{Name}: tried {Tried}, failed {Failed}, lost {Lost}, duplicated {Duplicated}, 5xx {ServerErrors}" +
        (Passed ? "" : "\n  " + string.Join("\n  ", Violations)) +
        (Figures.Count == 0 ? "" : "\n  " + string.Join("\n  ", Figures.Select(f => $"{f.Key}: {f.Value}")));
}
