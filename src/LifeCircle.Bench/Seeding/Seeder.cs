using System.Diagnostics;
using System.Globalization;
using JasperFx.Events;
using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Core.Tenancy;
using LifeCircle.Identity;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Npgsql;
using Weasel.Core;

namespace LifeCircle.Bench.Seeding;

/// <summary>What to seed; the counts come from the command line of <c>seed</c>.</summary>
public sealed record SeedSettings(int Providers, int Residents, int BookingEvents, int AcceptPool, int RandomSeed, string AcceptPoolFile);

/// <summary>Counts and durations of one seeding, for the report.</summary>
public sealed record SeedSummary(
    int Providers,
    int Residents,
    int ResidentEvents,
    int FinishedBookings,
    int BookingEvents,
    int OpenBookings,
    string[] AsyncShards,
    double SchemaSeconds,
    double DocumentSeconds,
    double EventSeconds,
    double TotalSeconds);

/// <summary>
/// Seeds the benchmark database through the app's own document store with Marten's bulk APIs:
/// COPY for documents (<see cref="IDocumentStore.BulkInsertAsync{T}(string, IReadOnlyCollection{T}, BulkInsertMode, int, CancellationToken)"/>)
/// and for events (<see cref="IDocumentStore.BulkInsertEventsAsync(string, IReadOnlyList{StreamAction}, int, CancellationToken)"/>).
/// The bulk event path runs no inline projection, so the seeder writes the projected documents itself.
/// </summary>
public sealed class Seeder(IServiceProvider app, SeedSettings settings, TextWriter log)
{
    private const int StreamsPerBatch = 5_000;

    private readonly IDocumentStore _store = app.GetRequiredService<IDocumentStore>();
    private readonly Random _random = new(settings.RandomSeed);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public async Task<SeedSummary> RunAsync(CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();

        // The same schema and division codes the app creates and loads at start.
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await app.GetRequiredService<DivisionCatalog>().EnsureLoadedAsync(cancellation);
        var communities = await CommunitiesAsync(cancellation);
        var schemaSeconds = total.Elapsed.TotalSeconds;
        log.WriteLine($"schema ready, {communities.Count} Shenyang communities ({schemaSeconds:0.0} s)");

        var documents = Stopwatch.StartNew();
        var onboardedAt = _now.AddDays(-200);
        var providers = Enumerable.Range(0, settings.Providers)
            .Select(i => SeedProviders.Create(i, _random, communities.Keys.ToList(), onboardedAt))
            .Select(p => (Provider: p, Account: SeedProviders.AccountOf(p)))
            .ToList();
        await _store.BulkInsertAsync(City.Shenyang, providers.Select(p => p.Provider).ToList(), BulkInsertMode.InsertsOnly, 5_000, cancellation);
        await _store.BulkInsertAsync(providers.Select(p => p.Account).ToList(), BulkInsertMode.InsertsOnly, 5_000, cancellation);
        log.WriteLine($"{providers.Count} providers and their accounts ({documents.Elapsed.TotalSeconds:0.0} s)");

        var residents = Enumerable.Range(0, settings.Residents)
            .Select(i => SeedResidents.Create(i, _random, communities.Keys.ToList(), onboardedAt))
            .ToList();
        await _store.BulkInsertAsync(City.Shenyang, residents.Select(r => r.Profile).ToList(), BulkInsertMode.InsertsOnly, 5_000, cancellation);
        await _store.BulkInsertAsync(residents.Select(r => r.Account).ToList(), BulkInsertMode.InsertsOnly, 5_000, cancellation);
        var residentEvents = 0;
        foreach (var batch in residents.Chunk(StreamsPerBatch))
        {
            var streams = batch.Select(r => Stream<ResidentProfile>(r.Profile.Id, r.Events, r.Events.Select(_ => onboardedAt).ToArray())).ToList();
            await _store.BulkInsertEventsAsync(City.Shenyang, streams, 10_000, cancellation);
            residentEvents += batch.Sum(r => r.Events.Length);
        }

        var documentSeconds = documents.Elapsed.TotalSeconds;
        log.WriteLine($"{residents.Count} residents, their accounts and {residentEvents} events ({documentSeconds:0.0} s)");

        var events = Stopwatch.StartNew();
        var bookings = new SeedBookings(residents, providers, communities, app.GetRequiredService<BookingOptions>(), _now, _random);
        var lengths = bookings.HistoryLengths(settings.BookingEvents).ToList();
        var numbers = await ReserveNumbersAsync(lengths.Count + settings.AcceptPool, cancellation);

        var finished = lengths.Select((length, i) => bookings.Finished(length, numbers(i)));
        var bookingEvents = await InsertBookingsAsync(finished, "finished bookings", cancellation);

        var open = Enumerable.Range(lengths.Count, settings.AcceptPool).Select(i => bookings.Open(numbers(i))).ToList();
        await InsertBookingsAsync(open, "open bookings", cancellation);
        await File.WriteAllLinesAsync(settings.AcceptPoolFile, open.Select(b => b.Id.ToString()), cancellation);
        var eventSeconds = events.Elapsed.TotalSeconds;

        // The load driver waits for these shards to catch up before and after each phase.
        var asyncShards = ((DocumentStore)_store).Options.Projections.AllShards().Select(s => s.Name.Identity).ToArray();
        return new SeedSummary(providers.Count, residents.Count, residentEvents, lengths.Count, bookingEvents, open.Count, asyncShards,
            schemaSeconds, documentSeconds, eventSeconds, total.Elapsed.TotalSeconds);
    }

    private async Task<int> InsertBookingsAsync(IEnumerable<SeedBooking> bookings, string label, CancellationToken cancellation)
    {
        var inserted = 0;
        var streams = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in bookings.Chunk(StreamsPerBatch))
        {
            var actions = batch.Select(b => Stream<Booking>(b.Id, b.Events, b.Times)).ToList();
            await _store.BulkInsertEventsAsync(City.Shenyang, actions, 10_000, cancellation);
            await _store.BulkInsertAsync(City.Shenyang, batch.Select(b => b.View).ToList(), BulkInsertMode.InsertsOnly, 5_000, cancellation);
            inserted += batch.Sum(b => b.Events.Length);
            streams += batch.Length;
            if (streams % 50_000 < StreamsPerBatch)
            {
                log.WriteLine($"  {label}: {streams} streams, {inserted} events ({inserted / clock.Elapsed.TotalSeconds:0} events/s)");
            }
        }

        log.WriteLine($"{label}: {streams} streams, {inserted} events in {clock.Elapsed.TotalSeconds:0.0} s");
        return inserted;
    }

    private StreamAction Stream<TAggregate>(Guid id, object[] events, DateTimeOffset[] times)
    {
        var action = StreamAction.Start(((DocumentStore)_store).Events, id, events);
        action.AggregateType = typeof(TAggregate);
        for (var i = 0; i < action.Events.Count; i++)
        {
            // Npgsql writes timestamptz from UTC values only.
            action.Events[i].Timestamp = times[i].ToUniversalTime();
        }

        return action;
    }

    /// <summary>Returns the urban communities of Shenyang by code, with their names.</summary>
    private async Task<Dictionary<string, string>> CommunitiesAsync(CancellationToken cancellation)
    {
        await using var session = _store.QuerySession();
        var communities = await session.Query<Division>()
            .Where(d => d.Level == DivisionLevel.Community && d.CityCode == City.Shenyang && d.IsUrbanCommunity)
            .OrderBy(d => d.Id)
            .Take(500)
            .ToListAsync(cancellation);
        if (communities.Count == 0)
        {
            throw new InvalidOperationException("No urban community of Shenyang (2101) was found among the division codes.");
        }

        return communities.ToDictionary(d => d.Id, d => d.Name);
    }

    /// <summary>
    /// Takes <paramref name="count"/> booking numbers from the app's sequence, so that bookings
    /// created later through the API continue after the seeded ones.
    /// </summary>
    private async Task<Func<int, string>> ReserveNumbersAsync(int count, CancellationToken cancellation)
    {
        var dataSource = app.GetRequiredService<NpgsqlDataSource>();
        var sequence = $"{BookingNumbers.SequenceSchema}.{BookingNumbers.SequenceName}";
        await using var command = dataSource.CreateCommand($"select setval('{sequence}', nextval('{sequence}') + @count - 1)");
        command.Parameters.AddWithValue("count", (long)count);
        var last = (long)(await command.ExecuteScalarAsync(cancellation))!;
        var first = last - count + 1;
        return i => (first + i).ToString(CultureInfo.InvariantCulture);
    }
}
