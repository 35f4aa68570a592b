using FluentValidation;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Time;
using LifeCircle.Providers;
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
/// The provider names the staff member who will do an accepted job. A staff member who is not
/// registered for the job's service, or whose required credential (health certificate for
/// meals and bathing, home-service credit record for housekeeping) is missing or expires
/// before the service day, cannot be assigned.
/// </summary>
public static class AssignStaffEndpoint
{
    public static Task<Provider?> LoadAsync(Caller caller, Marten.IQuerySession session, CancellationToken cancellation) =>
        BookingAccess.LoadProviderAsync(caller, session, cancellation);

    public static ProblemDetails Validate(AssignStaff command, [Aggregate] Booking booking, [NotBody] Provider? provider,
        [NotBody] Caller caller) =>
        Decide(command, booking, provider, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/staff", OperationId = "assignStaff")]
    public static (BookingChanged, Events) Post(AssignStaff command, [Aggregate] Booking booking, [NotBody] Provider? provider,
        [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, provider, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    public static BookingDecision Decide(AssignStaff command, Booking booking, Provider? provider, Caller caller)
    {
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

        return BookingDecision.Append(new StaffAssigned(booking.Id, staff.Id, staff.Name, caller.Actor, caller.Now));
    }
}
