using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record RecordNoShow(NoShowParty? Absent, string? Note);

public sealed class RecordNoShowValidator : AbstractValidator<RecordNoShow>
{
    public RecordNoShowValidator()
    {
        RuleFor(x => x.Absent).NotNull().IsInEnum();
        RuleFor(x => x.Note).MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// Records that one side did not turn up once the window has begun: the provider reports
/// an absent resident; the resident or an operator reports an absent provider.
/// </summary>
public static class RecordNoShowEndpoint
{
    public static ProblemDetails Validate(RecordNoShow command, [Aggregate] Booking booking, [NotBody] Caller caller) =>
        Decide(command, booking, caller).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider + "," + Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/no-show", OperationId = "recordNoShow")]
    public static (BookingChanged, Events, IMartenOp) Post(RecordNoShow command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = Decide(command, booking, caller);
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events), StaffSlots.ReleaseIfEnded(booking, decision));
    }

    public static BookingDecision Decide(RecordNoShow command, Booking booking, Caller caller)
    {
        var absent = command.Absent!.Value;
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

        var reportsOtherSide = caller.Role switch
        {
            ActorRole.Provider => absent == NoShowParty.Resident,
            ActorRole.Resident => absent == NoShowParty.Provider,
            _ => true
        };
        if (!reportsOtherSide)
        {
            return Problems.Conflict("NoShow_ReportOtherSide");
        }

        if (booking.Status == BookingStatus.NoShow && booking.Absent == absent)
        {
            return BookingDecision.NoChange;
        }

        if (booking.Status != BookingStatus.Accepted)
        {
            return BookingProblems.InvalidTransition("NoShow", booking.Status);
        }

        if (caller.Now < booking.Window.Start)
        {
            return Problems.Conflict("NoShow_BeforeWindow", ShanghaiTime.Format(booking.Window.Start));
        }

        return BookingDecision.Append(new NoShowRecorded(booking.Id, absent, command.Note, caller.ActorFor(booking.ResidentId), caller.Now));
    }
}
