using FluentValidation;
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
/// Links a guardian (for example a child living elsewhere) by mobile number. The resident
/// consents in the app, or tells an operator on the phone, and <see cref="ConsentGiven"/>
/// records that.
/// </summary>
public sealed record LinkGuardian(string Phone, string Relationship, bool ConsentGiven);

public sealed record CaredForResident(Guid ResidentId, string Name, string? CommunityCode, string Relationship, DateTimeOffset Since);

public sealed class LinkGuardianValidator : AbstractValidator<LinkGuardian>
{
    public LinkGuardianValidator()
    {
        RuleFor(x => x.Phone).NotEmpty().Must(p => Phones.NormalizeMobile(p) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidMobile"));
        RuleFor(x => x.Relationship).NotEmpty().MaximumLength(20).Must(TextRules.IsPlainText);
        RuleFor(x => x.ConsentGiven).Equal(true).WithMessage(_ => Text.Get("Consent_Required"));
    }
}

/// <summary>
/// Guardian links. A linked guardian may book for the resident, see their bookings and
/// receive their notifications; the resident, an operator at the resident's request, or the
/// guardian may end the link.
/// </summary>
public static class GuardianEndpoints
{
    [Authorize(Roles = Roles.Resident)]
    [WolverinePost("/api/residents/me/guardians", OperationId = "linkMyGuardian")]
    public static Task<IResult> LinkMine(LinkGuardian command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation) =>
        LinkAsync(caller.Actor.ResidentId ?? Guid.Empty, command, ConsentForm.InApp, caller, session, cancellation);

    [Authorize(Roles = Roles.Operator)]
    [WolverinePost("/api/residents/{id}/guardians", OperationId = "linkGuardian")]
    public static Task<IResult> LinkForCaller(Guid id, LinkGuardian command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation) =>
        LinkAsync(id, command, ConsentForm.VerbalToOperator, caller, session, cancellation);

    [Authorize(Roles = Roles.Resident)]
    [WolverineDelete("/api/residents/me/guardians/{guardianAccountId}", OperationId = "unlinkMyGuardian")]
    public static Task<IResult> UnlinkMine(Guid guardianAccountId, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation) =>
        UnlinkAsync(caller.Actor.ResidentId ?? Guid.Empty, guardianAccountId, caller, session, cancellation);

    [Authorize(Roles = Roles.Operator)]
    [WolverineDelete("/api/residents/{id}/guardians/{guardianAccountId}", OperationId = "unlinkGuardian")]
    public static Task<IResult> UnlinkForCaller(Guid id, Guid guardianAccountId, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation) =>
        UnlinkAsync(id, guardianAccountId, caller, session, cancellation);

    /// <summary>The guardian ends its own link to a resident.</summary>
    [Authorize(Roles = Roles.Resident)]
    [WolverineDelete("/api/guardianships/{residentId}", OperationId = "leaveGuardianship")]
    public static Task<IResult> Leave(Guid residentId, [NotBody] Caller caller, IDocumentSession session, CancellationToken cancellation) =>
        UnlinkAsync(residentId, caller.Actor.AccountId, caller, session, cancellation);

    /// <summary>The residents the signed-in account is guardian of.</summary>
    [Authorize(Roles = Roles.Resident)]
    [WolverineGet("/api/guardianships", OperationId = "listGuardianships")]
    public static async Task<IReadOnlyList<CaredForResident>> List([NotBody] Caller caller, IQuerySession session,
        CancellationToken cancellation)
    {
        var ids = caller.CaresFor ?? [];
        var profiles = await session.LoadManyAsync<ResidentProfile>(cancellation, ids);
        return profiles
            .Select(p => (Profile: p, Link: p.Guardians.First(g => g.AccountId == caller.Actor.AccountId)))
            .Select(x => new CaredForResident(x.Profile.Id, x.Profile.Name, x.Profile.CommunityCode, x.Link.Relationship, x.Link.Since))
            .ToList();
    }

    private static async Task<IResult> LinkAsync(Guid residentId, LinkGuardian command, ConsentForm form, [NotBody] Caller caller,
        IDocumentSession session, CancellationToken cancellation)
    {
        var profile = await session.LoadAsync<ResidentProfile>(residentId, cancellation);
        if (profile is null || profile.IsErased)
        {
            return Results.Problem(Problems.NotFound("Resident_NotFound", residentId));
        }

        var phone = Phones.NormalizeMobile(command.Phone)!;
        if (phone == profile.Phone)
        {
            return Results.Problem(Problems.Conflict("Guardian_IsSelf"));
        }

        var guardian = await session.Query<Account>()
            .FirstOrDefaultAsync(a => a.Phone == phone && a.Role == Roles.Resident, cancellation);
        if (guardian is null)
        {
            // The guardian may live elsewhere: an account without a resident profile lets
            // them sign in by code and act for the people they care for.
            guardian = new Account
            {
                Id = Ids.New(),
                Role = Roles.Resident,
                City = caller.City,
                DisplayName = Text.Get("Guardian_DefaultName", Phones.National(phone)[^4..]),
                Phone = phone
            };
            session.Store(guardian);
        }

        if (profile.HasGuardian(guardian.Id))
        {
            return Results.Ok(profile.Guardians.First(g => g.AccountId == guardian.Id));
        }

        session.Events.Append(residentId, new GuardianLinked
        {
            ResidentId = residentId,
            GuardianAccountId = guardian.Id,
            // The guardian's own registered name stays private, because the resident chose the number themselves.
            GuardianName = Text.Get("Guardian_DefaultName", Phones.National(phone)[^4..]),
            GuardianPhone = phone,
            Relationship = command.Relationship.Trim(),
            Consent = ResidentEndpoints.ConsentOf(caller, form, ConsentPurposes.Guardianship),
            By = caller.Actor,
            At = caller.Now
        });
        await session.SaveChangesAsync(cancellation);
        var linked = await session.LoadAsync<ResidentProfile>(residentId, cancellation);
        return Results.Created($"/api/residents/{residentId}/guardians/{guardian.Id}",
            linked!.Guardians.First(g => g.AccountId == guardian.Id));
    }

    private static async Task<IResult> UnlinkAsync(Guid residentId, Guid guardianAccountId, [NotBody] Caller caller,
        IDocumentSession session, CancellationToken cancellation)
    {
        var profile = await session.LoadAsync<ResidentProfile>(residentId, cancellation);
        if (profile is null || !profile.HasGuardian(guardianAccountId))
        {
            return Results.Problem(Problems.NotFound("Guardian_NotLinked", residentId));
        }

        // A guardian ending its own link acts on the resident's stream, so it is recorded (and
        // audited) as the resident's guardian, not as a resident.
        session.Events.Append(residentId, new GuardianUnlinked(residentId, guardianAccountId, caller.ActorFor(residentId), caller.Now));
        await session.SaveChangesAsync(cancellation);
        return Results.NoContent();
    }
}
