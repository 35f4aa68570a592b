using System.Security.Claims;
using LifeCircle.Core.Tenancy;
using Marten;
using Microsoft.AspNetCore.Http;

namespace LifeCircle.Core.Identity;

/// <summary>
/// Builds the <see cref="Caller"/> of every Wolverine endpoint from the authenticated
/// principal, so no endpoint trusts a request body about who is acting.
/// </summary>
public static class CallerMiddleware
{
    public const string ChannelHeader = "X-Channel";

    public static async Task<Caller> BeforeAsync(ClaimsPrincipal user, HttpRequest request, TimeProvider clock,
        IQuerySession session, CancellationToken cancellation)
    {
        var caller = FromPrincipal(user, request, clock);
        if (caller.Role != ActorRole.Resident || caller.Actor.AccountId == Guid.Empty)
        {
            return caller;
        }

        var guardianship = await session.LoadAsync<Guardianship>(caller.Actor.AccountId, cancellation);
        return caller with { CaresFor = guardianship?.ResidentIds };
    }

    /// <summary>Builds the caller from the principal alone, without the residents it is guardian of.</summary>
    public static Caller FromPrincipal(ClaimsPrincipal user, HttpRequest request, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (user.Identity?.IsAuthenticated != true)
        {
            return new Caller(new Actor(ActorRole.Resident, Guid.Empty, Channel.App), City.Shenyang, now);
        }

        var role = Roles.ToActorRole(user.FindFirstValue(ClaimTypes.Role) ?? Roles.Resident);
        var channel = role == ActorRole.Operator ? OperatorChannel(request) : Channel.App;
        var actor = new Actor(
            role,
            user.AccountId(),
            channel,
            user.GuidClaim(LifeCircleClaims.ResidentId),
            user.GuidClaim(LifeCircleClaims.ProviderId));
        return new Caller(actor, user.FindFirstValue(LifeCircleClaims.City) ?? City.Shenyang, now);
    }

    // Operators say how the resident reached them: by phone (the default) or in person.
    private static Channel OperatorChannel(HttpRequest request) =>
        request.Headers[ChannelHeader].ToString().Trim().ToLowerInvariant() switch
        {
            "walk-in" or "walkin" => Channel.WalkIn,
            _ => Channel.Phone
        };
}
