using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Demo;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Pages.Prices;

/// <summary>
/// The public price board (价格公示): each provider serving a community with a service, its
/// current items, the reference price and any guidance price. Open to everyone, signed in or not.
/// </summary>
[AllowAnonymous]
public sealed class PriceBoardModel(IDocumentStore store, TimeProvider clock) : LifeCirclePageModel
{
    /// <summary>The community shown before anyone chooses: 水源地社区 of the Shenyang demo set.</summary>
    public const string DefaultCommunity = "210102001002";

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    /// <summary>A community code typed by hand; it takes precedence over the list.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public ServiceType Service { get; set; } = ServiceType.Repair;

    /// <summary>The code of the community whose board is shown.</summary>
    public string ShownCommunity { get; private set; } = DefaultCommunity;

    public string? CommunityName { get; private set; }

    public string? CodeError { get; private set; }

    public IReadOnlyList<Division> Choices { get; private set; } = [];

    public IReadOnlyList<BoardEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        await using var session = QuerySessionFor(store, caller);
        Choices = (await session.LoadManyAsync<Division>(cancellation, DemoSeeder.Communities)).OrderBy(d => d.Id).ToList();

        var typed = Code?.Trim();
        if (!string.IsNullOrEmpty(typed))
        {
            if (typed.Length == 12 && typed.All(char.IsAsciiDigit))
            {
                ShownCommunity = typed;
            }
            else
            {
                CodeError = $"社区代码“{typed}”不正确：须为 12 位数字，例如 {DefaultCommunity}。";
            }
        }
        else if (!string.IsNullOrWhiteSpace(Community))
        {
            ShownCommunity = Community.Trim();
        }
        else if (caller.Actor.ResidentId is { } residentId
                 && await session.LoadAsync<ResidentProfile>(residentId, cancellation) is { CommunityCode: { } home })
        {
            ShownCommunity = home;
        }

        CommunityName = (await session.LoadAsync<Division>(ShownCommunity, cancellation))?.Name;
        Entries = await BoardAsync(session, ShownCommunity, Service, caller.Now, cancellation);
    }

    /// <summary>Builds the board the same way as <c>GET /api/price-board</c>: verified providers that are not suspended.</summary>
    private static async Task<IReadOnlyList<BoardEntry>> BoardAsync(IQuerySession session, string community, ServiceType service,
        DateTimeOffset now, CancellationToken cancellation)
    {
        var guidance = (await session.Query<GuidancePrice>().ToListAsync(cancellation)).ToDictionary(g => g.Id, g => g.Price);
        var providers = await session.Query<LifeCircle.Providers.Provider>().Where(p => p.Verified && !p.Suspended).ToListAsync(cancellation);
        var entries = new List<BoardEntry>();
        foreach (var provider in providers.Where(p => p.Offers(service) && p.Covers(community)).OrderBy(p => p.Name))
        {
            var references = await PriceRules.ReferencePricesAsync(session, provider.Id, now, cancellation);
            var items = provider.PriceCard.Where(i => i.Service == service)
                .Select(i => new BoardItem(i, references.TryGetValue(i.Code, out var reference) ? reference : null,
                    i.Comparable is { } key && guidance.TryGetValue(key, out var limit) ? limit : null))
                .ToList();
            entries.Add(new BoardEntry(provider.Id, provider.Name, provider.Kind, provider.CardVersion, provider.CardChangedAt, items));
        }

        return entries;
    }

    /// <summary>True when a posted price exceeds the administrators' guidance price.</summary>
    public static bool AboveGuidance(BoardItem item) => item.GuidancePrice is { } limit && item.Item.Price.CompareTo(limit) > 0;
}
