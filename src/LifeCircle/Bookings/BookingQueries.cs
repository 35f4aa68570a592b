using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace LifeCircle.Bookings;

/// <summary>
/// How to reach the resident. Providers see a masked phone and no address until the job
/// is theirs, and again once 30 days have passed since completion.
/// </summary>
public sealed record BookingContact(string Name, string Phone, string? Address, bool Masked);

public sealed record BookingDetails(BookingView Booking, string StatusText, string ServiceText, BookingContact? Contact);

public sealed record BookingSummary(
    Guid Id,
    string Number,
    BookingStatus Status,
    string StatusText,
    ServiceType Service,
    string ServiceText,
    string CommunityName,
    TimeWindow Window,
    ElderPriority Priority,
    string? ProviderName,
    Money? Total,
    DateTimeOffset RequestedAt)
{
    public static BookingSummary Of(BookingView v) => new(v.Id, v.Number, v.Status, Text.Of(v.Status), v.Service,
        Text.Of(v.Service), v.CommunityName, v.Window, v.Priority, v.ProviderName, v.Total, v.RequestedAt);
}

public sealed record BookingPage(IReadOnlyList<BookingSummary> Items, long Total, int Page, int PageSize);

public static class BookingQueries
{
    public static readonly TimeSpan ContactVisibleAfterCompletion = TimeSpan.FromDays(30);
    public const int MaxPageSize = 100;

    [Authorize]
    [WolverineGet("/api/bookings/{id}", OperationId = "getBooking")]
    [ProducesResponseType<BookingDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, [NotBody] Caller caller, IQuerySession session, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<BookingView>(id, cancellation);
        var provider = caller.Role == ActorRole.Provider
            ? await BookingAccess.LoadProviderAsync(caller, session, cancellation)
            : null;
        if (view is null || !MaySee(view, caller, provider))
        {
            return Results.Problem(BookingProblems.NotFound(id));
        }

        var resident = await session.LoadAsync<ResidentProfile>(view.ResidentId, cancellation);
        var contact = resident is null ? null : ContactFor(view, resident, caller);
        var shown = contact is { Masked: true } ? view.WithoutResidentId() : view;
        return Results.Ok(new BookingDetails(shown, Text.Of(view.Status), Text.Of(view.Service), contact));
    }

    /// <summary>
    /// Lists bookings: a resident's own, a provider's accepted jobs, or for an operator any
    /// resident's (filter by <paramref name="residentId"/> or booking <paramref name="number"/>).
    /// </summary>
    [Authorize]
    [WolverineGet("/api/bookings", OperationId = "listBookings")]
    public static async Task<BookingPage> List([NotBody] Caller caller, IQuerySession session, BookingStatus? status,
        Guid? residentId, string? number, int? page, int? pageSize, CancellationToken cancellation)
    {
        var (pageNumber, size) = Paging(page, pageSize);
        IQueryable<BookingView> query = session.Query<BookingView>();
        query = caller.Role switch
        {
            ActorRole.Resident => OwnAndCaredFor(query, caller),
            ActorRole.Provider => query.Where(x => x.ProviderId == caller.Actor.ProviderId),
            ActorRole.Operator or ActorRole.Admin => query,
            _ => query.Where(x => false)
        };
        if (status is { } s)
        {
            query = query.Where(x => x.Status == s);
        }

        // The role filter above already limits what the caller may see, so a resident filter
        // outside it selects nothing rather than falling back to the caller's own bookings.
        if (residentId is { } rid)
        {
            query = query.Where(x => x.ResidentId == rid);
        }

        if (!string.IsNullOrWhiteSpace(number))
        {
            var trimmed = number.Trim();
            query = query.Where(x => x.Number == trimmed);
        }

        var results = await query.OrderByDescending(x => x.RequestedAt).ToPagedListAsync(pageNumber, size, cancellation);
        return new BookingPage(results.Select(BookingSummary.Of).ToList(), results.TotalItemCount, pageNumber, size);
    }

    /// <summary>
    /// The provider's job queue: open requests it may take, in its services and area, with
    /// elder priority first and then the earliest window; and new windows it must confirm.
    /// </summary>
    [Authorize(Roles = Roles.Provider)]
    [WolverineGet("/api/jobs/open", OperationId = "listOpenJobs")]
    public static async Task<BookingPage> OpenJobs([NotBody] Caller caller, IQuerySession session, int? page, int? pageSize,
        CancellationToken cancellation)
    {
        var (pageNumber, size) = Paging(page, pageSize);
        var provider = await BookingAccess.LoadProviderAsync(caller, session, cancellation);
        if (provider is null)
        {
            return new BookingPage([], 0, pageNumber, size);
        }

        var services = provider.Services.ToArray();
        var area = provider.ServiceArea.ToArray();
        var providerId = provider.Id;
        var query = session.Query<BookingView>().Where(x =>
            (x.Status == BookingStatus.Requested
             && x.Service.IsOneOf(services)
             && (x.TargetProviderId == null || x.TargetProviderId == providerId)
             && !x.DeclinedBy.Contains(providerId))
            || (x.Status == BookingStatus.Rescheduled && x.ProviderId == providerId));
        if (area.Length > 0)
        {
            query = query.Where(x => x.CommunityCode.IsOneOf(area) || x.ProviderId == providerId);
        }

        var results = await query
            .OrderByDescending(x => x.HasElderPriority)
            .ThenBy(x => x.Window.Start)
            .ToPagedListAsync(pageNumber, size, cancellation);
        return new BookingPage(results.Select(BookingSummary.Of).ToList(), results.TotalItemCount, pageNumber, size);
    }

    private static IQueryable<BookingView> OwnAndCaredFor(IQueryable<BookingView> query, Caller caller)
    {
        var residents = (caller.CaresFor ?? []).Append(caller.Actor.ResidentId ?? Guid.Empty).ToArray();
        return query.Where(x => x.ResidentId.IsOneOf(residents));
    }

    public static bool MaySee(BookingView view, Caller caller, Provider? provider) => caller.Role switch
    {
        ActorRole.Resident => caller.ActsFor(view.ResidentId),
        ActorRole.Operator or ActorRole.Admin => true,
        ActorRole.Provider => provider is not null && (view.ProviderId == provider.Id || IsOpenFor(view, provider)),
        _ => false
    };

    private static bool IsOpenFor(BookingView view, Provider provider) =>
        view.Status == BookingStatus.Requested
        && provider.Offers(view.Service)
        && provider.Covers(view.CommunityCode)
        && (view.TargetProviderId is null || view.TargetProviderId == provider.Id)
        && !view.DeclinedBy.Contains(provider.Id);

    public static BookingContact ContactFor(BookingView view, ResidentProfile resident, Caller caller)
    {
        var full = new BookingContact(resident.Name, resident.Phone, resident.Address, false);
        if (caller.Role != ActorRole.Provider)
        {
            return full;
        }

        var assigned = view.ProviderId == caller.Actor.ProviderId && view.Status is not BookingStatus.Declined;
        var stillNeeded = view.CompletedAt is not { } done || caller.Now - done < ContactVisibleAfterCompletion;
        return assigned && stillNeeded
            ? full
            : new BookingContact(MaskName(resident.Name), Phones.Mask(resident.Phone), null, true);
    }

    private static string MaskName(string name) => name.Length <= 1 ? "*" : name[0] + new string('*', name.Length - 1);

    private static (int Page, int Size) Paging(int? page, int? pageSize) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, MaxPageSize));
}
