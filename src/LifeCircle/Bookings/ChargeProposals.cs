using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Http;
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

public sealed record ProposeCharges(ProposalKind? Kind, ChargeInput[] Lines, string? Reason);

public sealed record AnswerProposal(string? Reason);

public sealed record ProposalCreated(Guid BookingId, Guid ProposalId, ProposalKind Kind, ChargeLine[] Lines, Money Total);

public sealed class ProposeChargesValidator : AbstractValidator<ProposeCharges>
{
    public ProposeChargesValidator()
    {
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.Lines).NotNull().Must(l => l is { Length: > 0 and <= CompleteBookingValidator.MaxLines })
            .WithMessage(_ => Text.Get("Charges_Count", CompleteBookingValidator.MaxLines));
        RuleForEach(x => x.Lines).NotNull().SetValidator(new ChargeInputValidator());
        RuleFor(x => x.Reason).NotEmpty().When(x => x.Kind == ProposalKind.Extra)
            .WithMessage(_ => Text.Get("Proposal_ReasonRequired"));
        RuleFor(x => x.Reason).MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

public sealed class AnswerProposalValidator : AbstractValidator<AnswerProposal>
{
    public AnswerProposalValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// Charges beyond the agreed quote: the provider proposes them (a quote for a job booked
/// without items, or extra work and parts), and the resident, a guardian, or an operator on
/// a phone caller's behalf approves or rejects them. Only approved proposals let a bill pass
/// the quote.
/// </summary>
public static class ChargeProposalEndpoints
{
    public static async Task<Provider?> LoadAsync(Guid bookingId, IQuerySession session, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<BookingView>(bookingId, cancellation);
        return view?.ProviderId is { } id ? await session.LoadAsync<Provider>(id, cancellation) : null;
    }

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/bookings/{bookingId}/charge-proposals", OperationId = "proposeCharges")]
    [ProducesResponseType<ProposalCreated>(StatusCodes.Status201Created)]
    public static (IResult, Events) Propose(ProposeCharges command, [Aggregate] Booking booking, [NotBody] Provider? provider,
        [NotBody] Caller caller)
    {
        var (proposed, problem) = DecideProposal(command, booking, provider?.VersionOf(booking.CardVersion), caller, Ids.New());
        if (problem is not null)
        {
            return (Results.Problem(problem), new Events());
        }

        var created = new ProposalCreated(booking.Id, proposed!.ProposalId, proposed.Kind, proposed.Lines, proposed.Total);
        return (Results.Created($"/api/bookings/{booking.Id}/charge-proposals/{proposed.ProposalId}", created), new Events([proposed]));
    }

    [Authorize(Roles = Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/charge-proposals/{proposalId}/approve", OperationId = "approveCharges")]
    public static (IResult, Events) Approve(Guid proposalId, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = DecideAnswer(booking, proposalId, approve: true, null, caller);
        return Answer(booking, decision);
    }

    [Authorize(Roles = Roles.ResidentOrOperator)]
    [WolverinePost("/api/bookings/{bookingId}/charge-proposals/{proposalId}/reject", OperationId = "rejectCharges")]
    public static (IResult, Events) Reject(Guid proposalId, AnswerProposal command, [Aggregate] Booking booking, [NotBody] Caller caller)
    {
        var decision = DecideAnswer(booking, proposalId, approve: false, command.Reason, caller);
        return Answer(booking, decision);
    }

    public static (ChargesProposed? Event, ProblemDetails? Problem) DecideProposal(ProposeCharges command, Booking booking,
        PriceCardVersion? card, Caller caller, Guid proposalId)
    {
        if (!caller.IsProvider(booking.ProviderId))
        {
            return (null, BookingProblems.NotFound(booking.Id));
        }

        if (booking.Status is not (BookingStatus.Accepted or BookingStatus.Started))
        {
            return (null, BookingProblems.InvalidTransition("ProposeCharges", booking.Status));
        }

        // A pending quote counts too: two quotes approved one after the other would add up to a
        // budget the resident never agreed to.
        var quoteOpen = booking.Quote is not null
                        || (booking.Proposals ?? []).Any(p => p.Kind == ProposalKind.Quote && p.Status != ProposalStatus.Rejected);
        if (command.Kind == ProposalKind.Quote && quoteOpen)
        {
            return (null, Problems.Conflict("Proposal_QuoteExists"));
        }

        var (lines, problem) = Pricing.Resolve(command.Lines, card);
        if (problem is not null)
        {
            return (null, problem);
        }

        var total = Pricing.Sum(lines!.Select(l => l.Amount));
        return (new ChargesProposed(booking.Id, proposalId, command.Kind!.Value, lines!, total, command.Reason?.Trim(), caller.Actor,
            caller.Now), null);
    }

    public static BookingDecision DecideAnswer(Booking booking, Guid proposalId, bool approve, string? reason, Caller caller)
    {
        var allowed = caller.Role == ActorRole.Operator || caller.ActsFor(booking.ResidentId);
        if (!allowed)
        {
            return BookingProblems.NotFound(booking.Id);
        }

        if (booking.ProposalOf(proposalId) is not { } proposal)
        {
            return Problems.NotFound("Proposal_NotFound", proposalId);
        }

        var wanted = approve ? ProposalStatus.Approved : ProposalStatus.Rejected;
        if (proposal.Status == wanted)
        {
            return BookingDecision.NoChange;
        }

        if (proposal.Status != ProposalStatus.Pending)
        {
            return Problems.Conflict("Proposal_AlreadyAnswered", Text.Of(proposal.Status));
        }

        if (booking.Status is not (BookingStatus.Accepted or BookingStatus.Started))
        {
            return BookingProblems.InvalidTransition(approve ? "ApproveCharges" : "RejectCharges", booking.Status);
        }

        var by = caller.ActorFor(booking.ResidentId);
        return approve
            ? BookingDecision.Append(new ChargesApproved(booking.Id, proposalId, by, caller.Now))
            : BookingDecision.Append(new ChargesRejected(booking.Id, proposalId, reason?.Trim(), by, caller.Now));
    }

    private static (IResult, Events) Answer(Booking booking, BookingDecision decision) =>
        decision.Problem is not null
            ? (Results.Problem(decision.Problem), new Events())
            : (Results.Ok(BookingAccess.Changed(booking, decision)), new Events(decision.Events));
}
