using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record CancelBooking(string Reason);

public sealed class CancelBookingValidator : AbstractValidator<CancelBooking>
{
    public CancelBookingValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// Cancels a booking before the service starts, with a reason: by its resident, by an
/// operator on the resident's behalf, or by the provider that accepted it.
/// </summary>
public static class CancelBookingEndpoint
{
    public static ProblemDetails Validate(CancelBooking command, [Aggregate] Booking booking, [NotBody] Caller caller) =>
        Decide(command, booking, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider + "," + Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/cancel", OperationId = "cancelBooking")]
    public static (BookingChanged, Events, IMartenOp) Post(CancelBooking command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), StaffSlots.ReleaseIfEnded(booking, decision));
    }

    public static BookingDecision Decide(CancelBooking command, Booking booking, Caller caller)
    {
        var allowed = caller.Role switch
        {
            ActorRole.Provider => caller.IsProvider(booking.ProviderId),
            ActorRole.Resident => caller.ActsFor(booking.ResidentId),
            ActorRole.Operator => true,
            _ => false
        };
        if (!allowed)
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.Status == BookingStatus.Cancelled)
        {
            return BookingDecision.NoChange;
        }

        if (!booking.IsOpen)
        {
            return BookingProblems.InvalidTransition("Cancel", booking.Status);
        }

        return BookingDecision.Append(new BookingCancelled(booking.Id, booking.Status, command.Reason.Trim(), caller.ActorFor(booking.ResidentId), caller.Now));
    }
}
