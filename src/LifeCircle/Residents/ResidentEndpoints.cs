using FluentValidation;
using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Residents;

/// <summary>
/// The resident's own contact and home. Living alone and disability may be given here too;
/// the profile form states their purpose (elder priority), so submitting it is consent.
/// </summary>
public sealed record UpdateProfile(string Name, string CommunityCode, string? Address, int? BirthYear,
    bool? LivesAlone = null, bool? HasDisability = null, string? Landline = null);

/// <summary>Elder attributes with explicit consent: <see cref="ConsentGiven"/> must be true.</summary>
public sealed record RecordElderAttributes(bool LivesAlone, bool HasDisability, MobilityLevel? Mobility, DietNeed[]? Diet,
    bool ConsentGiven);

/// <summary>An operator registers a phone caller; elder attributes need the caller's spoken consent.</summary>
public sealed record RegisterCaller(string Name, string Phone, string CommunityCode, string? Address, int? BirthYear,
    bool LivesAlone = false, bool HasDisability = false, string? Landline = null, MobilityLevel? Mobility = null,
    DietNeed[]? Diet = null, bool VerbalConsent = false);

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfile>
{
    public UpdateProfileValidator(TimeProvider clock)
    {
        ProfileRules.Contact(this, clock, x => x.Name, x => x.CommunityCode, x => x.Address, x => x.BirthYear);
        RuleFor(x => x.Landline).Must(l => l is null || Phones.NormalizeLandline(l) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidLandline"));
    }
}

public sealed class RecordElderAttributesValidator : AbstractValidator<RecordElderAttributes>
{
    public RecordElderAttributesValidator()
    {
        RuleFor(x => x.ConsentGiven).Equal(true).WithMessage(_ => Text.Get("Consent_Required"));
        RuleFor(x => x.Mobility).IsInEnum().NotEqual(MobilityLevel.NotRecorded);
        RuleForEach(x => x.Diet).IsInEnum();
    }
}

public sealed class RegisterCallerValidator : AbstractValidator<RegisterCaller>
{
    public RegisterCallerValidator(TimeProvider clock)
    {
        ProfileRules.Contact(this, clock, x => x.Name, x => x.CommunityCode, x => x.Address, x => x.BirthYear);
        RuleFor(x => x.Phone).NotEmpty().Must(p => Phones.NormalizeMobile(p) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidMobile"));
        RuleFor(x => x.Landline).Must(l => l is null || Phones.NormalizeLandline(l) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidLandline"));
        RuleFor(x => x.Mobility).IsInEnum().NotEqual(MobilityLevel.NotRecorded);
        RuleForEach(x => x.Diet).IsInEnum();
        RuleFor(x => x.VerbalConsent).Equal(true)
            .When(x => x.LivesAlone || x.HasDisability || x.Mobility is not null || x.Diet is { Length: > 0 })
            .WithMessage(_ => Text.Get("Consent_Required"));
    }
}

internal static class ProfileRules
{
    public static void Contact<T>(AbstractValidator<T> validator, TimeProvider clock,
        System.Linq.Expressions.Expression<Func<T, string>> name,
        System.Linq.Expressions.Expression<Func<T, string>> community,
        System.Linq.Expressions.Expression<Func<T, string?>> address,
        System.Linq.Expressions.Expression<Func<T, int?>> birthYear)
    {
        validator.RuleFor(name).NotEmpty().MaximumLength(40).Must(TextRules.IsPlainText);
        validator.RuleFor(community).NotEmpty().Matches("^21[0-9]{10}$").WithMessage(_ => Text.Get("Community_CodeFormat"));
        validator.RuleFor(address).MaximumLength(200).Must(TextRules.IsPlainText);
        validator.RuleFor(birthYear).InclusiveBetween(1900, clock.GetUtcNow().Year)
            .WithMessage(_ => Text.Get("Resident_BirthYear", clock.GetUtcNow().Year));
    }
}

/// <summary>A resident's own profile, and operators' look-up and registration of phone callers.</summary>
public static class ResidentEndpoints
{
    [Authorize(Roles = Roles.Resident)]
    [WolverineGet("/api/residents/me", OperationId = "getMyProfile")]
    public static async Task<IResult> GetMine([NotBody] Caller caller, IQuerySession session, CancellationToken cancellation)
    {
        var profile = caller.Actor.ResidentId is { } id ? await session.LoadAsync<ResidentProfile>(id, cancellation) : null;
        return profile is null ? Results.Problem(Problems.NotFound("Resident_NotFound", caller.Actor.ResidentId)) : Results.Ok(profile);
    }

    /// <summary>A resident's profile, for operators and administrators, or for the resident's guardians.</summary>
    [Authorize(Roles = Roles.Resident + "," + Roles.Staff)]
    [WolverineGet("/api/residents/{id}", OperationId = "getResident")]
    public static async Task<IResult> Get(Guid id, [NotBody] Caller caller, IQuerySession session, CancellationToken cancellation)
    {
        var profile = await session.LoadAsync<ResidentProfile>(id, cancellation);
        var allowed = caller.Role is ActorRole.Operator or ActorRole.Admin || caller.ActsFor(id);
        return profile is null || !allowed
            ? Results.Problem(Problems.NotFound("Resident_NotFound", id))
            : Results.Ok(profile);
    }

    [Authorize(Roles = Roles.Resident)]
    [WolverinePut("/api/residents/me", OperationId = "updateMyProfile")]
    public static async Task<IResult> UpdateMine(UpdateProfile command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation)
    {
        var profile = caller.Actor.ResidentId is { } id ? await session.LoadAsync<ResidentProfile>(id, cancellation) : null;
        if (profile is null || profile.IsErased)
        {
            return Results.Problem(Problems.NotFound("Resident_NotFound", caller.Actor.ResidentId));
        }

        if (await CommunityProblemAsync(command.CommunityCode, caller, session, cancellation) is { } problem)
        {
            return Results.Problem(problem);
        }

        session.Events.Append(profile.Id, new ResidentContactChanged
        {
            ResidentId = profile.Id,
            Name = command.Name.Trim(),
            Mobile = profile.Phone,
            Landline = Phones.NormalizeLandline(command.Landline),
            CommunityCode = command.CommunityCode,
            Address = command.Address?.Trim(),
            BirthYear = command.BirthYear,
            By = caller.Actor,
            At = caller.Now
        });
        if (command.LivesAlone is not null || command.HasDisability is not null)
        {
            session.Events.Append(profile.Id, new ElderAttributesRecorded
            {
                ResidentId = profile.Id,
                LivesAlone = command.LivesAlone ?? profile.LivesAlone,
                HasDisability = command.HasDisability ?? profile.HasDisability,
                Mobility = profile.Mobility,
                Diet = [.. profile.Diet],
                Consent = ConsentOf(caller, ConsentForm.InApp),
                By = caller.Actor,
                At = caller.Now
            });
        }

        await session.SaveChangesAsync(cancellation);
        return Results.Ok(await session.LoadAsync<ResidentProfile>(profile.Id, cancellation));
    }

    [Authorize(Roles = Roles.Resident)]
    [WolverinePut("/api/residents/me/elder-attributes", OperationId = "recordMyElderAttributes")]
    public static Task<IResult> RecordMine(RecordElderAttributes command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation) =>
        RecordElderAttributesAsync(caller.Actor.ResidentId ?? Guid.Empty, command, ConsentForm.InApp, caller, session, cancellation);

    /// <summary>An operator records elder attributes that the caller agreed to on the phone.</summary>
    [Authorize(Roles = Roles.Operator)]
    [WolverinePut("/api/residents/{id}/elder-attributes", OperationId = "recordElderAttributes")]
    public static Task<IResult> RecordForCaller(Guid id, RecordElderAttributes command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation) =>
        RecordElderAttributesAsync(id, command, ConsentForm.VerbalToOperator, caller, session, cancellation);

    /// <summary>Finds residents by mobile number, for an operator taking a phone order.</summary>
    [Authorize(Roles = Roles.Staff)]
    [WolverineGet("/api/residents", OperationId = "findResidents")]
    public static async Task<IResult> Find(string? phone, IQuerySession session, CancellationToken cancellation)
    {
        var normalized = Phones.NormalizeMobile(phone);
        if (normalized is null)
        {
            return Results.Problem(Problems.BadRequest("Phone_InvalidMobile"));
        }

        var found = await session.Query<ResidentProfile>().Where(x => x.Phone == normalized).ToListAsync(cancellation);
        return Results.Ok(found);
    }

    /// <summary>Registers a caller who has no account yet, so an operator can book for them.</summary>
    [Authorize(Roles = Roles.Operator)]
    [WolverinePost("/api/residents", OperationId = "registerCaller")]
    public static async Task<IResult> Register(RegisterCaller command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation)
    {
        var phone = Phones.NormalizeMobile(command.Phone)!;
        if (await CommunityProblemAsync(command.CommunityCode, caller, session, cancellation) is { } problem)
        {
            return Results.Problem(problem);
        }

        var existing = await session.Query<Account>()
            .FirstOrDefaultAsync(a => a.Phone == phone && a.Role == Roles.Resident, cancellation);
        if (existing is not null)
        {
            return Results.Problem(Problems.Conflict("Resident_PhoneRegistered", Phones.Mask(phone)));
        }

        var residentId = Ids.New();
        var events = new List<object>
        {
            new ResidentRegistered
            {
                ResidentId = residentId,
                Name = command.Name.Trim(),
                Mobile = phone,
                Landline = Phones.NormalizeLandline(command.Landline),
                CommunityCode = command.CommunityCode,
                Address = command.Address?.Trim(),
                BirthYear = command.BirthYear,
                By = caller.Actor,
                At = caller.Now
            }
        };
        if (command.VerbalConsent)
        {
            events.Add(new ElderAttributesRecorded
            {
                ResidentId = residentId,
                LivesAlone = command.LivesAlone,
                HasDisability = command.HasDisability,
                Mobility = command.Mobility,
                Diet = command.Diet ?? [],
                Consent = ConsentOf(caller, ConsentForm.VerbalToOperator),
                By = caller.Actor,
                At = caller.Now
            });
        }

        session.Events.StartStream<ResidentProfile>(residentId, events);
        session.Store(new Account
        {
            Id = Ids.New(),
            Role = Roles.Resident,
            City = caller.City,
            DisplayName = command.Name.Trim(),
            Phone = phone,
            ResidentId = residentId
        });
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/api/residents/{residentId}", await session.LoadAsync<ResidentProfile>(residentId, cancellation));
    }

    public static Consent ConsentOf(Caller caller, ConsentForm form, string purpose = ConsentPurposes.ElderPriority) =>
        new(form, purpose, caller.Actor.AccountId, caller.Actor.Role, caller.Now);

    private static async Task<IResult> RecordElderAttributesAsync(Guid residentId, RecordElderAttributes command,
        ConsentForm form, [NotBody] Caller caller, IDocumentSession session, CancellationToken cancellation)
    {
        var profile = await session.LoadAsync<ResidentProfile>(residentId, cancellation);
        if (profile is null || profile.IsErased)
        {
            return Results.Problem(Problems.NotFound("Resident_NotFound", residentId));
        }

        session.Events.Append(residentId, new ElderAttributesRecorded
        {
            ResidentId = residentId,
            LivesAlone = command.LivesAlone,
            HasDisability = command.HasDisability,
            Mobility = command.Mobility,
            Diet = command.Diet ?? [],
            Consent = ConsentOf(caller, form),
            By = caller.Actor,
            At = caller.Now
        });
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(await session.LoadAsync<ResidentProfile>(residentId, cancellation));
    }

    private static async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> CommunityProblemAsync(string code, [NotBody] Caller caller,
        IQuerySession session, CancellationToken cancellation)
    {
        var community = await session.LoadAsync<Division>(code, cancellation);
        return community is not { Level: DivisionLevel.Community } || community.CityCode != caller.City
            ? Problems.NotFound("Community_NotFound", code)
            : null;
    }
}
