using FluentValidation;
using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Providers;

public sealed record PriceItemInput(
    string Code,
    ServiceType? Service,
    string Name,
    string Includes,
    string Unit,
    PriceUnit? UnitKind,
    decimal Price,
    FeeKind? Fee = null,
    string? Comparable = null,
    decimal? FreeDistanceKm = null);

/// <summary>Publishes the whole card as a new version, effective now or at a later time.</summary>
public sealed record PublishPriceCard(PriceItemInput[] Items, DateTimeOffset? EffectiveFrom = null);

public sealed record PriceCardPublishedResponse(Guid ProviderId, int Version, DateTimeOffset EffectiveFrom, bool InEffect);

public sealed class PublishPriceCardValidator : AbstractValidator<PublishPriceCard>
{
    public const int MaxItems = 50;

    public PublishPriceCardValidator()
    {
        RuleFor(x => x.Items).NotNull().Must(i => i is { Length: > 0 and <= MaxItems })
            .WithMessage(_ => Text.Get("PriceCard_ItemCount", MaxItems));
        RuleFor(x => x.Items).Must(i => i is null || i.Select(x => x?.Code).Distinct().Count() == i.Length)
            .WithMessage(_ => Text.Get("PriceCard_DuplicateCode"));
        RuleForEach(x => x.Items).NotNull().ChildRules(item =>
        {
            item.RuleFor(i => i.Code).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9-]+$").WithName(_ => Text.Get("Field_PriceItemCode"));
            item.RuleFor(i => i.Service).NotNull().IsInEnum();
            item.RuleFor(i => i.Name).NotEmpty().MaximumLength(30).Must(TextRules.IsPlainText).WithName(_ => Text.Get("Field_PriceItemName"));
            item.RuleFor(i => i.Includes).NotEmpty().MaximumLength(200).Must(TextRules.IsPlainText);
            item.RuleFor(i => i.Unit).NotEmpty().MaximumLength(10).Must(TextRules.IsPlainText);
            item.RuleFor(i => i.UnitKind).NotNull().IsInEnum();
            item.RuleFor(i => i.Fee).IsInEnum();
            item.RuleFor(i => i.Price).Must(Money.IsValid).WithMessage(_ => Text.Get("Money_Invalid"));
            item.RuleFor(i => i.Comparable).MaximumLength(40).Matches("^[a-z0-9.-]+$").When(i => i.Comparable is not null);
            item.RuleFor(i => i.FreeDistanceKm).InclusiveBetween(0m, 100m);
        });
    }
}

/// <summary>A durable timer that puts a card version into effect at its effective time.</summary>
/// <remarks>
/// The property is not called Version because Wolverine's aggregate handler workflow reads a
/// command's Version property as the expected stream version, and the timer would fail with a
/// concurrency error whenever the card version and the stream version differ.
/// </remarks>
public sealed record ActivatePriceCard(Guid ProviderId, int CardVersion);

/// <summary>
/// A provider publishes its price card. Each publication is a new version with an effective
/// time; bookings keep the version they were quoted from, so a later change never alters them.
/// Withdrawing an item publishes a version without it.
/// </summary>
public static class PriceCardEndpoints
{
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(30);

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/providers/{providerId}/price-card", OperationId = "publishPriceCard")]
    public static (IResult, Events, OutgoingMessages) Publish(PublishPriceCard command, [Aggregate] Provider provider,
        [NotBody] Caller caller)
    {
        if (!caller.IsProvider(provider.Id))
        {
            return (Results.Problem(Problems.NotFound("Provider_NotFound", provider.Id)), new Events(), []);
        }

        var items = command.Items.Select(ToItem).ToArray();
        return Publication(provider, items, command.EffectiveFrom, caller);
    }

    [Authorize(Roles = Roles.Provider)]
    [WolverinePost("/api/providers/{providerId}/price-card/items/{code}/withdraw", OperationId = "withdrawPriceItem")]
    public static (IResult, Events, OutgoingMessages) Withdraw(string code, [Aggregate] Provider provider, [NotBody] Caller caller)
    {
        if (!caller.IsProvider(provider.Id))
        {
            return (Results.Problem(Problems.NotFound("Provider_NotFound", provider.Id)), new Events(), []);
        }

        if (provider.PriceCard.All(i => i.Code != code))
        {
            return (Results.Problem(Problems.NotFound("PriceCard_ItemNotFound", code)), new Events(), []);
        }

        return Publication(provider, provider.PriceCard.Where(i => i.Code != code).ToArray(), null, caller);
    }

    /// <summary>Every published version of a provider's card, oldest first.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/providers/{providerId}/price-card/versions", OperationId = "listPriceCardVersions")]
    public static async Task<IResult> Versions(Guid providerId, Marten.IQuerySession session, CancellationToken cancellation)
    {
        var provider = await session.LoadAsync<Provider>(providerId, cancellation);
        return provider is null
            ? Results.Problem(Problems.NotFound("Provider_NotFound", providerId))
            : Results.Ok(provider.CardVersions.OrderBy(v => v.Version).ToList());
    }

    public static (IResult, Events, OutgoingMessages) Publication(Provider provider, PriceItem[] items, DateTimeOffset? effectiveFrom,
        Caller caller)
    {
        var problem = CheckItems(provider, items);
        var effective = effectiveFrom is { } at && at > caller.Now ? at : caller.Now;
        if (problem is null && effective > caller.Now + MaxScheduleAhead)
        {
            problem = Problems.BadRequest("PriceCard_TooFarAhead", (int)MaxScheduleAhead.TotalDays);
        }

        if (problem is not null)
        {
            return (Results.Problem(problem), new Events(), []);
        }

        var version = provider.CardVersions.Count == 0 ? 1 : provider.CardVersions.Max(v => v.Version) + 1;
        var events = new Events { new PriceCardPublished(provider.Id, version, effective, items, caller.Actor, caller.Now) };
        var timers = new OutgoingMessages();
        var inEffect = effective <= caller.Now;
        if (inEffect)
        {
            events.Add(new PriceCardTookEffect(provider.Id, version, caller.Now));
        }
        else
        {
            timers.Add(new ActivatePriceCard(provider.Id, version).ScheduledAt(effective));
        }

        var response = new PriceCardPublishedResponse(provider.Id, version, effective, inEffect);
        return (Results.Created($"/api/providers/{provider.Id}/price-card/versions", response), events, timers);
    }

    private static ProblemDetails? CheckItems(Provider provider, PriceItem[] items)
    {
        var foreign = items.FirstOrDefault(i => !provider.Offers(i.Service));
        return foreign is null ? null : Problems.Conflict("PriceCard_ServiceNotOffered", foreign.Name, Text.Of(foreign.Service));
    }

    private static PriceItem ToItem(PriceItemInput input) => new(input.Code, input.Service!.Value, input.Name.Trim(),
        input.Includes.Trim(), input.Unit.Trim(), Money.Of(input.Price), input.UnitKind!.Value, input.Fee ?? FeeKind.Service,
        input.Comparable, input.FreeDistanceKm);
}

/// <summary>
/// Puts a scheduled card version into effect. It does nothing when that version is already in
/// effect or a later one took effect first, so a late or repeated timer is harmless. A timer
/// that arrives before the posted effective time schedules itself again for that time, so
/// prices never change before the time residents were shown.
/// </summary>
public static class ActivatePriceCardHandler
{
    public static (Events, OutgoingMessages) Handle(ActivatePriceCard command, [WriteAggregate] Provider provider, TimeProvider clock)
    {
        var version = provider.VersionOf(command.CardVersion);
        if (version is null || provider.CardVersion >= command.CardVersion)
        {
            return (new Events(), new OutgoingMessages());
        }

        var now = clock.GetUtcNow();
        if (now < version.EffectiveFrom)
        {
            return (new Events(), new OutgoingMessages { command.ScheduledAt(version.EffectiveFrom) });
        }

        return (new Events { new PriceCardTookEffect(provider.Id, command.CardVersion, now) }, new OutgoingMessages());
    }
}
