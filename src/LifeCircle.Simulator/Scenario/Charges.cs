using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>A line of a quote or bill: an item of the provider's posted price card and its quantity.</summary>
public sealed record PricedLine(PriceItem Item, decimal Quantity)
{
    public ItemChoice Choice => new(Item.Code, Quantity);

    public ChargeInput Charge => new(Item.Code, Quantity);

    /// <summary>The line's amount as the app computes it: rounded to the fen, half away from zero.</summary>
    public decimal Amount => decimal.Round(Item.Price * Quantity, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Prices a booking's work from the posted price card of the provider that does it.</summary>
public static class Charges
{
    /// <summary>
    /// Returns the lines for the booking's work, using only items of the booking's service on
    /// <paramref name="provider"/>'s card, or null when the card has none.
    /// </summary>
    public static PricedLine[]? For(PlannedBooking booking, ProviderActor provider)
    {
        var items = provider.ItemsFor(booking.Service).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        PriceItem? Find(string code) => items.FirstOrDefault(i => i.Code == code);
        switch (booking.Service)
        {
            case ServiceType.Meal when booking.Meal is { } meal:
                var lines = new List<PricedLine> { new(Find(Catalog.MealCode(meal)) ?? items[0], meal.Portions) };
                if (meal.Fulfilment == MealFulfilment.Delivery && Find(Catalog.MealDeliveryCode) is { } delivery)
                {
                    lines.Add(new PricedLine(delivery, 1m));
                }

                return [.. lines];
            case ServiceType.Housekeeping when booking.Request.Housekeeping is { } housekeeping:
                var (code, quantity) = Catalog.HousekeepingCharge(housekeeping);
                return Find(code) is { } task ? [new PricedLine(task, quantity)] : [new PricedLine(items[0], 1m)];
            case ServiceType.Repair when booking.RepairJob is { } job:
                // A provider without the item for the job only inspects, and the app allows no other line beside a visit fee.
                var repair = job.PriceCodes.Select(Find).FirstOrDefault(i => i is not null);
                if (repair is not null)
                {
                    return [new PricedLine(repair, job.Quantity)];
                }

                return [new PricedLine(items.FirstOrDefault(i => i.Fee == FeeKind.InspectionVisitFee) ?? items[0], 1m)];
            case ServiceType.Bathing when booking.Request.Bathing is { } bathing:
                return [new PricedLine(Find(Catalog.BathingCode(bathing.Mode)) ?? items[0], 1m)];
            default:
                return [new PricedLine(items[0], 1m)];
        }
    }

    /// <summary>
    /// Returns the parts line for a repair whose job item has a retail part on the provider's
    /// card (by the card's convention, the item's code followed by <c>-PART</c>), or null.
    /// </summary>
    public static PricedLine? PartsFor(PlannedBooking booking, ProviderActor provider)
    {
        if (For(booking, provider) is not [var work] || booking.Service != ServiceType.Repair)
        {
            return null;
        }

        var part = provider.ItemsFor(ServiceType.Repair)
            .FirstOrDefault(i => i.Fee == FeeKind.PartsAtRetail && i.Code == work.Item.Code + "-PART");
        return part is null ? null : new PricedLine(part, work.Quantity);
    }

    /// <summary>Prices chosen items from the provider's card; returns null when an item is not on it.</summary>
    public static PricedLine[]? Of(IEnumerable<ItemChoice> choices, ProviderActor provider)
    {
        var lines = new List<PricedLine>();
        foreach (var choice in choices)
        {
            if (provider.Record.PriceCard.FirstOrDefault(i => i.Code == choice.Code) is not { } item)
            {
                return null;
            }

            lines.Add(new PricedLine(item, choice.Quantity));
        }

        return [.. lines];
    }

    public static decimal Total(IEnumerable<PricedLine> lines) => lines.Sum(line => line.Amount);
}
