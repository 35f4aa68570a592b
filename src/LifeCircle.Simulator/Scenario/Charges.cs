using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>Builds the bill of a finished job from the accepting provider's posted price card.</summary>
public static class Charges
{
    /// <summary>
    /// Returns the charge lines for the booking, using only items of the booking's service
    /// on <paramref name="provider"/>'s card, or null when the card has none.
    /// </summary>
    public static ChargeInput[]? For(PlannedBooking booking, ProviderActor provider)
    {
        var items = provider.ItemsFor(booking.Service).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        PriceItem? Find(string code) => items.FirstOrDefault(i => i.Code == code);
        ChargeInput Line(PriceItem item, decimal quantity) => new(item.Name, quantity, item.Unit, item.Price);

        switch (booking.Service)
        {
            case ServiceType.Meal when booking.Meal is { } meal:
                var lines = new List<ChargeInput> { Line(Find(Catalog.MealCode(meal)) ?? items[0], meal.Portions) };
                if (meal.Fulfilment == MealFulfilment.Delivery && Find(Catalog.MealDeliveryCode) is { } delivery)
                {
                    lines.Add(Line(delivery, 1m));
                }

                return [.. lines];
            case ServiceType.Housekeeping when booking.Request.Housekeeping is { } housekeeping:
                var (code, quantity) = Catalog.HousekeepingCharge(housekeeping);
                return Find(code) is { } task ? [Line(task, quantity)] : [Line(items[0], 1m)];
            case ServiceType.Repair when booking.RepairJob is { } job:
                // A provider without the item for the job only inspects and bills the visit fee.
                var repair = job.PriceCodes.Select(Find).FirstOrDefault(i => i is not null);
                if (repair is not null)
                {
                    return [Line(repair, job.Quantity)];
                }

                return [Line(items.FirstOrDefault(i => i.Code.EndsWith("-VISIT", StringComparison.Ordinal)) ?? items[0], 1m)];
            case ServiceType.Bathing when booking.Request.Bathing is { } bathing:
                return [Line(Find(Catalog.BathingCode(bathing.Mode)) ?? items[0], 1m)];
            default:
                return [Line(items[0], 1m)];
        }
    }

    /// <summary>The bill total as the app computes it: each line rounded to the fen, half away from zero.</summary>
    public static decimal Total(IEnumerable<ChargeInput> lines) =>
        lines.Sum(line => decimal.Round(line.UnitPrice * line.Quantity, 2, MidpointRounding.AwayFromZero));
}
