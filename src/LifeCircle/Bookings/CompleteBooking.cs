using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record CompleteBooking(ChargeInput[] Charges, string? Note);

/// <summary>The shape of charge lines, shared by bills and charge proposals.</summary>
public sealed class ChargeInputValidator : AbstractValidator<ChargeInput>
{
    public ChargeInputValidator()
    {
        RuleFor(l => l.ItemCode).MaximumLength(40).Must(TextRules.IsPlainText);
        RuleFor(l => l.Quantity).GreaterThan(0m).LessThanOrEqualTo(1000m).PrecisionScale(7, 2, true);
        RuleFor(l => l.UnitPrice).Must(p => p is null || Money.IsValid(p.Value)).WithMessage(_ => Text.Get("Money_Invalid"));
        When(l => l.ItemCode is null, () =>
        {
            RuleFor(l => l.Item).NotEmpty().MaximumLength(50).Must(TextRules.IsPlainText);
            RuleFor(l => l.Unit).NotEmpty().MaximumLength(20).Must(TextRules.IsPlainText);
            RuleFor(l => l.UnitPrice).NotNull().WithMessage(_ => Text.Get("Charge_FreeLineNeedsPrice"));
        });
    }
}

public sealed class CompleteBookingValidator : AbstractValidator<CompleteBooking>
{
    public const int MaxLines = 30;

    public CompleteBookingValidator()
    {
        RuleFor(x => x.Charges).NotNull().Must(c => c is { Length: > 0 and <= MaxLines })
            .WithMessage(_ => Text.Get("Charges_Count", MaxLines));
        RuleForEach(x => x.Charges).NotNull().SetValidator(new ChargeInputValidator());
        RuleFor(x => x.Note).MaximumLength(500).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// The assigned provider finishes the job and records the bill, line by line. Card items
/// are billed at their posted price in a quantity their unit allows; anything beyond the
/// quote needs a proposal the resident approved. A bill that breaks a rule is rejected with
/// the line named.
/// </summary>
public static class CompleteBookingEndpoint
{
    /// <summary>Loads the provider of the booking, whose card versions price the bill.</summary>
    public static async Task<Provider?> LoadAsync(Guid bookingId, IQuerySession session, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<BookingView>(bookingId, cancellation);
        return view?.ProviderId is { } id ? await session.LoadAsync<Provider>(id, cancellation) : null;
    }

    public static ProblemDetails Validate(CompleteBooking command, [Aggregate] Booking booking, [NotBody] Provider? provider,
        [NotBody] Caller caller) =>
        Decide(command, booking, provider?.VersionOf(booking.CardVersion), caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/complete", OperationId = "completeBooking")]
    public static (BookingChanged, Events, IMartenOp) Post(CompleteBooking command, [Aggregate] Booking booking, [NotBody] Provider? provider,
        [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, provider?.VersionOf(booking.CardVersion), caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), StaffSlots.ReleaseIfEnded(booking, decision));
    }

    public static BookingDecision Decide(CompleteBooking command, Booking booking, PriceCardVersion? card, Caller caller)
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

        var (lines, lineProblem) = Pricing.Resolve(command.Charges, card);
        if (lineProblem is not null)
        {
            return lineProblem;
        }

        if (Pricing.CheckBill(lines!, booking.Quote, booking.ApprovedProposals) is { } billProblem)
        {
            return billProblem;
        }

        var total = Pricing.Sum(lines!.Select(l => l.Amount));
        return BookingDecision.Append(new BookingCompleted(booking.Id, lines!, total, command.Note, caller.Actor, caller.Now));
    }
}
