using LifeCircle.Reliability.Infrastructure;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace LifeCircle.Reliability.Tests;

/// <summary>
/// A PostgreSQL cluster of the reliability tests' own, in a temporary folder on a free port
/// from 55436 up, so it never meets the app (55432), test (55433) or benchmark (55434)
/// clusters or the 55435 cluster of <c>ops/chaos</c>. Durability is off as on the test
/// cluster: the restart scenario stops PostgreSQL cleanly, so no committed row depends on fsync.
/// </summary>
public sealed class ReliabilityCluster : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"lifecircle-reliability-{Guid.NewGuid():N}");

    public PostgresCluster Cluster { get; private set; } = null!;
    public string AppDll { get; } = Repository.AppDll(Repository.Root(), Repository.Configuration(typeof(Lab).Assembly));
    public string LogFolder { get; } = Path.Combine(Repository.Root(), ".local", "reliability-tests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));

    public async Task InitializeAsync()
    {
        var port = PostgresCluster.FindFreePort(55436, 55499);
        Cluster = await PostgresCluster.StartAsync(_folder, port, durable: false, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        ProcessRegistry.KillAll();
        if (Cluster is not null)
        {
            await Cluster.StopAsync(CancellationToken.None);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityCluster>
{
    public const string Name = "reliability";
}
