using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

/// <summary>Moves a booking to a new time window, or a meal order to another meal.</summary>
public sealed record RescheduleBooking(
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    DateOnly? MealDate = null,
    MealKind? Meal = null,
    string? Reason = null);

public sealed class RescheduleBookingValidator : AbstractValidator<RescheduleBooking>
{
    public RescheduleBookingValidator()
    {
        RuleFor(x => x).Must(x => (x.WindowStart is not null && x.WindowEnd is not null) != (x.MealDate is not null && x.Meal is not null))
            .OverridePropertyName("windowStart")
            .WithMessage(_ => Text.Get("Reschedule_WindowOrMeal"));
        RuleFor(x => x.WindowEnd).GreaterThan(x => x.WindowStart).When(x => x.WindowStart is not null && x.WindowEnd is not null)
            .WithMessage(_ => Text.Get("Booking_WindowEndBeforeStart"));
        RuleFor(x => x.Meal).IsInEnum();
        RuleFor(x => x.Reason).MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// Moves a booking before it starts, for its resident or an operator. A booking already
/// accepted goes back to its provider, who must confirm the new window by the acceptance
/// deadline, or it expires.
/// </summary>
public static class RescheduleBookingEndpoint
{
    public static ProblemDetails Validate(RescheduleBooking command, [Aggregate] Booking booking, [NotBody] Caller caller,
        BookingOptions options) =>
        Decide(command, booking, caller, options).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/reschedule", OperationId = "rescheduleBooking")]
    public static (BookingChanged, Events, OutgoingMessages) Post(RescheduleBooking command, [Aggregate] Booking booking,
        [NotBody] Caller caller, BookingOptions options)
    {
        var decision = Decide(command, booking, caller, options);
        var timers = new OutgoingMessages();
        if (decision.Events.OfType<BookingRescheduled>().SingleOrDefault() is { } moved)
        {
            timers.Add(new ExpireBooking(booking.Id).ScheduledAt(moved.AcceptBy));
        }

        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), timers);
    }

    public static BookingDecision Decide(RescheduleBooking command, Booking booking, Caller caller, BookingOptions options)
    {
        if (!BookingAccess.MayAct(booking, caller))
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (!booking.IsOpen)
        {
            return BookingProblems.InvalidTransition("Reschedule", booking.Status);
        }

        var isMeal = booking.Service == ServiceType.Meal;
        if (isMeal != (command.MealDate is not null))
        {
            return Core.Http.Problems.BadRequest(isMeal ? "Reschedule_MealNeedsDate" : "Reschedule_NeedsWindow");
        }

        var (window, problem) = CreateBookingEndpoint.WindowOf(booking.Service, command.WindowStart, command.WindowEnd,
            command.MealDate, command.Meal, caller.Now, options);
        if (problem is not null)
        {
            return problem;
        }

        if (window == booking.Window)
        {
            return BookingDecision.NoChange;
        }

        var needsConfirmation = booking.ProviderId is not null;
        var acceptBy = options.AcceptDeadline(booking.Service, caller.Now, window!);
        return BookingDecision.Append(new BookingRescheduled(booking.Id, window!, command.Meal, command.MealDate,
            needsConfirmation, acceptBy, command.Reason, caller.ActorFor(booking.ResidentId), caller.Now));
    }
}
