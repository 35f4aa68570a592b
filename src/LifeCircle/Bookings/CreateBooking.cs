using FluentValidation;
using LifeCircle.Communities;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Idempotency;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Time;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace LifeCircle.Bookings;

/// <summary>
/// Books an in-home service. Residents book for themselves; operators book for the
/// resident named in <see cref="ResidentId"/>. Meal orders give <see cref="Meal"/> with a
/// date instead of a time window. <see cref="ProviderId"/> addresses one provider;
/// without it, any provider serving the community may take the job.
/// </summary>
public sealed record CreateBooking(
    ServiceType? Service,
    Guid? ResidentId = null,
    Guid? ProviderId = null,
    string? CommunityCode = null,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    HousekeepingDetails? Housekeeping = null,
    RepairDetails? Repair = null,
    MealDetails? Meal = null,
    BathingDetails? Bathing = null,
    ItemChoice[]? Items = null);

public sealed record BookingCreated(Guid Id, string Number, BookingStatus Status, TimeWindow Window, DateTimeOffset AcceptBy,
    Quote? Quote = null);

public sealed class ItemChoiceValidator : AbstractValidator<ItemChoice>
{
    public ItemChoiceValidator()
    {
        RuleFor(x => x.Code).NotEmpty().MaximumLength(40).Must(TextRules.IsPlainText);
        RuleFor(x => x.Quantity).GreaterThan(0m).LessThanOrEqualTo(1000m).PrecisionScale(7, 2, true);
    }
}

public sealed class CreateBookingValidator : AbstractValidator<CreateBooking>
{
    public CreateBookingValidator()
    {
        RuleFor(x => x.Service).NotNull().IsInEnum();
        RuleFor(x => x.CommunityCode).Matches("^21[0-9]{10}$").When(x => x.CommunityCode is not null)
            .WithMessage(_ => Text.Get("Community_CodeFormat"));

        RuleFor(x => x.Housekeeping).NotNull().When(x => x.Service == ServiceType.Housekeeping)
            .WithMessage(_ => Text.Get("Booking_DetailsMissing"));
        RuleFor(x => x.Repair).NotNull().When(x => x.Service == ServiceType.Repair)
            .WithMessage(_ => Text.Get("Booking_DetailsMissing"));
        RuleFor(x => x.Meal).NotNull().When(x => x.Service == ServiceType.Meal)
            .WithMessage(_ => Text.Get("Booking_DetailsMissing"));
        RuleFor(x => x.Bathing).NotNull().When(x => x.Service == ServiceType.Bathing)
            .WithMessage(_ => Text.Get("Booking_DetailsMissing"));
        RuleFor(x => x).Must(x => DetailsGiven(x) <= 1).OverridePropertyName("service")
            .WithMessage(_ => Text.Get("Booking_DetailsExtra"));

        When(x => x.Service is not null && x.Service != ServiceType.Meal, () =>
        {
            RuleFor(x => x.WindowStart).NotNull();
            RuleFor(x => x.WindowEnd).NotNull()
                .GreaterThan(x => x.WindowStart).When(x => x.WindowStart is not null)
                .WithMessage(_ => Text.Get("Booking_WindowEndBeforeStart"));
        });
        When(x => x.Service == ServiceType.Meal, () =>
        {
            RuleFor(x => x.WindowStart).Null().WithMessage(_ => Text.Get("Booking_MealHasNoWindow"));
            RuleFor(x => x.WindowEnd).Null().WithMessage(_ => Text.Get("Booking_MealHasNoWindow"));
        });

        RuleFor(x => x.Items).Must(i => i is null || i.Length <= 20).WithMessage(_ => Text.Get("Charges_Count", 20));
        RuleForEach(x => x.Items).NotNull().SetValidator(new ItemChoiceValidator());
        RuleFor(x => x.ProviderId).NotNull().When(x => x.Items is { Length: > 0 })
            .WithMessage(_ => Text.Get("Quote_NeedsProvider"));

        RuleFor(x => x.Housekeeping!).SetValidator(new HousekeepingDetailsValidator()).When(x => x.Housekeeping is not null);
        RuleFor(x => x.Repair!).SetValidator(new RepairDetailsValidator()).When(x => x.Repair is not null);
        RuleFor(x => x.Meal!).SetValidator(new MealDetailsValidator()).When(x => x.Meal is not null);
        RuleFor(x => x.Bathing!).SetValidator(new BathingDetailsValidator()).When(x => x.Bathing is not null);
    }

    private static int DetailsGiven(CreateBooking x) =>
        (x.Housekeeping is null ? 0 : 1) + (x.Repair is null ? 0 : 1) + (x.Meal is null ? 0 : 1) + (x.Bathing is null ? 0 : 1);
}

public sealed class HousekeepingDetailsValidator : AbstractValidator<HousekeepingDetails>
{
    public HousekeepingDetailsValidator()
    {
        RuleFor(x => x.Task).IsInEnum();
        RuleFor(x => x.HomeSize).IsInEnum();
        RuleFor(x => x).Must(x => x.Hours is null != x.AreaSquareMetres is null).OverridePropertyName("hours")
            .WithMessage(_ => Text.Get("Housekeeping_HoursOrArea"));
        RuleFor(x => x.Hours).InclusiveBetween(1m, 12m).Must(h => h is null || h % 0.5m == 0m)
            .WithMessage(_ => Text.Get("Housekeeping_HoursStep"));
        RuleFor(x => x.AreaSquareMetres).InclusiveBetween(5m, 1000m).PrecisionScale(6, 1, true);
    }
}

public sealed class RepairDetailsValidator : AbstractValidator<RepairDetails>
{
    public RepairDetailsValidator()
    {
        RuleFor(x => x.Category).IsInEnum();
        RuleFor(x => x.Item).NotEmpty().MaximumLength(50).Must(TextRules.IsPlainText)
            .WithMessage(_ => Text.Get("Text_ControlCharacters"));
        RuleFor(x => x.Symptom).NotEmpty().MaximumLength(500).Must(TextRules.IsPlainText)
            .WithMessage(_ => Text.Get("Text_ControlCharacters"));
    }
}

public sealed class MealDetailsValidator : AbstractValidator<MealDetails>
{
    public MealDetailsValidator()
    {
        RuleFor(x => x.Meal).IsInEnum();
        RuleFor(x => x.Date).NotEmpty();
        RuleFor(x => x.Portions).InclusiveBetween(1, 10);
        RuleFor(x => x.Diet).NotNull();
        RuleForEach(x => x.Diet).IsInEnum();
        RuleFor(x => x.Diet).Must(d => d is null || d.Distinct().Count() == d.Length)
            .WithMessage(_ => Text.Get("Meal_DietDuplicate"));
        RuleFor(x => x.Fulfilment).IsInEnum();
    }
}

public sealed class BathingDetailsValidator : AbstractValidator<BathingDetails>
{
    public BathingDetailsValidator()
    {
        RuleFor(x => x.Mode).IsInEnum();
        RuleFor(x => x.Mobility).IsInEnum().NotEqual(MobilityLevel.NotRecorded);
    }
}

/// <summary>What creating a booking needs from storage, loaded before the pure decision.</summary>
public sealed record CreateBookingInputs(
    IdempotencyKey? Key,
    ProblemDetails? KeyProblem,
    IdempotencyRecord? FirstResponse,
    ResidentProfile? Resident,
    Division? Community,
    Provider? Provider,
    bool ProviderRequested,
    bool BathingCleared,
    string Number);

public static class CreateBookingEndpoint
{
    public static async Task<CreateBookingInputs> LoadAsync(CreateBooking command, [NotBody] Caller caller, HttpRequest request,
        IQuerySession session, BookingNumbers numbers, CancellationToken cancellation)
    {
        var (key, keyProblem) = IdempotencyKey.Read(request, caller, command);
        if (keyProblem is not null)
        {
            return new CreateBookingInputs(key, keyProblem, null, null, null, null, false, false, "");
        }

        // One round trip for everything the command names directly; only a community taken
        // from the resident's profile needs a second one.
        var residentId = caller.Role == ActorRole.Resident ? command.ResidentId ?? caller.Actor.ResidentId : command.ResidentId;
        var batch = session.CreateBatchQuery();
        var firstLoad = key is null ? null : batch.Load<IdempotencyRecord>(key.RecordId);
        var residentLoad = residentId is { } rid ? batch.Load<ResidentProfile>(rid) : null;
        var communityLoad = command.CommunityCode is { } code ? batch.Load<Division>(code) : null;
        var providerLoad = command.ProviderId is { } pid ? batch.Load<Provider>(pid) : null;
        var clearanceLoad = command.Service == ServiceType.Bathing && residentId is { } bid ? batch.Load<BathingClearance>(bid) : null;
        await batch.Execute(cancellation);

        var first = firstLoad is null ? null : await firstLoad;
        if (first is not null)
        {
            return new CreateBookingInputs(key, null, first, null, null, null, false, false, "");
        }

        var resident = residentLoad is null ? null : await residentLoad;
        var community = communityLoad is not null ? await communityLoad
            : resident?.CommunityCode is { } residentCommunity ? await session.LoadAsync<Division>(residentCommunity, cancellation)
            : null;
        var provider = providerLoad is null ? null : await providerLoad;
        var clearance = clearanceLoad is null || resident is null ? null : await clearanceLoad;

        return new CreateBookingInputs(key, null, null, resident, community, provider, command.ProviderId is not null,
            clearance?.Cleared == true, await numbers.NextAsync(cancellation));
    }

    /// <summary>Answers a retried request with its first response, or rejects a reused key.</summary>
    public static IResult Before(CreateBookingInputs inputs)
    {
        if (inputs.KeyProblem is not null)
        {
            return Results.Problem(inputs.KeyProblem);
        }

        if (inputs.FirstResponse is { } first)
        {
            return first.RequestHash == inputs.Key!.RequestHash
                ? new ReplayedResult(first)
                : Results.Problem(Problems.Unprocessable("Idempotency_KeyReused"));
        }

        return WolverineContinue.Result();
    }

    public static ProblemDetails Validate(CreateBooking command, CreateBookingInputs inputs, [NotBody] Caller caller, BookingOptions options) =>
        Decide(command, inputs, caller, options).Problem ?? WolverineContinue.NoProblems;

    [Authorize(Roles = Roles.ResidentOrOperator)]
    [EnableRateLimiting(AbuseLimits.BookingCreatePolicy)]
    [WolverinePost("/api/bookings", OperationId = "createBooking")]
    [ProducesResponseType<BookingCreated>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public static (IResult, IStartStream, IMartenOp, OutgoingMessages) Post(
        CreateBooking command, CreateBookingInputs inputs, [NotBody] Caller caller, BookingOptions options)
    {
        var requested = Decide(command, inputs, caller, options).Event!;

        var url = $"/api/bookings/{requested.BookingId}";
        var created = new BookingCreated(requested.BookingId, requested.Number, BookingStatus.Requested,
            requested.Window, requested.AcceptBy, requested.Quote);
        IMartenOp remember = inputs.Key is { } key
            ? MartenOps.Insert(key.Complete(StatusCodes.Status201Created, url, created, caller.Now))
            : MartenOps.Nothing();
        var timers = new OutgoingMessages { new ExpireBooking(requested.BookingId).ScheduledAt(requested.AcceptBy) };

        return (Results.Created(url, created),
            MartenOps.StartStream<Booking>(requested.BookingId, requested), remember, timers);
    }

    /// <summary>
    /// Applies the booking rules to a validated command: who books for whom, where, when and
    /// with which provider. Returns the first event of the new stream, or the broken rule.
    /// </summary>
    public static (ProblemDetails? Problem, BookingRequested? Event) Decide(
        CreateBooking command, CreateBookingInputs inputs, Caller caller, BookingOptions options)
    {
        var now = caller.Now;
        var service = command.Service!.Value;

        if (caller.Role == ActorRole.Resident && command.ResidentId is { } other && !caller.ActsFor(other))
        {
            return (Problems.Forbidden("Booking_ResidentsBookForThemselves"), null);
        }

        if (caller.IsOperator && command.ResidentId is null)
        {
            return (Problems.BadRequest("Booking_OperatorNamesResident"), null);
        }

        // An erased resident keeps their profile id for old bookings but takes no new ones.
        if (inputs.Resident is not { IsErased: false } resident)
        {
            return (Problems.NotFound("Resident_NotFound", command.ResidentId ?? caller.Actor.ResidentId), null);
        }

        if (command.CommunityCode is null && resident.CommunityCode is null)
        {
            return (Problems.BadRequest("Booking_CommunityMissing"), null);
        }

        if (inputs.Community is not { Level: DivisionLevel.Community } community || community.CityCode != caller.City)
        {
            return (Problems.NotFound("Community_NotFound", command.CommunityCode ?? resident.CommunityCode), null);
        }

        if (inputs.ProviderRequested)
        {
            if (inputs.Provider is not { } provider)
            {
                return (Problems.NotFound("Provider_NotFound", command.ProviderId), null);
            }

            if (!provider.MayAcceptJobs)
            {
                return (Problems.Conflict(provider.Suspended ? "Provider_Suspended" : "Provider_NotVerified", provider.Name), null);
            }

            if (!provider.Offers(service) || !provider.Covers(community.Id))
            {
                return (Problems.Conflict("Provider_DoesNotServe", provider.Name, Text.Of(service), community.Name), null);
            }
        }

        var (window, windowProblem) = WindowOf(command, service, now, options);
        if (windowProblem is not null)
        {
            return (windowProblem, null);
        }

        Quote? quote = null;
        if (command.Items is { Length: > 0 } items)
        {
            var (priced, quoteProblem) = Pricing.QuoteOf(inputs.Provider!, service, items);
            if (quoteProblem is not null)
            {
                return (quoteProblem, null);
            }

            quote = priced;
        }

        var id = Ids.New();
        var priority = PriorityOf(resident, now);
        var requested = new BookingRequested(
            id, inputs.Number, service,
            new ServiceDetails(command.Housekeeping, command.Repair, command.Meal, command.Bathing),
            resident.Id, community.Id, community.Name, window!, command.ProviderId, priority,
            inputs.BathingCleared, options.AcceptDeadline(service, now, window!), caller.ActorFor(resident.Id), now, quote);
        return (null, requested);
    }

    /// <summary>Returns the time window of a booking: a meal's serving time, or the requested window.</summary>
    public static (TimeWindow? Window, ProblemDetails? Problem) WindowOf(
        CreateBooking command, ServiceType service, DateTimeOffset now, BookingOptions options) =>
        WindowOf(service, command.WindowStart, command.WindowEnd, command.Meal?.Date, command.Meal?.Meal, now, options);

    public static (TimeWindow? Window, ProblemDetails? Problem) WindowOf(ServiceType service,
        DateTimeOffset? start, DateTimeOffset? end, DateOnly? mealDate, MealKind? meal, DateTimeOffset now,
        BookingOptions options)
    {
        var latestStart = now.AddDays(options.MaxDaysAhead);
        if (service == ServiceType.Meal)
        {
            var window = options.MealWindow(mealDate!.Value, meal!.Value);
            var cutOff = window.Start - options.MealCutOff;
            if (window.Start > latestStart)
            {
                return (null, Problems.BadRequest("Booking_TooFarAhead", options.MaxDaysAhead));
            }

            return now >= cutOff
                ? (null, Problems.Conflict("Meal_CutOffPassed", ShanghaiTime.Format(cutOff)))
                : (window, null);
        }

        var requested = new TimeWindow(start!.Value, end!.Value);
        if (requested.Start < now)
        {
            return (null, Problems.BadRequest("Booking_WindowInPast", ShanghaiTime.Format(requested.Start)));
        }

        if (requested.Start > latestStart)
        {
            return (null, Problems.BadRequest("Booking_TooFarAhead", options.MaxDaysAhead));
        }

        return requested.End - requested.Start > options.MaxWindow
            ? (null, Problems.BadRequest("Booking_WindowTooLong", options.MaxWindow.TotalHours))
            : (requested, null);
    }

    /// <summary>
    /// Elder priority as commonly practised: aged 80 or over, aged 70 or over and living
    /// alone, or living with a disability.
    /// </summary>
    public static ElderPriority PriorityOf(ResidentProfile resident, DateTimeOffset now)
    {
        var age = resident.AgeIn(ShanghaiTime.Today(now).Year);
        if (age >= 80)
        {
            return ElderPriority.Aged80OrOver;
        }

        if (age >= 70 && resident.LivesAlone)
        {
            return ElderPriority.Aged70LivingAlone;
        }

        return resident.HasDisability ? ElderPriority.Disability : ElderPriority.None;
    }
}
