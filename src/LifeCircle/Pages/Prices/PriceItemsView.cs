using LifeCircle.Providers;

namespace LifeCircle.Pages.Prices;

/// <summary>The items of one card version, each linked to its price history.</summary>
public sealed record PriceItemsView(Guid ProviderId, IReadOnlyList<PriceItem> Items);
