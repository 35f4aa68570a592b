using FluentValidation;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace LifeCircle.Bookings;

public sealed record PreviewQuote(ServiceType? Service, Guid ProviderId, ItemChoice[] Items);

public sealed class PreviewQuoteValidator : AbstractValidator<PreviewQuote>
{
    public PreviewQuoteValidator()
    {
        RuleFor(x => x.Service).NotNull().IsInEnum();
        RuleFor(x => x.ProviderId).NotEmpty();
        RuleFor(x => x.Items).NotNull().Must(i => i is { Length: > 0 and <= 20 }).WithMessage(_ => Text.Get("Charges_Count", 20));
        RuleForEach(x => x.Items).NotNull().SetValidator(new ItemChoiceValidator());
    }
}

public static class QuoteEndpoints
{
    /// <summary>
    /// Prices chosen items from a provider's card in effect, so a resident sees the quote
    /// before booking. The booking records the same quote when created with the same items.
    /// </summary>
    [Authorize(Roles = Roles.ResidentOrOperator)]
    [WolverinePost("/api/quotes", OperationId = "previewQuote")]
    [ProducesResponseType<Quote>(StatusCodes.Status200OK)]
    public static async Task<IResult> Preview(PreviewQuote command, IQuerySession session, CancellationToken cancellation)
    {
        var provider = await session.LoadAsync<Provider>(command.ProviderId, cancellation);
        if (provider is null || !provider.MayAcceptJobs)
        {
            return Results.Problem(Problems.NotFound("Provider_NotFound", command.ProviderId));
        }

        var (quote, problem) = Pricing.QuoteOf(provider, command.Service!.Value, command.Items);
        return problem is not null ? Results.Problem(problem) : Results.Ok(quote);
    }
}
