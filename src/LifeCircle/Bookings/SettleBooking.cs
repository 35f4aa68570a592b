using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record SettleBooking(PaymentMethod? Method, decimal Amount);

public sealed class SettleBookingValidator : AbstractValidator<SettleBooking>
{
    public SettleBookingValidator()
    {
        RuleFor(x => x.Method).NotNull().IsInEnum();
        RuleFor(x => x.Amount).Must(Money.IsValid).WithMessage(_ => Text.Get("Money_Invalid"));
    }
}

/// <summary>
/// Records payment of the bill: cash or bank card collected by the provider or at a
/// service desk, or an online payment confirmed by the resident. The amount must equal
/// the bill.
/// </summary>
public static class SettleBookingEndpoint
{
    public static ProblemDetails Validate(SettleBooking command, [Aggregate] Booking booking, [NotBody] Caller caller) =>
        Decide(command, booking, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider + "," + Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/settle", OperationId = "settleBooking")]
    public static (BookingChanged, Events) Post(SettleBooking command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    public static BookingDecision Decide(SettleBooking command, Booking booking, Caller caller)
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

        if (booking.Status == BookingStatus.Settled)
        {
            return BookingDecision.NoChange;
        }

        if (booking.Status != BookingStatus.Completed)
        {
            return BookingProblems.InvalidTransition("Settle", booking.Status);
        }

        if (caller.Role == ActorRole.Resident && command.Method != PaymentMethod.Online)
        {
            return Problems.Conflict("Settle_ResidentPaysOnlineOnly");
        }

        var amount = Money.Of(command.Amount);
        if (amount != booking.Total)
        {
            return Problems.Conflict("Settle_AmountDiffers", amount, booking.Total);
        }

        return BookingDecision.Append(new BookingSettled(booking.Id, command.Method!.Value, amount, caller.ActorFor(booking.ResidentId), caller.Now));
    }
}
