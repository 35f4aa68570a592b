using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Pages.Bookings;

/// <summary>
/// The caller's bookings through the same query as <c>GET /api/bookings</c>: a resident's
/// own, a provider's accepted jobs, or every booking for staff.
/// </summary>
public sealed class IndexModel(IDocumentStore store, TimeProvider clock) : LifeCirclePageModel
{
    public const int PageSize = 20;

    public BookingPage Bookings { get; private set; } = new([], 0, 1, PageSize);

    public bool IsStaff { get; private set; }

    public bool IsResident { get; private set; }

    public bool HasNextPage => (long)Bookings.Page * Bookings.PageSize < Bookings.Total;

    // FromQuery keeps "page" apart from the route value of the same name that Razor Pages sets.
    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        IsStaff = caller.Role is ActorRole.Operator or ActorRole.Admin;
        IsResident = caller.Role == ActorRole.Resident;
        await using var session = QuerySessionFor(store, caller);
        Bookings = await BookingQueries.List(caller, session, status: null, residentId: null, number: null,
            page, PageSize, cancellation);
    }
}
