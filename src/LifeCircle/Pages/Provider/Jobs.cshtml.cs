using System.Text.Json;
using LifeCircle.Bookings;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Authorization;

namespace LifeCircle.Pages.Provider;

/// <summary>A job on the provider's page: the booking and how to reach its resident.</summary>
public sealed record Job(BookingView Booking, BookingContact? Contact);

/// <summary>
/// A charge line editor: the card items to choose from, the rows it starts with (JSON of
/// <see cref="StartingLine"/>), and the request field its lines go to (<c>charges</c> or <c>lines</c>).
/// </summary>
public sealed record ChargeEditor(IReadOnlyList<PriceItem> Items, string InitialJson, string Field);

/// <summary>A row the charge editor starts with: a card item by code, or a line that is not on the card.</summary>
public sealed record StartingLine(string? ItemCode, decimal Quantity, string? Item = null, string? Unit = null, decimal? UnitPrice = null);

/// <summary>
/// The provider's work list: the open queue of <c>GET /api/jobs/open</c>, its jobs in
/// progress and the last finished ones. Buttons post to the booking API from site.js.
/// </summary>
[Authorize(Roles = Roles.Provider)]
public sealed class JobsModel(IDocumentStore store, TimeProvider clock) : LifeCirclePageModel
{
    public const int OpenJobsShown = 50;
    public const int FinishedJobsShown = 10;

    private static readonly BookingStatus[] InProgress = [BookingStatus.Accepted, BookingStatus.Started, BookingStatus.Completed];
    private static readonly BookingStatus[] Finished = [BookingStatus.Settled, BookingStatus.Cancelled, BookingStatus.NoShow];

    // Fully qualified because this page's namespace, LifeCircle.Pages.Provider, hides the type name.
    public LifeCircle.Providers.Provider? Me { get; private set; }

    public IReadOnlyList<Job> OpenJobs { get; private set; } = [];

    public IReadOnlyList<Job> MyJobs { get; private set; } = [];

    public IReadOnlyList<Job> FinishedJobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        await using var session = QuerySessionFor(store, caller);
        Me = await BookingAccess.LoadProviderAsync(caller, session, cancellation);
        if (Me is null)
        {
            return;
        }

        var queue = await BookingQueries.OpenJobs(caller, session, 1, OpenJobsShown, cancellation);
        var queued = await session.LoadManyAsync<BookingView>(cancellation, queue.Items.Select(i => i.Id).ToArray());
        var queueOrder = queue.Items.Select((item, index) => (item.Id, index)).ToDictionary(x => x.Id, x => x.index);
        var open = queued.OrderBy(v => queueOrder[v.Id]).ToList();

        var providerId = Me.Id;
        var mine = await session.Query<BookingView>()
            .Where(x => x.ProviderId == providerId && x.Status.IsOneOf(InProgress))
            .OrderBy(x => x.Window.Start)
            .Take(OpenJobsShown)
            .ToListAsync(cancellation);
        var finished = await session.Query<BookingView>()
            .Where(x => x.ProviderId == providerId && x.Status.IsOneOf(Finished))
            .OrderByDescending(x => x.UpdatedAt)
            .Take(FinishedJobsShown)
            .ToListAsync(cancellation);

        var residentIds = open.Concat(mine).Concat(finished).Select(v => v.ResidentId).Distinct().ToArray();
        var residents = (await session.LoadManyAsync<ResidentProfile>(cancellation, residentIds)).ToDictionary(r => r.Id);

        Job ToJob(BookingView view) => new(view,
            residents.TryGetValue(view.ResidentId, out var resident) ? BookingQueries.ContactFor(view, resident, caller) : null);

        OpenJobs = open.Select(ToJob).ToList();
        MyJobs = mine.Select(ToJob).ToList();
        FinishedJobs = finished.Select(ToJob).ToList();
    }

    /// <summary>
    /// The card items a job is billed from: those of the card version in force when it was
    /// accepted, because the API prices the bill from that version.
    /// </summary>
    public IReadOnlyList<PriceItem> PriceItemsFor(BookingView booking)
    {
        var items = Me?.VersionOf(booking.CardVersion)?.Items ?? Me?.PriceCard.ToArray() ?? [];
        return items.Where(p => p.Service == booking.Service).ToList();
    }

    /// <summary>True while a job has no quote, so the provider's first proposal must be the quote.</summary>
    public static bool NeedsQuote(BookingView booking) =>
        booking.Quote is null && !booking.Proposals.Any(p => p.Kind == ProposalKind.Quote && p.Status != ProposalStatus.Rejected);

    /// <summary>Starts the bill with what the resident agreed to: the quote's lines and those of approved proposals.</summary>
    public ChargeEditor BillEditorFor(BookingView booking)
    {
        var agreed = (booking.Quote?.Lines ?? []).Select(l => new StartingLine(l.ItemCode, l.Quantity))
            .Concat(booking.Proposals.Where(p => p.Status == ProposalStatus.Approved).SelectMany(p => p.Lines).Select(l =>
                l.ItemCode is { } code ? new StartingLine(code, l.Quantity) : new StartingLine(null, l.Quantity, l.Item, l.Unit, l.UnitPrice.Yuan)))
            .ToList();
        return new ChargeEditor(PriceItemsFor(booking), JsonSerializer.Serialize(agreed, ApiJson.Options), "charges");
    }

    public ChargeEditor ProposalEditorFor(BookingView booking) =>
        new(PriceItemsFor(booking), "[]", "lines");
}
