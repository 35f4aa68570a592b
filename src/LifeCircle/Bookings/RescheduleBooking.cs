using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marten;
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
/// deadline, or it expires. An assigned staff member stays on the booking when they are free
/// in the new window, and their slots move with it. When they already work for another booking
/// then, the reschedule still succeeds (the resident cannot choose the provider's staff), the
/// staff member is unassigned and their slots are freed, and the provider assigns someone again.
/// </summary>
public static class RescheduleBookingEndpoint
{
    /// <summary>Loads the assigned staff member's slots in the requested window that some booking holds.</summary>
    public static async Task<IReadOnlyList<StaffSlot>> LoadAsync(RescheduleBooking command, Guid bookingId, Caller caller,
        BookingOptions options, IQuerySession session, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<BookingView>(bookingId, cancellation);
        if (view?.StaffId is not { } staffId || (view.Service == ServiceType.Meal) != (command.MealDate is not null))
        {
            return [];
        }

        var (window, _) = CreateBookingEndpoint.WindowOf(view.Service, command.WindowStart, command.WindowEnd, command.MealDate,
            command.Meal, caller.Now, options);
        return window is null ? [] : (await session.LoadManyAsync<StaffSlot>(cancellation, StaffSlots.IdsFor(staffId, window))).ToList();
    }

    public static ProblemDetails Validate(RescheduleBooking command, [Aggregate] Booking booking, [NotBody] Caller caller,
        BookingOptions options, [NotBody] IReadOnlyList<StaffSlot> held) =>
        Decide(command, booking, caller, options, held).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/reschedule", OperationId = "rescheduleBooking")]
    public static (BookingChanged, Events, OutgoingMessages, IMartenOp) Post(RescheduleBooking command, [Aggregate] Booking booking,
        [NotBody] Caller caller, BookingOptions options, [NotBody] IReadOnlyList<StaffSlot> held)
    {
        var decision = Decide(command, booking, caller, options, held);
        var timers = new OutgoingMessages();
        if (decision.Events.OfType<BookingRescheduled>().SingleOrDefault() is { } moved)
        {
            timers.Add(new ExpireBooking(booking.Id).ScheduledAt(moved.AcceptBy));
        }

        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), timers, SlotChanges(booking, decision));
    }

    /// <param name="held">The assigned staff member's slots in the new window that some booking holds; null when none are.</param>
    public static BookingDecision Decide(RescheduleBooking command, Booking booking, Caller caller, BookingOptions options,
        IReadOnlyList<StaffSlot>? held = null)
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
        var by = caller.ActorFor(booking.ResidentId);
        var moved = new BookingRescheduled(booking.Id, window!, command.Meal, command.MealDate,
            needsConfirmation, acceptBy, command.Reason, by, caller.Now);

        if (booking is { StaffId: { } staffId, OccupiesStaff: true } && StaffSlots.HeldByOther(held ?? [], booking.Id) is not null)
        {
            return BookingDecision.Append(moved,
                new StaffUnassigned(booking.Id, staffId, booking.StaffName ?? "", StaffUnassignedReason.BusyInNewWindow, by, caller.Now));
        }

        return BookingDecision.Append(moved);
    }

    /// <summary>
    /// Returns the slot changes of a reschedule: none without an assigned staff member, all
    /// slots freed when the staff member was unassigned, otherwise the old window's slots
    /// moved to the new window. Slots in both windows are kept and rewritten, the others freed
    /// or claimed with an insert.
    /// </summary>
    public static StaffSlotChanges SlotChanges(Booking booking, BookingDecision decision)
    {
        if (booking.StaffId is not { } staffId || !booking.OccupiesStaff
            || decision.Events.OfType<BookingRescheduled>().SingleOrDefault() is not { } moved)
        {
            return StaffSlotChanges.None;
        }

        if (decision.Events.OfType<StaffUnassigned>().Any())
        {
            return new StaffSlotChanges(booking.Id, []) { ReleasesHeld = true };
        }

        var claim = StaffSlots.Claim(booking, moved.Window, staffId, booking.StaffName ?? "");
        var keep = StaffSlots.IdsFor(staffId, booking.Window).Intersect(claim.Select(s => s.Id)).ToHashSet();
        return new StaffSlotChanges(booking.Id, claim, keep) { ReleasesHeld = true };
    }
}
