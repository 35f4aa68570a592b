using System.Security.Claims;
using JasperFx;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Tenancy;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Bookings;

/// <summary>
/// Turns the duplicate slot of a lost race (two bookings assigned the same staff member at
/// once) into the same <c>Staff_Busy</c> problem that the unraced case gets, naming the booking
/// that won. Falls back to the general 409 when the winning slot is gone again.
/// </summary>
public sealed class StaffSlotConflicts(IDocumentStore store, ILogger<StaffSlotConflicts> logger) : IProblemExplainer
{
    public async ValueTask<ProblemDetails?> ExplainAsync(Exception exception, HttpContext context, CancellationToken cancellation)
    {
        var duplicate = DuplicateSlotIn(exception);
        if (duplicate?.Id is not string slotId)
        {
            return null;
        }

        var city = context.User.FindFirstValue(LifeCircleClaims.City) ?? City.Shenyang;
        await using var session = store.QuerySession(city);
        var winningSlot = await session.LoadAsync<StaffSlot>(slotId, cancellation);
        logger.LogInformation("Staff slot {SlotId} was claimed by a concurrent request for booking {BookingId}", slotId,
            winningSlot?.BookingId);
        return winningSlot is null ? null : StaffSlots.Busy(winningSlot);
    }

    private static DocumentAlreadyExistsException? DuplicateSlotIn(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DocumentAlreadyExistsException duplicate && duplicate.DocumentType == typeof(StaffSlot))
            {
                return duplicate;
            }
        }

        return null;
    }
}
