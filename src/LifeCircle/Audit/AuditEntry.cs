using JasperFx.Events;
using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Residents;
using Marten;
using Marten.Events.Projections;

namespace LifeCircle.Audit;

/// <summary>
/// One action taken on someone's behalf, by an operator or a guardian: who acted, for which
/// resident, what, when and through which channel. Keyed by the id of the event it records.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public Guid ActorAccountId { get; set; }
    public ActorRole ActorRole { get; set; }
    public Channel Channel { get; set; }
    public Guid ResidentId { get; set; }
    public Guid? BookingId { get; set; }
    public string Action { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every event whose actor is an operator or a
/// guardian, inline with the event, so the audit trail can never lag the action.
/// </summary>
public sealed partial class AuditProjection : EventProjection
{
    public static bool IsOnBehalf(Actor by) => by.Role is ActorRole.Operator or ActorRole.Guardian;

    public async Task Project(IEvent<BookingRequested> e, IDocumentOperations ops, CancellationToken cancellation) =>
        await RecordAsync(ops, e, e.Data.By, e.Data.BookingId, e.Data.ResidentId, e.Data.At, cancellation);

    public Task Project(IEvent<BookingCancelled> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, e.Data.BookingId, null, e.Data.At, cancellation);

    public Task Project(IEvent<BookingRescheduled> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, e.Data.BookingId, null, e.Data.At, cancellation);

    public Task Project(IEvent<BookingSettled> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, e.Data.BookingId, null, e.Data.At, cancellation);

    public Task Project(IEvent<NoShowRecorded> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, e.Data.BookingId, null, e.Data.At, cancellation);

    public Task Project(IEvent<ResidentRegistered> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, null, e.Data.ResidentId, e.Data.At, cancellation);

    public Task Project(IEvent<ResidentContactChanged> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, null, e.Data.ResidentId, e.Data.At, cancellation);

    public Task Project(IEvent<ElderAttributesRecorded> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, null, e.Data.ResidentId, e.Data.At, cancellation);

    public Task Project(IEvent<GuardianLinked> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, null, e.Data.ResidentId, e.Data.At, cancellation);

    public Task Project(IEvent<GuardianUnlinked> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, null, e.Data.ResidentId, e.Data.At, cancellation);

    public Task Project(IEvent<ResidentErased> e, IDocumentOperations ops, CancellationToken cancellation) =>
        RecordAsync(ops, e, e.Data.By, null, e.Data.ResidentId, e.Data.At, cancellation);

    private static async Task RecordAsync(IDocumentOperations ops, IEvent e, Actor by, Guid? bookingId, Guid? residentId,
        DateTimeOffset at, CancellationToken cancellation)
    {
        if (!IsOnBehalf(by))
        {
            return;
        }

        var forResident = residentId
                          ?? (bookingId is { } id ? (await ops.LoadAsync<BookingView>(id, cancellation))?.ResidentId : null)
                          ?? Guid.Empty;
        ops.Store(new AuditEntry
        {
            Id = e.Id,
            ActorAccountId = by.AccountId,
            ActorRole = by.Role,
            Channel = by.Channel,
            ResidentId = forResident,
            BookingId = bookingId,
            Action = e.EventTypeName,
            At = at
        });
    }
}
