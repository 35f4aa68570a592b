using LifeCircle.Communities;

namespace LifeCircle.Demo;

/// <summary>
/// Loads the division codes on every start (a no-op once loaded) and, when
/// <c>LifeCircle:Demo:Seed</c> is true, the Shenyang demo set.
/// </summary>
public sealed class StartupData(DivisionCatalog divisions, IServiceProvider services, IConfiguration configuration,
    ILogger<StartupData> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await divisions.EnsureLoadedAsync(cancellationToken);
        if (configuration.GetValue<bool>("LifeCircle:Demo:Seed"))
        {
            var seeded = await ActivatorUtilities.CreateInstance<DemoSeeder>(services).SeedAsync(cancellationToken);
            logger.LogInformation("Demo data ready: {Residents} residents, {Providers} providers", seeded.Residents, seeded.Providers);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
