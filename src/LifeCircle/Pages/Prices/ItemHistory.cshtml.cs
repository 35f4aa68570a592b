using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;

namespace LifeCircle.Pages.Prices;

/// <summary>One item's price in every card version since it was first listed, like <c>GET /api/providers/{id}/price-history/{code}</c>.</summary>
[AllowAnonymous]
public sealed class ItemHistoryModel(IDocumentStore store, TimeProvider clock) : LifeCirclePageModel
{
    public LifeCircle.Providers.Provider? Provider { get; private set; }

    /// <summary>The item as last listed, for its name and unit.</summary>
    public PriceItem? Item { get; private set; }

    /// <summary>Oldest version first; <see cref="PriceHistoryEntry.Withdrawn"/> marks a version without the item.</summary>
    public IReadOnlyList<PriceHistoryEntry> History { get; private set; } = [];

    public async Task OnGetAsync(Guid id, string code, CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        await using var session = QuerySessionFor(store, caller);
        var provider = await session.LoadAsync<LifeCircle.Providers.Provider>(id, cancellation);
        var listing = provider?.CardVersions.Where(v => v.Items.Any(i => i.Code == code)).OrderBy(v => v.Version).ToList() ?? [];
        if (provider is null || !provider.Verified || listing.Count == 0)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Provider = provider;
        Item = listing[^1].Items.First(i => i.Code == code);
        var firstListed = listing[0].Version;
        History = provider.CardVersions
            .Where(v => v.Version >= firstListed)
            .OrderBy(v => v.Version)
            .Select(v => v.Items.FirstOrDefault(i => i.Code == code) is { } item
                ? new PriceHistoryEntry(v.Version, v.EffectiveFrom, v.TookEffectAt, item.Price, false)
                : new PriceHistoryEntry(v.Version, v.EffectiveFrom, v.TookEffectAt, null, true))
            .ToList();
    }
}
