using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Providers;

/// <summary>Thresholds of the price flags, bound from <c>LifeCircle:PriceFlags</c>.</summary>
public sealed class PriceFlagOptions
{
    public const string Section = "LifeCircle:PriceFlags";

    /// <summary>A card published more often than this in <see cref="ChangeWindow"/> is flagged.</summary>
    public int MaxCardChanges { get; set; } = 3;
    public TimeSpan ChangeWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A provider whose share of bills needing an approved extra passes this is flagged, once it has <see cref="MinBills"/> bills.</summary>
    public decimal MaxApprovalShare { get; set; } = 0.2m;
    public int MinBills { get; set; } = 5;
}

public sealed record AboveGuidanceFlag(Guid ProviderId, string ProviderName, string ItemCode, string ItemName, string Comparable,
    Money Price, Money GuidancePrice);

public sealed record FrequentChangeFlag(Guid ProviderId, string ProviderName, int Changes, int Days);

public sealed record ApprovalShareFlag(Guid ProviderId, string ProviderName, int Bills, int NeededApproval, decimal Share, bool Flagged);

public sealed record PriceFlags(IReadOnlyList<AboveGuidanceFlag> AboveGuidance, IReadOnlyList<FrequentChangeFlag> FrequentChanges,
    IReadOnlyList<ApprovalShareFlag> ApprovalShares);

public static class PriceFlagEndpoints
{
    /// <summary>
    /// Flags for administrators: prices above a guidance price, cards changed too often, and
    /// each provider's share of bills that needed an approved extra charge.
    /// </summary>
    [Authorize(Roles = Roles.Admin)]
    [WolverineGet("/api/price-flags", OperationId = "getPriceFlags")]
    public static async Task<PriceFlags> Get(IQuerySession session, TimeProvider clock, PriceFlagOptions options,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var providers = await session.Query<Provider>().OrderBy(p => p.Name).ToListAsync(cancellation);
        var guidance = (await session.Query<GuidancePrice>().ToListAsync(cancellation)).ToDictionary(g => g.Id, g => g.Price);

        var above = providers
            .SelectMany(p => p.PriceCard.Select(i => (Provider: p, Item: i)))
            .Where(x => x.Item.Comparable is { } key && guidance.TryGetValue(key, out var limit) && x.Item.Price.CompareTo(limit) > 0)
            .Select(x => new AboveGuidanceFlag(x.Provider.Id, x.Provider.Name, x.Item.Code, x.Item.Name, x.Item.Comparable!, x.Item.Price,
                guidance[x.Item.Comparable!]))
            .ToList();

        var since = now - options.ChangeWindow;
        var frequent = providers
            .Select(p => (Provider: p, Changes: p.CardVersions.Count(v => v.PublishedAt >= since)))
            .Where(x => x.Changes > options.MaxCardChanges)
            .Select(x => new FrequentChangeFlag(x.Provider.Id, x.Provider.Name, x.Changes, (int)options.ChangeWindow.TotalDays))
            .ToList();

        var shares = new List<ApprovalShareFlag>();
        foreach (var provider in providers)
        {
            var providerId = provider.Id;
            var bills = await session.Query<BookingView>()
                .CountAsync(b => b.ProviderId == providerId && (b.Status == BookingStatus.Completed || b.Status == BookingStatus.Settled),
                    cancellation);
            if (bills == 0)
            {
                continue;
            }

            var needed = await session.Query<BookingView>()
                .CountAsync(b => b.ProviderId == providerId
                                 && (b.Status == BookingStatus.Completed || b.Status == BookingStatus.Settled)
                                 && b.Proposals.Any(p => p.Kind == ProposalKind.Extra && p.Status == ProposalStatus.Approved),
                    cancellation);
            var share = decimal.Round((decimal)needed / bills, 4);
            shares.Add(new ApprovalShareFlag(providerId, provider.Name, bills, needed, share,
                bills >= options.MinBills && share > options.MaxApprovalShare));
        }

        return new PriceFlags(above, frequent, shares.OrderByDescending(s => s.Share).ToList());
    }
}
