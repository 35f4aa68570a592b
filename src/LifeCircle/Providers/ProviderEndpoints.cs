using LifeCircle.Bookings;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Providers;

public static class ProviderEndpoints
{
    /// <summary>Verified providers offering a service, optionally only those serving one community.</summary>
    [Authorize]
    [WolverineGet("/api/providers", OperationId = "listProviders")]
    public static async Task<IReadOnlyList<Provider>> List(ServiceType? service, string? community, [NotBody] Caller caller,
        IQuerySession session, CancellationToken cancellation)
    {
        var providers = await session.Query<Provider>().Where(p => p.Verified && !p.Suspended).OrderBy(p => p.Name).ToListAsync(cancellation);
        return providers
            .Where(p => service is null || p.Offers(service.Value))
            .Where(p => community is null || p.Covers(community))
            .Select(p => ShownTo(p, caller))
            .ToList();
    }

    [Authorize]
    [WolverineGet("/api/providers/{id}", OperationId = "getProvider")]
    public static async Task<IResult> Get(Guid id, [NotBody] Caller caller, IQuerySession session, CancellationToken cancellation)
    {
        var provider = await session.LoadAsync<Provider>(id, cancellation);
        return provider is null ? Results.Problem(Problems.NotFound("Provider_NotFound", id)) : Results.Ok(ShownTo(provider, caller));
    }

    /// <summary>Credential numbers are for the provider itself and administrators only.</summary>
    private static Provider ShownTo(Provider provider, Caller caller) =>
        caller.Role == ActorRole.Admin || caller.IsProvider(provider.Id) ? provider : provider.PublicView();

    /// <summary>The signed-in provider's own record.</summary>
    [Authorize(Roles = Roles.Provider)]
    [WolverineGet("/api/providers/me", OperationId = "getMyProvider")]
    public static async Task<IResult> GetMine([NotBody] Caller caller, IQuerySession session, CancellationToken cancellation)
    {
        var provider = await BookingAccess.LoadProviderAsync(caller, session, cancellation);
        return provider is null ? Results.Problem(Problems.NotFound("Provider_NotFound", caller.Actor.ProviderId)) : Results.Ok(provider);
    }
}
