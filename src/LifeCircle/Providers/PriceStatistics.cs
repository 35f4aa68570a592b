using JasperFx.Events;
using LifeCircle.Bookings;
using Marten;
using Marten.Events.Projections;

namespace LifeCircle.Providers;

/// <summary>
/// One card item actually charged on a completed bill: the provider, the item, the unit price
/// and when. Reference prices (the lowest charged in the previous 7 days) are read from these.
/// </summary>
public sealed class ChargeRecord
{
    public Guid Id { get; set; }
    public Guid ProviderId { get; set; }
    public string ItemCode { get; set; } = "";
    public decimal UnitPrice { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Writes a charge record for every card item on a completed bill, inline.</summary>
public sealed partial class PriceStatisticsProjection : EventProjection
{
    public async Task Project(IEvent<BookingCompleted> e, IDocumentOperations ops, CancellationToken cancellation)
    {
        var booking = await ops.LoadAsync<BookingView>(e.Data.BookingId, cancellation);
        if (booking?.ProviderId is not { } providerId)
        {
            return;
        }

        var index = 0;
        foreach (var line in e.Data.Charges.Where(l => l.ItemCode is not null))
        {
            ops.Store(new ChargeRecord
            {
                Id = DerivedId(e.Id, index++),
                ProviderId = providerId,
                ItemCode = line.ItemCode!,
                UnitPrice = line.UnitPrice.Yuan,
                At = e.Data.At
            });
        }
    }

    // Several records come from one event; ids derived from the event id keep a rebuild from duplicating them.
    private static Guid DerivedId(Guid eventId, int index)
    {
        var bytes = eventId.ToByteArray();
        bytes[0] ^= (byte)index;
        bytes[1] ^= (byte)(index >> 8);
        return new Guid(bytes);
    }
}
