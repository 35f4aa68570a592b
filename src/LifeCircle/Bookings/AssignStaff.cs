using FluentValidation;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Time;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record AssignStaff(Guid StaffId);

public sealed class AssignStaffValidator : AbstractValidator<AssignStaff>
{
    public AssignStaffValidator()
    {
        RuleFor(x => x.StaffId).NotEmpty();
    }
}

/// <summary>
/// What assigning staff needs besides the booking: the caller's provider record, and the
/// requested staff member's slots in the booking's window that some booking already holds.
/// </summary>
public sealed record AssignStaffInputs(Provider? Provider, IReadOnlyList<StaffSlot> Held);

/// <summary>The outcome of assigning staff: the decision and the slot changes that commit with its events.</summary>
public sealed record StaffAssignment(BookingDecision Decision, StaffSlotChanges Slots);

/// <summary>
/// The provider names the staff member who will do an accepted job. A staff member who is not
/// registered for the job's service, whose required credential (health certificate for
/// meals and bathing, home-service credit record for housekeeping) is missing or expires
/// before the service day, or who already works for another active booking in an overlapping
/// window, cannot be assigned. Assigning claims the staff member's slots and reassigning frees
/// the previous staff member's slots, in the same transaction as the event.
/// </summary>
public static class AssignStaffEndpoint
{
    public static async Task<AssignStaffInputs> LoadAsync(AssignStaff command, Guid bookingId, Caller caller, IQuerySession session,
        CancellationToken cancellation)
    {
        var provider = await BookingAccess.LoadProviderAsync(caller, session, cancellation);
        var view = await session.LoadAsync<BookingView>(bookingId, cancellation);
        if (provider is null || view is null || command.StaffId == Guid.Empty)
        {
            return new AssignStaffInputs(provider, []);
        }

        // The insert at commit is the guard; this read only lets the common, unraced case name
        // the other booking. A window changed since this read is still caught by the insert.
        var held = await session.LoadManyAsync<StaffSlot>(cancellation, StaffSlots.IdsFor(command.StaffId, view.Window));
        return new AssignStaffInputs(provider, held.ToList());
    }

    public static ProblemDetails Validate(AssignStaff command, [Aggregate] Booking booking, [NotBody] AssignStaffInputs inputs,
        [NotBody] Caller caller) =>
        Decide(command, booking, inputs, caller).Decision.Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/staff", OperationId = "assignStaff")]
    [ProducesResponseType<BookingChanged>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public static (BookingChanged, Events, IMartenOp) Post(AssignStaff command, [Aggregate] Booking booking,
        [NotBody] AssignStaffInputs inputs, [NotBody] Caller caller)
    {
        var (decision, slots) = Decide(command, booking, inputs, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), slots);
    }

    public static StaffAssignment Decide(AssignStaff command, Booking booking, AssignStaffInputs inputs, Caller caller)
    {
        var decision = DecideAssignment(command, booking, inputs, caller);
        if (decision.Events.OfType<StaffAssigned>().SingleOrDefault() is not { } assigned)
        {
            return new StaffAssignment(decision, StaffSlotChanges.None);
        }

        var claim = StaffSlots.Claim(booking, booking.Window, assigned.StaffId, assigned.StaffName);
        return new StaffAssignment(decision, new StaffSlotChanges(booking.Id, claim) { ReleasesHeld = booking.StaffId is not null });
    }

    private static BookingDecision DecideAssignment(AssignStaff command, Booking booking, AssignStaffInputs inputs, Caller caller)
    {
        var provider = inputs.Provider;
        if (provider is null || !caller.IsProvider(booking.ProviderId))
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.Status is not (BookingStatus.Accepted or BookingStatus.Rescheduled))
        {
            return BookingProblems.InvalidTransition("AssignStaff", booking.Status);
        }

        if (provider.Staff.FirstOrDefault(s => s.Id == command.StaffId) is not { } staff)
        {
            return Problems.NotFound("Staff_NotFound", command.StaffId);
        }

        if (booking.StaffId == staff.Id)
        {
            return BookingDecision.NoChange;
        }

        if (!staff.Services.Contains(booking.Service))
        {
            return Problems.Conflict("Staff_ServiceNotAssigned", staff.Name, Text.Of(booking.Service));
        }

        var serviceDay = ShanghaiTime.Today(booking.Window.Start);
        if (StaffRules.MissingCredential(staff, booking.Service, serviceDay) is { } missing)
        {
            return Problems.Conflict("Staff_CredentialMissing", staff.Name, Text.Of(missing), Text.Of(booking.Service),
                serviceDay.ToString("yyyy-MM-dd"));
        }

        if (booking.OccupiesStaff && StaffSlots.HeldByOther(inputs.Held, booking.Id) is { } held)
        {
            return StaffSlots.Busy(held);
        }

        return BookingDecision.Append(new StaffAssigned(booking.Id, staff.Id, staff.Name, caller.Actor, caller.Now));
    }
}
