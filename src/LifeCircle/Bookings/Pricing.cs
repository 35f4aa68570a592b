using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Localization;
using LifeCircle.Providers;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Bookings;

/// <summary>A chosen price item and how many of its unit.</summary>
public sealed record ItemChoice(string Code, decimal Quantity);

/// <summary>One line of a quote or bill, priced from a posted card version.</summary>
public sealed record QuoteLine(string ItemCode, string Name, string Unit, PriceUnit UnitKind, FeeKind Fee, Money UnitPrice,
    decimal Quantity, Money Amount);

/// <summary>
/// What the resident agreed to pay before the work, from one version of the provider's card.
/// Hourly work is an estimate: <see cref="TotalHigh"/> allows one more hour per hourly line.
/// </summary>
public sealed record Quote(Guid ProviderId, int CardVersion, QuoteLine[] Lines, Money Total, Money TotalHigh);

/// <summary>
/// A charge line of a bill as entered by the provider: a card item by <see cref="ItemCode"/>
/// or by its exact name (its unit and price come from the card), or a free line with
/// <see cref="Item"/>, <see cref="Unit"/> and <see cref="UnitPrice"/> that only an approved
/// proposal allows.
/// </summary>
public sealed record ChargeInput(string? Item, decimal Quantity, string? Unit = null, decimal? UnitPrice = null, string? ItemCode = null);

/// <summary>The rules that bind charges to posted prices (明码标价).</summary>
public static class Pricing
{
    /// <summary>Returns whether a quantity is one the unit allows: one job, whole pieces or portions, half hours, tenths of a metre or kilometre.</summary>
    public static bool QuantityFits(PriceUnit unit, decimal quantity) => quantity > 0 && unit switch
    {
        PriceUnit.PerJob => quantity == 1,
        PriceUnit.PerPiece or PriceUnit.PerPortion => quantity == decimal.Truncate(quantity),
        PriceUnit.PerHour => quantity % 0.5m == 0,
        _ => quantity * 10 == decimal.Truncate(quantity * 10)
    };

    public static QuoteLine LineOf(PriceItem item, decimal quantity) => new(item.Code, item.Name, item.Unit, item.UnitKind, item.Fee,
        item.Price, quantity, item.Price.Times(quantity));

    /// <summary>Prices chosen items from the provider's card in effect, or names the first item that breaks a rule.</summary>
    public static (Quote? Quote, ProblemDetails? Problem) QuoteOf(Provider provider, ServiceType service, IReadOnlyList<ItemChoice> choices)
    {
        var lines = new List<QuoteLine>();
        foreach (var (choice, index) in choices.Select((c, i) => (c, i + 1)))
        {
            var item = provider.PriceCard.FirstOrDefault(i => i.Code == choice.Code && i.Service == service);
            if (item is null)
            {
                return (null, Problems.Conflict("Quote_ItemNotOnCard", index, choice.Code, provider.Name));
            }

            if (!QuantityFits(item.UnitKind, choice.Quantity))
            {
                return (null, Problems.BadRequest("Charge_QuantityUnit", index, item.Name, Text.Of(item.UnitKind)));
            }

            lines.Add(LineOf(item, choice.Quantity));
        }

        if (lines.Count > 1 && lines.Any(l => l.Fee == FeeKind.InspectionVisitFee))
        {
            return (null, Problems.Conflict("Charge_VisitFeeWithService"));
        }

        var total = Sum(lines.Select(l => l.Amount));
        var high = total + Sum(lines.Where(l => l.UnitKind == PriceUnit.PerHour).Select(l => l.UnitPrice));
        return (new Quote(provider.Id, provider.CardVersion, [.. lines], total, high), null);
    }

    /// <summary>
    /// Resolves a provider's charge lines against a card version: card items at their posted
    /// price and unit, free lines as given. Returns the first line that breaks a card rule.
    /// </summary>
    public static (ChargeLine[]? Lines, ProblemDetails? Problem) Resolve(IReadOnlyList<ChargeInput> inputs, PriceCardVersion? card)
    {
        var lines = new List<ChargeLine>();
        foreach (var (input, index) in inputs.Select((c, i) => (c, i + 1)))
        {
            var code = input.ItemCode ?? card?.Items.FirstOrDefault(i => i.Name == input.Item?.Trim())?.Code;
            if (code is null)
            {
                var free = Money.Of(input.UnitPrice!.Value);
                lines.Add(new ChargeLine(input.Item!.Trim(), input.Quantity, input.Unit!.Trim(), free, free.Times(input.Quantity)));
                continue;
            }

            var item = card?.Items.FirstOrDefault(i => i.Code == code);
            if (item is null)
            {
                return (null, Problems.Conflict("Charge_NotOnCard", index, code, card?.Version ?? 0));
            }

            if (input.UnitPrice is { } asked && asked != item.Price.Yuan)
            {
                return (null, Problems.Conflict("Charge_PriceDiffers", index, item.Name, Money.Of(asked), item.Price));
            }

            if (!QuantityFits(item.UnitKind, input.Quantity))
            {
                return (null, Problems.BadRequest("Charge_QuantityUnit", index, item.Name, Text.Of(item.UnitKind)));
            }

            lines.Add(new ChargeLine(item.Name, input.Quantity, item.Unit, item.Price, item.Price.Times(input.Quantity), item.Code,
                card!.Version, item.Fee));
        }

        return (lines.ToArray(), null);
    }

    /// <summary>
    /// Checks a bill against what the resident agreed to: the quote and the approved
    /// proposals. Free lines may use up to the approved quantity of the same item, unit and
    /// price, counted over all lines; a visit fee stands alone; and the total may not pass the
    /// quote's upper estimate plus the approved proposals.
    /// </summary>
    public static ProblemDetails? CheckBill(IReadOnlyList<ChargeLine> bill, Quote? quote, IReadOnlyList<ChargeProposal> approved)
    {
        // Counted over the whole bill, so that one approved item cannot be billed twice within
        // the hour of slack an hourly quote allows.
        var approvedFree = approved.SelectMany(p => p.Lines).Where(l => l.ItemCode is null)
            .GroupBy(l => (l.Item, l.Unit, l.UnitPrice))
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        foreach (var (line, index) in bill.Select((l, i) => (l, i + 1)))
        {
            if (line.ItemCode is not null)
            {
                continue;
            }

            var key = (line.Item, line.Unit, line.UnitPrice);
            if (!approvedFree.TryGetValue(key, out var left) || line.Quantity > left)
            {
                return Problems.Conflict("Charge_NeedsApproval", index, line.Item);
            }

            approvedFree[key] = left - line.Quantity;
        }

        if (bill.Count > 1 && bill.Any(l => l.Fee == FeeKind.InspectionVisitFee))
        {
            return Problems.Conflict("Charge_VisitFeeWithService");
        }

        var total = Sum(bill.Select(l => l.Amount));
        var budget = (quote?.TotalHigh ?? Money.Zero) + Sum(approved.Select(p => p.Total));
        return total.CompareTo(budget) > 0 ? Problems.Conflict("Charge_AboveQuote", total, budget) : null;
    }

    public static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (sum, amount) => sum + amount);
}
