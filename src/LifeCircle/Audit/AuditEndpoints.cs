using JasperFx.Events.Projections;
using LifeCircle.Core.Identity;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Total, int Page, int PageSize);

public static class AuditEndpoints
{
    /// <summary>
    /// Actions taken on residents' behalf, newest first, for administrators: filter by
    /// resident, by acting account, by role (Operator or Guardian) and by time.
    /// </summary>
    [Authorize(Roles = Roles.Admin)]
    [WolverineGet("/api/audit", OperationId = "listAudit")]
    public static async Task<AuditPage> List(IQuerySession session, Guid? residentId, Guid? actorAccountId,
        ActorRole? role, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken cancellation)
    {
        var pageNumber = Math.Max(1, page ?? 1);
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        IQueryable<AuditEntry> query = session.Query<AuditEntry>();
        if (residentId is { } rid)
        {
            query = query.Where(x => x.ResidentId == rid);
        }

        if (actorAccountId is { } aid)
        {
            query = query.Where(x => x.ActorAccountId == aid);
        }

        if (role is { } r)
        {
            query = query.Where(x => x.ActorRole == r);
        }

        if (from is { } start)
        {
            query = query.Where(x => x.At >= start);
        }

        if (to is { } end)
        {
            query = query.Where(x => x.At < end);
        }

        var results = await query.OrderByDescending(x => x.At).ToPagedListAsync(pageNumber, size, cancellation);
        return new AuditPage(results.ToList(), results.TotalItemCount, pageNumber, size);
    }

    public static StoreOptions AddAudit(this StoreOptions options)
    {
        options.Projections.Add<AuditProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<AuditEntry>().Index(x => x.ResidentId).Index(x => x.At);
        return options;
    }
}
