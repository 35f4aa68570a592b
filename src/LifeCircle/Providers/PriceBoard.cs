using FluentValidation;
using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Providers;

/// <summary>
/// A price item as the public board shows it, with the reference price: the lowest price
/// actually charged for it in the previous 7 days, the only "original price" a discount may show.
/// </summary>
public sealed record BoardItem(PriceItem Item, Money? ReferencePrice, Money? GuidancePrice);

public sealed record BoardEntry(Guid ProviderId, string ProviderName, ProviderKind Kind, int CardVersion, DateTimeOffset? CardChangedAt,
    IReadOnlyList<BoardItem> Items);

public sealed record PriceHistoryEntry(int Version, DateTimeOffset EffectiveFrom, DateTimeOffset? TookEffectAt, Money? Price, bool Withdrawn);

public sealed record ItemStatistics(string Comparable, ServiceType Service, int Count, Money Min, Money Median, Money Max, Money? GuidancePrice);

/// <summary>An administrator's guidance price (指导价) for a comparable item.</summary>
public sealed class GuidancePrice
{
    public string Id { get; set; } = "";
    public Money Price { get; set; }
    public Guid SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

public sealed record SetGuidancePrice(decimal Price);

public sealed class SetGuidancePriceValidator : AbstractValidator<SetGuidancePrice>
{
    public SetGuidancePriceValidator()
    {
        RuleFor(x => x.Price).Must(Money.IsValid).WithMessage(_ => Text.Get("Money_Invalid"));
    }
}

public static class PriceRules
{
    public static readonly TimeSpan ReferenceWindow = TimeSpan.FromDays(7);

    /// <summary>True when a charge at <paramref name="chargedAt"/> counts for the reference price at <paramref name="now"/>: within the 7 days before now.</summary>
    public static bool InReferenceWindow(DateTimeOffset chargedAt, DateTimeOffset now) =>
        chargedAt >= now - ReferenceWindow && chargedAt < now;

    /// <summary>Count, minimum, median (the mean of the two middle values for an even count) and maximum.</summary>
    public static (int Count, decimal Min, decimal Median, decimal Max) Summarize(IReadOnlyCollection<decimal> prices)
    {
        var sorted = prices.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
        return (sorted.Length, sorted[0], decimal.Round(median, 2, MidpointRounding.AwayFromZero), sorted[^1]);
    }

    /// <summary>The lowest price charged per item code of one provider in the reference window.</summary>
    public static async Task<IReadOnlyDictionary<string, Money>> ReferencePricesAsync(IQuerySession session, Guid providerId,
        DateTimeOffset now, CancellationToken cancellation)
    {
        var from = now - ReferenceWindow;
        var records = await session.Query<ChargeRecord>()
            .Where(r => r.ProviderId == providerId && r.At >= from && r.At < now)
            .ToListAsync(cancellation);
        return records.GroupBy(r => r.ItemCode).ToDictionary(g => g.Key, g => Money.Of(g.Min(r => r.UnitPrice)));
    }
}

/// <summary>The public price board and price history, statistics, guidance prices and flags for administrators.</summary>
public static class PriceBoardEndpoints
{
    /// <summary>Every provider serving a community with a service, with its current items, units, contents and last change.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/price-board", OperationId = "getPriceBoard")]
    public static async Task<IResult> Board(string? community, ServiceType? service, IQuerySession session, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(community) || service is null)
        {
            return Results.Problem(Problems.BadRequest("PriceBoard_CommunityAndService"));
        }

        var now = clock.GetUtcNow();
        var guidance = await GuidanceAsync(session, cancellation);
        var providers = await session.Query<Provider>().Where(p => p.Verified && !p.Suspended).ToListAsync(cancellation);
        var entries = new List<BoardEntry>();
        foreach (var provider in providers.Where(p => p.Offers(service.Value) && p.Covers(community)).OrderBy(p => p.Name))
        {
            var references = await PriceRules.ReferencePricesAsync(session, provider.Id, now, cancellation);
            var items = provider.PriceCard.Where(i => i.Service == service)
                .Select(i => new BoardItem(i, references.TryGetValue(i.Code, out var reference) ? reference : null,
                    i.Comparable is { } key && guidance.TryGetValue(key, out var g) ? g : null))
                .ToList();
            entries.Add(new BoardEntry(provider.Id, provider.Name, provider.Kind, provider.CardVersion, provider.CardChangedAt, items));
        }

        return Results.Ok(entries);
    }

    /// <summary>The price of one item in every card version, including versions that withdrew it.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/providers/{providerId}/price-history/{code}", OperationId = "getPriceHistory")]
    public static async Task<IResult> History(Guid providerId, string code, IQuerySession session, CancellationToken cancellation)
    {
        var provider = await session.LoadAsync<Provider>(providerId, cancellation);
        if (provider is null || provider.CardVersions.All(v => v.Items.All(i => i.Code != code)))
        {
            return Results.Problem(Problems.NotFound("PriceCard_ItemNotFound", code));
        }

        var firstListed = provider.CardVersions.Where(v => v.Items.Any(i => i.Code == code)).Min(v => v.Version);
        var history = provider.CardVersions
            .Where(v => v.Version >= firstListed)
            .OrderBy(v => v.Version)
            .Select(v => v.Items.FirstOrDefault(i => i.Code == code) is { } item
                ? new PriceHistoryEntry(v.Version, v.EffectiveFrom, v.TookEffectAt, item.Price, false)
                : new PriceHistoryEntry(v.Version, v.EffectiveFrom, v.TookEffectAt, null, true))
            .ToList();
        return Results.Ok(history);
    }

    /// <summary>Count, minimum, median and maximum of the current posted prices per comparable item in a district.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/price-stats", OperationId = "getPriceStatistics")]
    public static async Task<IResult> Statistics(string? district, IQuerySession session, CancellationToken cancellation)
    {
        if (district is not { Length: 6 } || !district.All(char.IsAsciiDigit))
        {
            return Results.Problem(Problems.BadRequest("PriceStats_DistrictCode"));
        }

        var guidance = await GuidanceAsync(session, cancellation);
        var providers = await session.Query<Provider>().Where(p => p.Verified && !p.Suspended).ToListAsync(cancellation);
        var stats = providers
            .Where(p => p.ServiceArea.Count == 0 || p.ServiceArea.Any(c => c.StartsWith(district, StringComparison.Ordinal)))
            .SelectMany(p => p.PriceCard)
            .Where(i => i.Comparable is not null)
            .GroupBy(i => (i.Comparable!, i.Service))
            .OrderBy(g => g.Key.Item1)
            .Select(g =>
            {
                var (count, min, median, max) = PriceRules.Summarize(g.Select(i => i.Price.Yuan).ToList());
                return new ItemStatistics(g.Key.Item1, g.Key.Service, count, Money.Of(min), Money.Of(median), Money.Of(max),
                    guidance.TryGetValue(g.Key.Item1, out var price) ? price : null);
            })
            .ToList();
        return Results.Ok(stats);
    }

    [AllowAnonymous]
    [WolverineGet("/api/guidance-prices", OperationId = "listGuidancePrices")]
    public static async Task<IReadOnlyList<GuidancePrice>> ListGuidance(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<GuidancePrice>().OrderBy(g => g.Id).ToListAsync(cancellation);

    [Authorize(Roles = Roles.Admin)]
    [WolverinePut("/api/guidance-prices/{comparable}", OperationId = "setGuidancePrice")]
    public static async Task<IResult> SetGuidance(string comparable, SetGuidancePrice command, [NotBody] Caller caller,
        IDocumentSession session, CancellationToken cancellation)
    {
        if (comparable.Length > 40 || !comparable.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            return Results.Problem(Problems.BadRequest("Guidance_KeyFormat"));
        }

        var price = new GuidancePrice { Id = comparable, Price = Money.Of(command.Price), SetBy = caller.Actor.AccountId, SetAt = caller.Now };
        session.Store(price);
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(price);
    }

    private static async Task<Dictionary<string, Money>> GuidanceAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<GuidancePrice>().ToListAsync(cancellation)).ToDictionary(g => g.Id, g => g.Price);
}
