using LifeCircle.Bookings;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Time;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Providers;

/// <summary>
/// One booking on a staff member's schedule. <paramref name="OccupiesStaff"/> is false for dine-in
/// and pick-up meals, which do not keep the staff member from other bookings.
/// </summary>
public sealed record StaffScheduleEntry(
    Guid BookingId,
    string Number,
    ServiceType Service,
    string ServiceText,
    BookingStatus Status,
    string StatusText,
    TimeWindow Window,
    string WindowText,
    string CommunityName,
    bool OccupiesStaff);

/// <summary>A staff member's active bookings from <paramref name="From"/> for <paramref name="Days"/> local days.</summary>
public sealed record StaffSchedule(Guid StaffId, string StaffName, DateOnly From, int Days, IReadOnlyList<StaffScheduleEntry> Bookings);

public static class StaffScheduleEndpoint
{
    public const int DefaultDays = 7;
    public const int MaxDays = 31;

    /// <summary>
    /// Lists the accepted, rescheduled and started bookings of one of the signed-in provider's
    /// staff members whose windows overlap the local days asked for (Asia/Shanghai), earliest
    /// first. <c>from</c> defaults to today and <c>days</c> to 7.
    /// </summary>
    [Authorize(Roles = Roles.Provider)]
    [WolverineGet("/api/providers/me/staff/{staffId}/schedule", OperationId = "getStaffSchedule")]
    public static async Task<IResult> Get(Guid staffId, DateOnly? from, int? days, [NotBody] Caller caller, IQuerySession session,
        CancellationToken cancellation)
    {
        var dayCount = days ?? DefaultDays;
        if (dayCount is < 1 or > MaxDays)
        {
            var problem = Problems.BadRequest("Schedule_InvalidDays", MaxDays, dayCount);
            problem.Extensions["field"] = "days";
            return Results.Problem(problem);
        }

        var provider = await BookingAccess.LoadProviderAsync(caller, session, cancellation);
        if (provider is null)
        {
            return Results.Problem(Problems.NotFound("Provider_NotFound", caller.Actor.ProviderId));
        }

        if (provider.Staff.FirstOrDefault(s => s.Id == staffId) is not { } staff)
        {
            return Results.Problem(Problems.NotFound("Staff_NotFound", staffId));
        }

        var firstDay = from ?? ShanghaiTime.Today(caller.Now);
        var range = new TimeWindow(ShanghaiTime.At(firstDay, TimeOnly.MinValue), ShanghaiTime.At(firstDay.AddDays(dayCount), TimeOnly.MinValue));
        var providerId = provider.Id;
        var assigned = await session.Query<BookingView>()
            .Where(b => b.StaffId == staffId && b.ProviderId == providerId)
            .Where(b => b.Status == BookingStatus.Accepted || b.Status == BookingStatus.Rescheduled || b.Status == BookingStatus.Started)
            .ToListAsync(cancellation);

        var entries = assigned
            .Where(b => b.Window.Start < range.End && b.Window.End > range.Start)
            .OrderBy(b => b.Window.Start)
            .ThenBy(b => b.Number)
            .Select(EntryOf)
            .ToList();
        return Results.Ok(new StaffSchedule(staff.Id, staff.Name, firstDay, dayCount, entries));
    }

    private static StaffScheduleEntry EntryOf(BookingView booking) => new(
        booking.Id,
        booking.Number,
        booking.Service,
        Text.Of(booking.Service),
        booking.Status,
        Text.Of(booking.Status),
        booking.Window,
        StaffSlots.FormatWindow(booking.Window),
        booking.CommunityName,
        StaffSlots.Occupies(booking.Service, booking.Details.Meal?.Fulfilment));
}
