using System.Globalization;
using LifeCircle.Core.Http;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Time;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

/// <summary>
/// One 15-minute slot of a staff member's time, held by the booking the staff member is
/// assigned to. The id is "{staffId}:{slot start in UTC}", so two bookings can never hold the
/// same slot: the second insert fails at commit with a duplicate key.
/// </summary>
public sealed class StaffSlot
{
    public string Id { get; set; } = "";
    public Guid StaffId { get; set; }
    public string StaffName { get; set; } = "";
    public DateTimeOffset Start { get; set; }
    public Guid BookingId { get; set; }
    public string BookingNumber { get; set; } = "";

    /// <summary>The whole time window of the holding booking, for the conflict message.</summary>
    public TimeWindow Window { get; set; } = new(default, default);
}

/// <summary>
/// The guard that keeps a staff member in one home at a time. Booking windows may start at
/// any minute, so each assignment claims every 15-minute slot that its window touches, and
/// two windows conflict when they share a slot. Windows on the quarter hour conflict exactly
/// when they overlap (10:00-12:00 and 12:00-14:00 do not). Windows off the grid conflict when
/// less than one slot lies between them (10:00-10:50 and 10:55-12:00 do), which leaves the
/// staff member some minutes to travel.
/// </summary>
public static class StaffSlots
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(15);

    /// <summary>
    /// True when a booking takes its staff member away for its whole window: every home visit,
    /// and a meal delivery for its serving window. Staff who serve dine-in or pick-up meals at
    /// the canteen serve many residents at once, so those orders claim no slots.
    /// </summary>
    public static bool Occupies(ServiceType service, MealFulfilment? fulfilment) =>
        service != ServiceType.Meal || fulfilment == MealFulfilment.Delivery;

    /// <summary>True while a booking still needs its assigned staff member.</summary>
    public static bool IsActive(BookingStatus status) =>
        status is BookingStatus.Accepted or BookingStatus.Rescheduled or BookingStatus.Started;

    /// <summary>Returns the starts of the slots that a window touches, earliest first, in UTC.</summary>
    public static IReadOnlyList<DateTimeOffset> StartsOf(TimeWindow window)
    {
        var starts = new List<DateTimeOffset>();
        var ticks = window.Start.UtcTicks - window.Start.UtcTicks % Length.Ticks;
        for (var slot = new DateTimeOffset(ticks, TimeSpan.Zero); slot < window.End; slot += Length)
        {
            starts.Add(slot);
        }

        return starts;
    }

    public static string IdOf(Guid staffId, DateTimeOffset slotStart) =>
        $"{staffId:N}:{slotStart.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>Returns the ids of the slots that a staff member would hold for a window.</summary>
    public static string[] IdsFor(Guid staffId, TimeWindow window) =>
        StartsOf(window).Select(start => IdOf(staffId, start)).ToArray();

    /// <summary>Returns the slots that a booking claims for a staff member, or none when it occupies nobody.</summary>
    public static StaffSlot[] Claim(Booking booking, TimeWindow window, Guid staffId, string staffName) =>
        !booking.OccupiesStaff
            ? []
            : StartsOf(window).Select(start => new StaffSlot
            {
                Id = IdOf(staffId, start),
                StaffId = staffId,
                StaffName = staffName,
                Start = start,
                BookingId = booking.Id,
                BookingNumber = booking.Number,
                Window = window
            }).ToArray();

    /// <summary>Returns the earliest of the loaded slots that another booking holds, or null.</summary>
    public static StaffSlot? HeldByOther(IEnumerable<StaffSlot> slots, Guid bookingId) =>
        slots.Where(s => s.BookingId != bookingId).OrderBy(s => s.Start).FirstOrDefault();

    /// <summary>Builds the 409 that names the staff member and the booking that already has them.</summary>
    public static ProblemDetails Busy(StaffSlot held)
    {
        var problem = Problems.Conflict("Staff_Busy", held.StaffName, held.BookingNumber, FormatWindow(held.Window));
        problem.Extensions["staffId"] = held.StaffId;
        problem.Extensions["bookingNumber"] = held.BookingNumber;
        return problem;
    }

    /// <summary>Formats a window in Asia/Shanghai time, for example "12月5日 10:00-12:00" or "Dec 5 10:00-12:00".</summary>
    public static string FormatWindow(TimeWindow window)
    {
        var start = ShanghaiTime.ToLocal(window.Start);
        var end = ShanghaiTime.ToLocal(window.End);
        return start.Date == end.Date
            ? Text.Get("Window_SameDay", start.DateTime, end.DateTime)
            : Text.Get("Window_TwoDays", start.DateTime, end.DateTime);
    }

    /// <summary>
    /// Frees the slots of a booking whose staff assignment the decision ends (cancelled,
    /// completed, expired, declined, no-show), in the same transaction as the event.
    /// </summary>
    public static IMartenOp ReleaseIfEnded(Booking booking, BookingDecision decision) =>
        booking.StaffId is not null && decision.Events.Length > 0 && !IsActive(BookingAccess.StatusAfter(booking, decision))
            ? Release(booking.Id)
            : MartenOps.Nothing();

    /// <summary>Deletes every slot a booking holds. The booking id, not the slot ids, selects them, so no other booking's slot is touched.</summary>
    public static IMartenOp Release(Guid bookingId) => MartenOps.DeleteWhere<StaffSlot>(s => s.BookingId == bookingId);
}

/// <summary>
/// The slot changes of one command: release what the booking no longer needs, then claim new
/// slots with an insert, which fails the whole transaction when another booking holds one.
/// </summary>
public sealed class StaffSlotChanges(Guid bookingId, IReadOnlyList<StaffSlot> claim, IReadOnlyCollection<string>? keep = null) : IMartenOp
{
    public static readonly StaffSlotChanges None = new(Guid.Empty, []);

    public Guid BookingId { get; } = bookingId;

    /// <summary>Slots to insert, in ascending time order so that concurrent claims lock rows in the same order.</summary>
    public IReadOnlyList<StaffSlot> Claim { get; } = claim;

    /// <summary>
    /// Ids of slots the booking holds already and keeps (a new window overlapping the old one
    /// with the same staff member); null releases nothing.
    /// </summary>
    public IReadOnlyCollection<string>? Keep { get; } = keep;

    /// <summary>True when every slot the booking holds outside <see cref="Keep"/> is released.</summary>
    public bool ReleasesHeld { get; init; }

    public void Execute(IDocumentSession session)
    {
        if (ReleasesHeld)
        {
            var keep = (Keep ?? []).ToArray();
            var id = BookingId;
            if (keep.Length == 0)
            {
                session.DeleteWhere<StaffSlot>(s => s.BookingId == id);
            }
            else
            {
                session.DeleteWhere<StaffSlot>(s => s.BookingId == id && !keep.Contains(s.Id));
            }
        }

        foreach (var slot in Claim)
        {
            if (Keep?.Contains(slot.Id) == true)
            {
                session.Store(slot);
            }
            else
            {
                session.Insert(slot);
            }
        }
    }
}
