using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

public sealed record RecordBathingAssessment(MobilityLevel? Mobility, string Summary);

public sealed record RecordBathingAgreement(string AgreementNumber);

public sealed class RecordBathingAssessmentValidator : AbstractValidator<RecordBathingAssessment>
{
    public RecordBathingAssessmentValidator()
    {
        RuleFor(x => x.Mobility).NotNull().IsInEnum();
        RuleFor(x => x.Summary).NotEmpty().MaximumLength(1000).Must(TextRules.IsPlainText);
    }
}

public sealed class RecordBathingAgreementValidator : AbstractValidator<RecordBathingAgreement>
{
    public RecordBathingAgreementValidator()
    {
        RuleFor(x => x.AgreementNumber).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9-]+$");
    }
}

/// <summary>
/// Before a resident's first bath the bathing team assesses them and both sign a service
/// agreement. Both are recorded on the booking by the provider that accepted it, and count
/// for the resident's later baths too.
/// </summary>
public static class RecordBathingPrerequisitesEndpoints
{
    public static ProblemDetails Validate([Aggregate] Booking booking, [NotBody] Caller caller) =>
        Check(booking, caller) ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/bathing-assessment", OperationId = "recordBathingAssessment")]
    public static (BookingChanged, Events) PostAssessment(RecordBathingAssessment command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = booking.AssessmentRecorded
            ? BookingDecision.NoChange
            : BookingDecision.Append(new BathingAssessmentRecorded(booking.Id, booking.ResidentId, command.Mobility!.Value,
                command.Summary.Trim(), caller.Actor, caller.Now));
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/bathing-agreement", OperationId = "recordBathingAgreement")]
    public static (BookingChanged, Events) PostAgreement(RecordBathingAgreement command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = booking.AgreementSigned
            ? BookingDecision.NoChange
            : BookingDecision.Append(new BathingAgreementSigned(booking.Id, booking.ResidentId, command.AgreementNumber,
                caller.Actor, caller.Now));
        return (BookingAccess.Changed(booking, decision), new Events(decision.Events));
    }

    public static ProblemDetails? Check(Booking booking, Caller caller)
    {
        // As for starting: the provider that may take the job sees it, so it gets the status conflict.
        var mayTake = booking.ProviderId is null && BookingAccess.MayAct(booking, caller);
        if (!caller.IsProvider(booking.ProviderId) && !mayTake)
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.Service != ServiceType.Bathing)
        {
            return Problems.Conflict("Bathing_OnlyForBathing");
        }

        return booking.Status == BookingStatus.Accepted ? null : BookingProblems.InvalidTransition("RecordBathing", booking.Status);
    }
}
