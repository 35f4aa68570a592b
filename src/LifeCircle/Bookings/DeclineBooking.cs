using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record DeclineBooking(string? Reason);

public sealed class DeclineBookingValidator : AbstractValidator<DeclineBooking>
{
    public DeclineBookingValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// A provider turns a job down. A job addressed to that provider alone, or a new window it
/// cannot make, ends as declined; an open job stays open for the other providers.
/// </summary>
public static class DeclineBookingEndpoint
{
    public static ProblemDetails Validate(DeclineBooking command, [Aggregate] Booking booking, [NotBody] Caller caller) =>
        Decide(command, booking, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/decline", OperationId = "declineBooking")]
    public static (BookingChanged, Events, IMartenOp) Post(DeclineBooking command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), StaffSlots.ReleaseIfEnded(booking, decision));
    }

    public static BookingDecision Decide(DeclineBooking command, Booking booking, Caller caller)
    {
        var providerId = caller.Actor.ProviderId!.Value;
        if (!BookingAccess.MayAct(booking, caller))
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.DeclinedBy.Contains(providerId))
        {
            return BookingDecision.NoChange;
        }

        var addressedToMe = booking.TargetProviderId == providerId;
        var myNewWindow = booking.Status == BookingStatus.Rescheduled && booking.ProviderId == providerId;
        if (booking.Status != BookingStatus.Requested && !myNewWindow)
        {
            return BookingProblems.InvalidTransition("Decline", booking.Status);
        }

        var final = addressedToMe || myNewWindow;
        return BookingDecision.Append(new BookingDeclined(booking.Id, providerId, command.Reason, final, caller.Actor, caller.Now));
    }
}
