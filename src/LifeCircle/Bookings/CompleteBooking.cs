using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record ChargeInput(string Item, decimal Quantity, string Unit, decimal UnitPrice);

public sealed record CompleteBooking(ChargeInput[] Charges, string? Note);

public sealed class CompleteBookingValidator : AbstractValidator<CompleteBooking>
{
    public const int MaxLines = 30;

    public CompleteBookingValidator()
    {
        RuleFor(x => x.Charges).NotNull().Must(c => c is { Length: > 0 and <= MaxLines })
            .WithMessage(_ => Text.Get("Charges_Count", MaxLines));
        RuleForEach(x => x.Charges).NotNull().ChildRules(line =>
        {
            line.RuleFor(l => l.Item).NotEmpty().MaximumLength(50).Must(TextRules.IsPlainText);
            line.RuleFor(l => l.Unit).NotEmpty().MaximumLength(20).Must(TextRules.IsPlainText);
            line.RuleFor(l => l.Quantity).GreaterThan(0m).LessThanOrEqualTo(1000m).PrecisionScale(7, 2, true);
            line.RuleFor(l => l.UnitPrice).Must(Money.IsValid).WithMessage(_ => Text.Get("Money_Invalid"));
        });
        RuleFor(x => x.Note).MaximumLength(500).Must(TextRules.IsPlainText);
    }
}

/// <summary>The assigned provider finishes the job and records the bill, line by line.</summary>
public static class CompleteBookingEndpoint
{
    public static ProblemDetails Validate(CompleteBooking command, [Aggregate] Booking booking, [NotBody] Caller caller) =>
        Decide(command, booking, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/complete", OperationId = "completeBooking")]
    public static (BookingChanged, Events) Post(CompleteBooking command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    public static BookingDecision Decide(CompleteBooking command, Booking booking, Caller caller)
    {
        // Before anyone accepts, the providers that may take the job can see it, so they get
        // the status conflict rather than "not found".
        var mayTake = booking.ProviderId is null && BookingAccess.MayAct(booking, caller);
        if (!caller.IsProvider(booking.ProviderId) && !mayTake)
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.Status == BookingStatus.Completed)
        {
            return BookingDecision.NoChange;
        }

        if (booking.Status != BookingStatus.Started)
        {
            return BookingProblems.InvalidTransition("Complete", booking.Status);
        }

        var lines = command.Charges
            .Select(c => new ChargeLine(c.Item.Trim(), c.Quantity, c.Unit.Trim(), Money.Of(c.UnitPrice),
                Money.Of(c.UnitPrice).Times(c.Quantity)))
            .ToArray();
        var total = lines.Aggregate(Money.Zero, (sum, line) => sum + line.Amount);
        return BookingDecision.Append(new BookingCompleted(booking.Id, lines, total, command.Note, caller.Actor, caller.Now));
    }
}
