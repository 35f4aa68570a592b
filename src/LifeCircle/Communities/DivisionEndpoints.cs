using LifeCircle.Core.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Communities;

public static class DivisionEndpoints
{
    /// <summary>A division and its direct children, for pickers that walk city → district → street → community.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/divisions/{code}", OperationId = "getDivision")]
    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken cancellation)
    {
        var division = await session.LoadAsync<Division>(code, cancellation);
        if (division is null)
        {
            return Results.Problem(Problems.NotFound("Division_NotFound", code));
        }

        var children = await session.Query<Division>().Where(d => d.ParentCode == code).OrderBy(d => d.Id).ToListAsync(cancellation);
        return Results.Ok(new { division, children });
    }

    /// <summary>Communities of a city whose name contains the search text.</summary>
    [AllowAnonymous]
    [WolverineGet("/api/communities", OperationId = "searchCommunities")]
    public static async Task<IReadOnlyList<Division>> Search(string? q, string? city, IQuerySession session,
        CancellationToken cancellation)
    {
        var cityCode = city ?? Core.Tenancy.City.Shenyang;
        var query = session.Query<Division>().Where(d => d.Level == DivisionLevel.Community && d.CityCode == cityCode);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(d => d.Name.Contains(text));
        }

        return await query.OrderBy(d => d.Id).Take(50).ToListAsync(cancellation);
    }
}
