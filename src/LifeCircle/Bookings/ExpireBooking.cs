using LifeCircle.Core.Identity;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

/// <summary>A durable timer set for a booking's acceptance deadline.</summary>
public sealed record ExpireBooking(Guid BookingId);

/// <summary>
/// Expires a booking that no provider accepted (or whose new window no provider confirmed)
/// by its deadline. Timers may fire late, twice, or after the deadline moved, so the handler
/// changes nothing unless the booking still awaits a provider and its current deadline passed.
/// </summary>
public static class ExpireBookingHandler
{
    /// <summary>Expires the booking if it is due, and frees the slots of a staff member assigned before a reschedule.</summary>
    public static (Events, IMartenOp) Handle(ExpireBooking command, [WriteAggregate] Booking booking, TimeProvider clock,
        ILogger<ExpireBooking> logger)
    {
        var now = clock.GetUtcNow();
        var events = Decide(booking, now);
        logger.LogInformation("Expiry timer for booking {BookingId}: {Outcome}", booking.Id,
            events.Length > 0 ? "expired" : "nothing to do");
        return (new Events(events), StaffSlots.ReleaseIfEnded(booking, BookingDecision.Append(events)));
    }

    public static object[] Decide(Booking booking, DateTimeOffset now) =>
        booking.AwaitsProvider && now >= booking.AcceptBy
            ? [new BookingExpired(booking.Id, booking.AcceptBy, Actor.System, now)]
            : [];
}
