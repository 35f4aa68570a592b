using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Time;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Pages.Bookings;

/// <summary>
/// One booking with its bill and history. Visibility follows the API: a resident may see
/// their own bookings, a provider its jobs and open requests, staff every booking.
/// </summary>
public sealed class DetailsModel(IDocumentStore store, TimeProvider clock, BookingOptions options) : LifeCirclePageModel
{
    public BookingView? Booking { get; private set; }

    public BookingContact? Contact { get; private set; }

    public bool IsProvider { get; private set; }

    /// <summary>True when the caller may cancel or reschedule: the booking's resident, their guardian or an operator, before the service starts.</summary>
    public bool MayChange { get; private set; }

    /// <summary>True when the caller may approve or reject the provider's charge proposals.</summary>
    public bool MayAnswer { get; private set; }

    public DateOnly Today { get; private set; }

    public DateOnly LastDay { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        await using var session = QuerySessionFor(store, caller);
        var view = await session.LoadAsync<BookingView>(id, cancellation);
        var provider = caller.Role == ActorRole.Provider
            ? await BookingAccess.LoadProviderAsync(caller, session, cancellation)
            : null;
        if (view is null || !BookingQueries.MaySee(view, caller, provider))
        {
            // The page explains itself in Chinese instead of the empty 404 status page.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Booking = view;
        IsProvider = caller.Role == ActorRole.Provider;
        MayAnswer = caller.ActsFor(view.ResidentId) || caller.IsOperator;
        MayChange = MayAnswer && Display.OpenStatuses.Contains(view.Status);
        if (caller.Role != ActorRole.Resident && await session.LoadAsync<ResidentProfile>(view.ResidentId, cancellation) is { } resident)
        {
            Contact = BookingQueries.ContactFor(view, resident, caller);
        }

        Today = ShanghaiTime.Today(caller.Now);
        LastDay = Today.AddDays(options.MaxDaysAhead);
        return Page();
    }
}
