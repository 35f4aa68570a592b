using LifeCircle.Reliability.Infrastructure;
using LifeCircle.Reliability.Scenarios.BadInput;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>The six scenarios by the names the command line uses.</summary>
public static class Catalog
{
    public sealed record Scenario(string Key, string Name, Func<Lab, Sizes, Action<string>, CancellationToken, Task<ScenarioResult>> Run);

    public static readonly IReadOnlyList<Scenario> All =
    [
        new("restart", DatabaseRestart.Name, (lab, sizes, log, c) => DatabaseRestart.RunAsync(lab, sizes.Restart, log, c)),
        new("races", AcceptRaces.Name, (lab, sizes, log, c) => AcceptRaces.RunAsync(lab, sizes.Races, log, c)),
        new("idempotency", IdempotencyStorm.Name, (lab, sizes, log, c) => IdempotencyStorm.RunAsync(lab, sizes.Idempotency, log, c)),
        new("bad-input", BadInputScenario.Name, (lab, sizes, log, c) => BadInputScenario.RunAsync(lab, sizes.BadInput, log, c)),
        new("nodes", NodeFailover.Name, (lab, sizes, log, c) => NodeFailover.RunAsync(lab, sizes.Nodes, log, c)),
        new("crash", AppCrash.Name, (lab, sizes, log, c) => AppCrash.RunAsync(lab, sizes.Crash, log, c))
    ];

    public static IReadOnlyList<string> Keys => All.Select(s => s.Key).ToList();

    public static IEnumerable<Scenario> Select(IReadOnlyList<string> keys) => All.Where(s => keys.Contains(s.Key));

    /// <summary>Runs one scenario; a scenario that throws becomes a failed result naming the exception.</summary>
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, Lab lab, Sizes sizes, Action<string> log, CancellationToken cancellation)
    {
        try
        {
            return await scenario.Run(lab, sizes, log, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            var failed = new ScenarioResult(scenario.Name);
            failed.Violation($"the scenario failed to run: {e}");
            return failed.Finish();
        }
    }
}
