using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;

namespace LifeCircle.Pages.Admin;

/// <summary>A comparable item in the district: its statistics, a name to show, and the guidance price if set.</summary>
public sealed record ComparableRow(ItemStatistics Statistics, string Name);

/// <summary>
/// Price warnings for administrators (价格预警): the flags of <c>GET /api/price-flags</c>, the
/// district's price statistics, and a guidance price per comparable item, which site.js saves
/// through <c>PUT /api/guidance-prices/{comparable}</c>.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class PricesModel(IDocumentStore store, TimeProvider clock, PriceFlagOptions options) : LifeCirclePageModel
{
    /// <summary>和平区, Shenyang: the district of the demo communities.</summary>
    public const string District = "210102";

    public PriceFlags Flags { get; private set; } = new([], [], []);

    public string DistrictName { get; private set; } = District;

    public IReadOnlyList<ComparableRow> Comparables { get; private set; } = [];

    public PriceFlagOptions Options => options;

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        await using var session = QuerySessionFor(store, caller);
        Flags = await PriceFlagEndpoints.Get(session, clock, options, cancellation);
        DistrictName = (await session.LoadAsync<Division>(District, cancellation))?.Name ?? District;

        var guidance = (await session.Query<GuidancePrice>().ToListAsync(cancellation)).ToDictionary(g => g.Id, g => g.Price);
        var providers = await session.Query<LifeCircle.Providers.Provider>().Where(p => p.Verified && !p.Suspended).ToListAsync(cancellation);

        // The same selection as GET /api/price-stats: providers whose area lies in the district or is the whole city.
        Comparables = providers
            .Where(p => p.ServiceArea.Count == 0 || p.ServiceArea.Any(c => c.StartsWith(District, StringComparison.Ordinal)))
            .SelectMany(p => p.PriceCard)
            .Where(i => i.Comparable is not null)
            .GroupBy(i => (Key: i.Comparable!, i.Service))
            .OrderBy(g => g.Key.Service).ThenBy(g => g.Key.Key)
            .Select(g =>
            {
                var (count, min, median, max) = PriceRules.Summarize(g.Select(i => i.Price.Yuan).ToList());
                var statistics = new ItemStatistics(g.Key.Key, g.Key.Service, count, Money.Of(min), Money.Of(median), Money.Of(max),
                    guidance.TryGetValue(g.Key.Key, out var price) ? price : null);
                // Providers name the same catalogue item differently, so the most common name stands for it.
                var name = g.GroupBy(i => i.Name).OrderByDescending(n => n.Count()).ThenBy(n => n.Key).First().Key;
                return new ComparableRow(statistics, name);
            })
            .ToList();
    }

    public static string Share(decimal share) => (share * 100m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
