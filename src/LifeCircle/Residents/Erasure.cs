using FluentValidation;
using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Residents;

public sealed record EraseResident(string Reason);

public sealed class EraseResidentValidator : AbstractValidator<EraseResident>
{
    public EraseResidentValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// Erases a resident's personal data. Bookings stay for statistics and disputes, but the
/// name, phones, address, birth year, health details and free-text descriptions are
/// overwritten inside the stored events (Marten's protected-information masking) and the
/// projections are rebuilt from the masked events, so no copy remains. The sign-in
/// account is deleted.
/// </summary>
public static class ErasureEndpoints
{
    [Authorize(Roles = Roles.Resident)]
    [WolverinePost("/api/residents/me/erasure", OperationId = "eraseMe")]
    public static Task<IResult> EraseMine(EraseResident command, [NotBody] Caller caller, IDocumentStore store, CancellationToken cancellation) =>
        EraseAsync(caller.Actor.ResidentId ?? Guid.Empty, command.Reason, caller, store, cancellation);

    [Authorize(Roles = Roles.Operator)]
    [WolverinePost("/api/residents/{id}/erasure", OperationId = "eraseResident")]
    public static Task<IResult> EraseForCaller(Guid id, EraseResident command, [NotBody] Caller caller, IDocumentStore store,
        CancellationToken cancellation) =>
        EraseAsync(id, command.Reason, caller, store, cancellation);

    public static async Task<IResult> EraseAsync(Guid residentId, string reason, [NotBody] Caller caller, IDocumentStore store,
        CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(caller.City);
        var profile = await session.LoadAsync<ResidentProfile>(residentId, cancellation);
        if (profile is null)
        {
            return Results.Problem(Problems.NotFound("Resident_NotFound", residentId));
        }

        if (!profile.IsErased)
        {
            var guardians = profile.Guardians.Select(g => g.AccountId).ToArray();
            session.Events.Append(residentId, new ResidentErased(residentId, guardians, reason.Trim(), caller.Actor, caller.Now));
            session.DeleteWhere<Account>(a => a.ResidentId == residentId);
            session.Delete<OneTimeCode>(profile.Phone);
            await session.SaveChangesAsync(cancellation);
        }

        var bookingIds = await session.Query<BookingView>().Where(b => b.ResidentId == residentId)
            .Select(b => b.Id).ToListAsync(cancellation);
        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            masking.ForTenant(caller.City);
            masking.IncludeStream(residentId);
            foreach (var bookingId in bookingIds)
            {
                masking.IncludeStream(bookingId);
            }
        }, cancellation);

        await RebuildAsync(store, caller.City, residentId, bookingIds, cancellation);
        return Results.Ok(new { residentId, erased = true, bookings = bookingIds.Count });
    }

    /// <summary>Rebuilds the inline views of the masked streams, so they hold the masked values only.</summary>
    private static async Task RebuildAsync(IDocumentStore store, string city, Guid residentId, IReadOnlyList<Guid> bookingIds,
        CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(city);
        var profile = await session.Events.AggregateStreamAsync<ResidentProfile>(residentId, token: cancellation);
        if (profile is not null)
        {
            session.Store(profile);
        }

        foreach (var bookingId in bookingIds)
        {
            var view = await session.Events.AggregateStreamAsync<BookingView>(bookingId, token: cancellation);
            if (view is not null)
            {
                session.Store(view);
            }
        }

        await session.SaveChangesAsync(cancellation);
    }
}
