using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Time;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Pages;

/// <summary>
/// The booking form. It renders on the server, and site.js posts it to <c>POST /api/bookings</c>
/// so that the API's rules, validation and problem details are the only ones.
/// </summary>
[Authorize(Roles = Roles.Resident)]
public sealed class BookModel(IDocumentStore store, TimeProvider clock, BookingOptions options) : LifeCirclePageModel
{
    /// <summary>The service chosen beforehand, for example from a link on the home page.</summary>
    [BindProperty(SupportsGet = true)]
    public ServiceType? Service { get; set; }

    public ResidentProfile? Resident { get; private set; }

    /// <summary>The community on the resident's profile. Without one, the form offers a community search.</summary>
    public Division? Community { get; private set; }

    public DateOnly Today { get; private set; }

    public DateOnly LastDay { get; private set; }

    public BookingOptions Options => options;

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        await using var session = QuerySessionFor(store, caller);
        if (caller.Actor.ResidentId is { } residentId)
        {
            Resident = await session.LoadAsync<ResidentProfile>(residentId, cancellation);
        }

        if (Resident?.CommunityCode is { } code)
        {
            Community = await session.LoadAsync<Division>(code, cancellation);
        }

        Today = ShanghaiTime.Today(caller.Now);
        LastDay = Today.AddDays(options.MaxDaysAhead);
    }

    public static string DateValue(DateOnly date) => date.ToString("yyyy-MM-dd");
}
