using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

/// <summary>
/// A provider takes a job, or confirms the new window of a job it had already taken.
/// Of several providers racing for one job, exactly one wins; the others get 409.
/// </summary>
public static class AcceptBookingEndpoint
{
    public static Task<Provider?> LoadAsync(Caller caller, IQuerySession session, CancellationToken cancellation) =>
        BookingAccess.LoadProviderAsync(caller, session, cancellation);

    public static ProblemDetails Validate([Aggregate] Booking booking, [NotBody] Provider? provider, [NotBody] Caller caller) =>
        Decide(booking, provider, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/accept", OperationId = "acceptBooking")]
    public static (BookingChanged, Events) Post([Aggregate] Booking booking, [NotBody] Provider? provider, [NotBody] Caller caller)
    {
        var decision = Decide(booking, provider, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    public static BookingDecision Decide(Booking booking, Provider? provider, Caller caller)
    {
        // A job open to all stays visible to every provider that could have taken it, so the
        // providers that lose the race learn that it was taken, not that it does not exist.
        var visible = BookingAccess.MayAct(booking, caller) || booking.TargetProviderId is null;
        if (provider is null || !visible || !provider.Offers(booking.Service) || !provider.Covers(booking.CommunityCode))
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (!provider.Verified)
        {
            return Problems.Conflict("Provider_NotVerified", provider.Name);
        }

        if (provider.Suspended)
        {
            return Problems.Conflict("Provider_Suspended", provider.Name);
        }

        var mine = booking.ProviderId == provider.Id;
        if (booking.Status == BookingStatus.Accepted && mine)
        {
            return BookingDecision.NoChange;
        }

        if (booking.Status == BookingStatus.Rescheduled && mine)
        {
            return BookingDecision.Append(new RescheduleConfirmed(booking.Id, provider.Id, caller.Actor, caller.Now));
        }

        if (booking.ProviderId is not null && !mine)
        {
            return Problems.Conflict("Booking_TakenByAnother");
        }

        if (booking.Status != BookingStatus.Requested)
        {
            return BookingProblems.InvalidTransition("Accept", booking.Status);
        }

        if (booking.DeclinedBy.Contains(provider.Id))
        {
            return Problems.Conflict("Booking_YouDeclined");
        }

        return BookingDecision.Append(new BookingAccepted(booking.Id, provider.Id, provider.Name, caller.Actor, caller.Now,
            provider.CardVersion));
    }
}
