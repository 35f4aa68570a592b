using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

/// <summary>
/// The assigned provider checks in at the home. A resident's first bath may start only
/// once a bathing assessment and a signed service agreement are on record.
/// </summary>
public static class StartBookingEndpoint
{
    public static ProblemDetails Validate([Aggregate] Booking booking, [NotBody] Caller caller) =>
        Decide(booking, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/start", OperationId = "startBooking")]
    public static (BookingChanged, Events) Post([Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = Decide(booking, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    public static BookingDecision Decide(Booking booking, Caller caller)
    {
        // Before anyone accepts, the providers that may take the job can see it, so they get
        // the status conflict rather than "not found".
        var mayTake = booking.ProviderId is null && BookingAccess.MayAct(booking, caller);
        if (!caller.IsProvider(booking.ProviderId) && !mayTake)
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.Status == BookingStatus.Started)
        {
            return BookingDecision.NoChange;
        }

        if (booking.Status != BookingStatus.Accepted)
        {
            return BookingProblems.InvalidTransition("Start", booking.Status);
        }

        if (booking.Service == ServiceType.Bathing && !booking.MayStartBath)
        {
            return Problems.Conflict("Bathing_AssessmentAndAgreementFirst");
        }

        return BookingDecision.Append(new BookingStarted(booking.Id, caller.Actor, caller.Now));
    }
}
