using JasperFx.Events;
using JasperFx.Events.Projections;
using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Identity;
using LifeCircle.Residents;
using Marten;
using Marten.Events.Projections;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace LifeCircle.Notifications;

/// <summary>
/// A status change of a booking, addressed to one account: the resident's own, or a linked
/// guardian's. The text is rendered when read, in the reader's language.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid RecipientAccountId { get; set; }
    public Guid ResidentId { get; set; }
    public Guid BookingId { get; set; }
    public string BookingNumber { get; set; } = "";
    public ServiceType Service { get; set; }
    public BookingStatus Status { get; set; }
    public bool ToGuardian { get; set; }
    public DateTimeOffset At { get; set; }
}

public sealed record NotificationItem(Guid Id, Guid BookingId, string BookingNumber, BookingStatus Status, string Text, DateTimeOffset At);

public sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, long Total, int Page, int PageSize);

/// <summary>
/// Notifies the resident and every linked guardian of each status change a resident would
/// want to hear about, inline with the change.
/// </summary>
public sealed partial class NotificationProjection : EventProjection
{
    public Task Project(IEvent<BookingAccepted> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Accepted, e.Data.At, cancellation);

    public Task Project(IEvent<BookingDeclined> e, IDocumentOperations ops, CancellationToken cancellation) =>
        e.Data.Final ? NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Declined, e.Data.At, cancellation) : Task.CompletedTask;

    public Task Project(IEvent<BookingExpired> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Expired, e.Data.At, cancellation);

    public Task Project(IEvent<RescheduleConfirmed> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Accepted, e.Data.At, cancellation);

    public Task Project(IEvent<BookingStarted> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Started, e.Data.At, cancellation);

    public Task Project(IEvent<BookingCompleted> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Completed, e.Data.At, cancellation);

    public Task Project(IEvent<BookingSettled> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Settled, e.Data.At, cancellation);

    public Task Project(IEvent<BookingCancelled> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.Cancelled, e.Data.At, cancellation);

    public Task Project(IEvent<NoShowRecorded> e, IDocumentOperations ops, CancellationToken cancellation) =>
        NotifyAsync(ops, e, e.Data.BookingId, BookingStatus.NoShow, e.Data.At, cancellation);

    private static async Task NotifyAsync(IDocumentOperations ops, IEvent e, Guid bookingId, BookingStatus status,
        DateTimeOffset at, CancellationToken cancellation)
    {
        var booking = await ops.LoadAsync<BookingView>(bookingId, cancellation);
        if (booking is null)
        {
            return;
        }

        var profile = await ops.LoadAsync<ResidentProfile>(booking.ResidentId, cancellation);
        var own = await ops.Query<Account>().Where(a => a.ResidentId == booking.ResidentId).Select(a => a.Id).ToListAsync(cancellation);
        var recipients = own.Select(id => (Id: id, Guardian: false))
            .Concat((profile?.Guardians ?? []).Select(g => (Id: g.AccountId, Guardian: true)));
        var index = 0;
        foreach (var (accountId, toGuardian) in recipients)
        {
            ops.Store(new Notification
            {
                Id = DerivedId(e.Id, index++),
                RecipientAccountId = accountId,
                ResidentId = booking.ResidentId,
                BookingId = bookingId,
                BookingNumber = booking.Number,
                Service = booking.Service,
                Status = status,
                ToGuardian = toGuardian,
                At = at
            });
        }
    }

    // One event notifies several accounts; deriving their ids from the event id keeps a
    // projection rebuild from writing duplicates.
    private static Guid DerivedId(Guid eventId, int index)
    {
        var bytes = eventId.ToByteArray();
        bytes[0] ^= (byte)index;
        return new Guid(bytes);
    }
}

public static class NotificationEndpoints
{
    /// <summary>The signed-in account's notifications, newest first.</summary>
    [Authorize(Roles = Roles.Resident)]
    [WolverineGet("/api/notifications", OperationId = "listNotifications")]
    public static async Task<NotificationPage> List([NotBody] Caller caller, IQuerySession session, int? page, int? pageSize,
        CancellationToken cancellation)
    {
        var pageNumber = Math.Max(1, page ?? 1);
        var size = Math.Clamp(pageSize ?? 20, 1, 100);
        var accountId = caller.Actor.AccountId;
        var results = await session.Query<Notification>()
            .Where(n => n.RecipientAccountId == accountId)
            .OrderByDescending(n => n.At)
            .ToPagedListAsync(pageNumber, size, cancellation);
        return new NotificationPage(results.Select(Render).ToList(), results.TotalItemCount, pageNumber, size);
    }

    public static NotificationItem Render(Notification n) => new(n.Id, n.BookingId, n.BookingNumber, n.Status,
        Text.Get(n.ToGuardian ? "Notification_GuardianStatus" : "Notification_Status", Text.Of(n.Service), n.BookingNumber,
            Text.Of(n.Status)),
        n.At);

    public static StoreOptions AddNotifications(this StoreOptions options)
    {
        options.Projections.Add<NotificationProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Notification>().Index(x => x.RecipientAccountId);
        return options;
    }
}
