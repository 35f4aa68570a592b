using FluentValidation;
using LifeCircle.Communities;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace LifeCircle.Residents;

public sealed record UpdateProfile(string Name, string CommunityCode, string? Address, int? BirthYear, bool LivesAlone, bool HasDisability);

public sealed record RegisterCaller(string Name, string Phone, string CommunityCode, string? Address, int? BirthYear,
    bool LivesAlone, bool HasDisability);

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfile>
{
    public UpdateProfileValidator(TimeProvider clock) => ProfileRules.Apply(this, clock, x => x.Name, x => x.CommunityCode,
        x => x.Address, x => x.BirthYear);
}

public sealed class RegisterCallerValidator : AbstractValidator<RegisterCaller>
{
    public RegisterCallerValidator(TimeProvider clock)
    {
        ProfileRules.Apply(this, clock, x => x.Name, x => x.CommunityCode, x => x.Address, x => x.BirthYear);
        RuleFor(x => x.Phone).NotEmpty().Must(p => Phones.NormalizeMobile(p) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidMobile"));
    }
}

internal static class ProfileRules
{
    public static void Apply<T>(AbstractValidator<T> validator, TimeProvider clock,
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
    public static async Task<IResult> GetMine(Caller caller, IQuerySession session, CancellationToken cancellation)
    {
        var profile = caller.Actor.ResidentId is { } id ? await session.LoadAsync<ResidentProfile>(id, cancellation) : null;
        return profile is null ? Results.Problem(Problems.NotFound("Resident_NotFound", caller.Actor.ResidentId)) : Results.Ok(profile);
    }

    [Authorize(Roles = Roles.Resident)]
    [WolverinePut("/api/residents/me", OperationId = "updateMyProfile")]
    public static async Task<IResult> UpdateMine(UpdateProfile command, Caller caller, IDocumentSession session,
        CancellationToken cancellation)
    {
        var profile = caller.Actor.ResidentId is { } id ? await session.LoadAsync<ResidentProfile>(id, cancellation) : null;
        if (profile is null)
        {
            return Results.Problem(Problems.NotFound("Resident_NotFound", caller.Actor.ResidentId));
        }

        var community = await session.LoadAsync<Division>(command.CommunityCode, cancellation);
        if (community is not { Level: DivisionLevel.Community } || community.CityCode != caller.City)
        {
            return Results.Problem(Problems.NotFound("Community_NotFound", command.CommunityCode));
        }

        profile.Name = command.Name.Trim();
        profile.CommunityCode = command.CommunityCode;
        profile.Address = command.Address?.Trim();
        profile.BirthYear = command.BirthYear;
        profile.LivesAlone = command.LivesAlone;
        profile.HasDisability = command.HasDisability;
        session.Store(profile);
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(profile);
    }

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
    public static async Task<IResult> Register(RegisterCaller command, Caller caller, IDocumentSession session,
        CancellationToken cancellation)
    {
        var phone = Phones.NormalizeMobile(command.Phone)!;
        var community = await session.LoadAsync<Division>(command.CommunityCode, cancellation);
        if (community is not { Level: DivisionLevel.Community } || community.CityCode != caller.City)
        {
            return Results.Problem(Problems.NotFound("Community_NotFound", command.CommunityCode));
        }

        var existing = await session.Query<Account>()
            .FirstOrDefaultAsync(a => a.Phone == phone && a.Role == Roles.Resident, cancellation);
        if (existing is not null)
        {
            return Results.Problem(Problems.Conflict("Resident_PhoneRegistered", Phones.Mask(phone)));
        }

        var profile = new ResidentProfile
        {
            Id = Ids.New(),
            Name = command.Name.Trim(),
            Phone = phone,
            CommunityCode = command.CommunityCode,
            Address = command.Address?.Trim(),
            BirthYear = command.BirthYear,
            LivesAlone = command.LivesAlone,
            HasDisability = command.HasDisability,
            RegisteredAt = caller.Now
        };
        session.Store(profile);
        session.Store(new Account
        {
            Id = Ids.New(),
            Role = Roles.Resident,
            City = caller.City,
            DisplayName = profile.Name,
            Phone = phone,
            ResidentId = profile.Id
        });
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/api/residents/{profile.Id}", profile);
    }
}
