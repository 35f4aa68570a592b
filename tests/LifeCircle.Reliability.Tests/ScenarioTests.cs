using LifeCircle.Reliability.Infrastructure;
using LifeCircle.Reliability.Scenarios;
using LifeCircle.Reliability.Scenarios.BadInput;
using Xunit.Abstractions;

namespace LifeCircle.Reliability.Tests;

/// <summary>
/// The six reliability scenarios at the reduced CI sizes (<see cref="Sizes.Ci"/>), each
/// against app processes of the current build. ops/chaos runs the full sizes.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ScenarioTests(ReliabilityCluster fixture, ITestOutputHelper output)
{
    /// <summary>A hard stop for one scenario, well above its usual run time, so a hang fails instead of blocking CI.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Database_restart_loses_no_booking()
    {
        var result = await RunAsync((lab, c) => DatabaseRestart.RunAsync(lab, Sizes.Ci.Restart, output.WriteLine, c));

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.True(result.Passed, Describe(result));
    }

    [Fact]
    public async Task Accept_races_have_one_winner()
    {
        var result = await RunAsync((lab, c) => AcceptRaces.RunAsync(lab, Sizes.Ci.Races, output.WriteLine, c));

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.True(result.Passed, Describe(result));
    }

    [Fact]
    public async Task Idempotency_storm_books_once_per_key()
    {
        var result = await RunAsync((lab, c) => IdempotencyStorm.RunAsync(lab, Sizes.Ci.Idempotency, output.WriteLine, c));

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.True(result.Passed, Describe(result));
    }

    [Fact]
    public async Task Bad_input_gets_problem_details()
    {
        var result = await RunAsync((lab, c) => BadInputScenario.RunAsync(lab, Sizes.Ci.BadInput, output.WriteLine, c));

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Failed);
        Assert.True(result.Passed, Describe(result));
    }

    [Fact]
    public async Task Killed_node_loses_no_work()
    {
        var result = await RunAsync((lab, c) => NodeFailover.RunAsync(lab, Sizes.Ci.Nodes, output.WriteLine, c));

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.True(result.Passed, Describe(result));
    }

    [Fact]
    public async Task Killed_app_keeps_acknowledged_writes()
    {
        var result = await RunAsync((lab, c) => AppCrash.RunAsync(lab, Sizes.Ci.Crash, output.WriteLine, c));

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.True(result.Passed, Describe(result));
    }

    private async Task<ScenarioResult> RunAsync(Func<Lab, CancellationToken, Task<ScenarioResult>> scenario)
    {
        using var bound = new CancellationTokenSource(Bound);
        var lab = new Lab(fixture.Cluster, fixture.AppDll, fixture.LogFolder) { Log = output.WriteLine };
        var result = await scenario(lab, bound.Token);
        output.WriteLine(result.ToString());
        output.WriteLine($"node logs: {fixture.LogFolder}");

        // A run that sent nothing would pass every other check.
        Assert.True(result.Tried > 0, $"{result.Name} sent no request");
        return result;
    }

    private static string Describe(ScenarioResult result) => string.Join('\n', result.Violations.Prepend(result.Name + " violations:"));
}
