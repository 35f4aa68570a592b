using JasperFx.Events.Projections;
using Marten;

namespace LifeCircle.Providers;

public static class ProvidersModule
{
    public static StoreOptions AddProviders(this StoreOptions options)
    {
        options.Projections.Add<ProviderProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PriceStatisticsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ChargeRecord>().Index(x => x.ProviderId).Index(x => x.At);
        options.Schema.For<GuidancePrice>();
        return options;
    }

    public static IServiceCollection AddProviders(this IServiceCollection services, IConfiguration configuration)
    {
        var flags = new PriceFlagOptions();
        configuration.GetSection(PriceFlagOptions.Section).Bind(flags);
        services.AddSingleton(flags);
        return services;
    }
}
