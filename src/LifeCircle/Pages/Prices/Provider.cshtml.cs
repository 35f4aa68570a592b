using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;

namespace LifeCircle.Pages.Prices;

/// <summary>One provider's card in effect and every published version, open to everyone.</summary>
[AllowAnonymous]
public sealed class ProviderPricesModel(IDocumentStore store, TimeProvider clock) : LifeCirclePageModel
{
    public LifeCircle.Providers.Provider? Provider { get; private set; }

    /// <summary>Published versions, newest first.</summary>
    public IReadOnlyList<PriceCardVersion> Versions { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        Now = caller.Now;
        await using var session = QuerySessionFor(store, caller);
        Provider = await session.LoadAsync<LifeCircle.Providers.Provider>(id, cancellation);
        if (Provider is null || !Provider.Verified)
        {
            Provider = null;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Versions = Provider.CardVersions.OrderByDescending(v => v.Version).ToList();
    }

    /// <summary>Describes a version's state: in effect, waiting for its effective time, or replaced by a later one.</summary>
    public string StateOf(PriceCardVersion version) =>
        version.Version == Provider?.CardVersion ? "当前生效"
        : version.TookEffectAt is null && version.Version > (Provider?.CardVersion ?? 0) ? "待生效"
        : "已被新版本替换";
}
