using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// The checks of the crash scenario after the last restart: acknowledged writes are all
/// there, nothing is written twice or half, and the stores agree with the event streams.
/// </summary>
internal static class AppCrashChecks
{
    /// <summary>A booking as <c>GET /api/bookings/{id}</c> returns it.</summary>
    private sealed record ApiBooking(string? Status, Guid? ProviderId, int AcceptedSteps, int CancelledSteps);

    /// <summary>
    /// Checks that every create acknowledged with 201 exists three ways (the API, the
    /// <c>BookingView</c> row and its <c>booking_requested</c> event), and that every accept
    /// and cancel acknowledged with 200 is in the stream exactly once and in the read model.
    /// </summary>
    public static async Task CheckAcknowledgedAsync(Deployment app, Uri node, string operatorToken, AppCrashLoad load,
        ScenarioResult result, CancellationToken cancellation)
    {
        var acknowledged = load.Creates.Where(c => c.BookingId is not null).ToDictionary(c => c.BookingId!.Value);
        var ids = acknowledged.Keys.ToArray();
        var read = await ReadThroughApiAsync(app, node, operatorToken, ids, cancellation);
        var views = (await app.QueryAsync("select id from lifecircle.mt_doc_bookingview where id = any($1)", r => r.GetGuid(0),
            cancellation, ids)).ToHashSet();
        var requested = (await app.QueryAsync(
            "select distinct stream_id from lifecircle.mt_events where type = 'booking_requested' and stream_id = any($1)",
            r => r.GetGuid(0), cancellation, ids)).ToHashSet();

        foreach (var (id, create) in acknowledged)
        {
            var missing = new List<string>();
            if (!read.ContainsKey(id))
            {
                missing.Add("GET /api/bookings/{id} returned no 200");
            }

            if (!views.Contains(id))
            {
                missing.Add("no mt_doc_bookingview row");
            }

            if (!requested.Contains(id))
            {
                missing.Add("no booking_requested event");
            }

            if (missing.Count > 0)
            {
                result.Lost++;
                result.Violation($"booking {id} ({create.Key}) was acknowledged with 201, but: {string.Join(", ", missing)}");
            }
        }

        await CheckTransitionsAsync(app, load, read, result, cancellation);
    }

    private static async Task CheckTransitionsAsync(Deployment app, AppCrashLoad load, IReadOnlyDictionary<Guid, ApiBooking> read,
        ScenarioResult result, CancellationToken cancellation)
    {
        var streams = load.Transitions.Select(t => t.BookingId).Distinct().ToArray();
        var events = await app.QueryAsync(
            """
            select stream_id, type, data->>'ProviderId' from lifecircle.mt_events
            where type in ('booking_accepted', 'booking_cancelled') and stream_id = any($1)
            """,
            r => (Stream: r.GetGuid(0), Type: r.GetString(1), Provider: r.IsDBNull(2) ? (Guid?)null : Guid.Parse(r.GetString(2))),
            cancellation, streams);
        var accepts = events.Where(e => e.Type == "booking_accepted").ToLookup(e => e.Stream, e => e.Provider);
        var cancels = events.Where(e => e.Type == "booking_cancelled").ToLookup(e => e.Stream);

        foreach (var accept in load.Transitions.Where(t => t is { Action: TransitionAttempt.Accept, Acknowledged: true }))
        {
            var stored = accepts[accept.BookingId].ToList();
            var view = read.GetValueOrDefault(accept.BookingId);
            if (stored.Count == 0)
            {
                result.Lost++;
                result.Violation($"accept of {accept.BookingId} was acknowledged with 200, but the stream has no booking_accepted event");
            }
            else if (stored.Count != 1 || stored[0] != accept.ProviderId)
            {
                result.Violation($"accept of {accept.BookingId} by {accept.ProviderId}: the stream has booking_accepted events naming {string.Join(", ", stored)}");
            }

            if (view is not null && (view.ProviderId != accept.ProviderId || view.AcceptedSteps != 1))
            {
                result.Violation($"accept of {accept.BookingId} by {accept.ProviderId}: the booking names provider {view.ProviderId} " +
                                 $"and has {view.AcceptedSteps} Accepted steps");
            }
        }

        foreach (var cancel in load.Transitions.Where(t => t is { Action: TransitionAttempt.Cancel, Acknowledged: true }))
        {
            var stored = cancels[cancel.BookingId].Count();
            var view = read.GetValueOrDefault(cancel.BookingId);
            if (stored == 0)
            {
                result.Lost++;
                result.Violation($"cancel of {cancel.BookingId} was acknowledged with 200, but the stream has no booking_cancelled event");
            }

            if (view is not null && (view.Status != "Cancelled" || view.CancelledSteps != 1))
            {
                result.Violation($"cancel of {cancel.BookingId}: the booking has status {view.Status} and {view.CancelledSteps} Cancelled steps");
            }
        }

        // Each job goes to one provider, so only the resident's cancel can make an accept lose.
        foreach (var conflict in load.Transitions.Where(t => t.Conflict && !cancels[t.BookingId].Any()))
        {
            result.Violation($"accept of {conflict.BookingId} got 409, but the booking was never cancelled");
        }

        var doubled = accepts.Sum(a => Math.Max(0, a.Count() - 1)) + cancels.Sum(c => Math.Max(0, c.Count() - 1));
        if (doubled > 0)
        {
            result.Duplicated += doubled;
            result.Violation($"{doubled} booking_accepted or booking_cancelled events are second events of their kind in one stream");
        }
    }

    /// <summary>Reads every booking through the API, eight at a time, and returns those that returned 200.</summary>
    private static async Task<Dictionary<Guid, ApiBooking>> ReadThroughApiAsync(Deployment app, Uri node, string operatorToken,
        Guid[] ids, CancellationToken cancellation)
    {
        var read = new ConcurrentDictionary<Guid, ApiBooking>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation },
            async (id, c) =>
            {
                var reply = await app.Api.GetAsync(node, $"/api/bookings/{id}", operatorToken, c);
                if (reply.Status != 200 || reply.Json?["booking"] is not JsonObject booking)
                {
                    return;
                }

                var history = booking["history"]?.AsArray() ?? [];
                int Steps(string action) => history.Count(step => step?["action"]?.GetValue<string>() == action);
                read[id] = new ApiBooking(booking["status"]?.GetValue<string>(), booking["providerId"]?.GetValue<Guid?>(),
                    Steps("Accepted"), Steps("Cancelled"));
            });
        return new Dictionary<Guid, ApiBooking>(read);
    }

    /// <summary>
    /// Checks that nothing is half-written, whether acknowledged or not: every booking stream
    /// has its <c>BookingView</c> row and the reverse, the row's version, history and status
    /// agree with the events, no stream has two <c>booking_requested</c> events, each
    /// idempotency record and key names one existing booking, and each booking has its expiry timer.
    /// </summary>
    public static async Task CheckNothingHalfWrittenAsync(Deployment app, AppCrashLoad load, ScenarioResult result,
        CancellationToken cancellation)
    {
        await CheckViewsAgreeWithStreamsAsync(app, result, cancellation);
        await CheckBookingsPerKeyAsync(app, load, result, cancellation);
        await CheckIdempotencyRecordsAsync(app, load, result, cancellation);
        await CheckTimersAsync(app, result, cancellation);
    }

    private static async Task CheckViewsAgreeWithStreamsAsync(Deployment app, ScenarioResult result, CancellationToken cancellation)
    {
        var orphans = await app.QueryAsync(
            """
            select 'stream without view', s.id from lifecircle.mt_streams s
            where s.type = 'booking'
              and not exists (select 1 from lifecircle.mt_doc_bookingview v where v.id = s.id and v.tenant_id = s.tenant_id)
            union all
            select 'view without stream', v.id from lifecircle.mt_doc_bookingview v
            where not exists (select 1 from lifecircle.mt_streams s where s.id = v.id and s.tenant_id = v.tenant_id)
            """,
            r => (Kind: r.GetString(0), Id: r.GetGuid(1)), cancellation);
        foreach (var (kind, id) in orphans)
        {
            result.Violation($"booking {id}: {kind}");
        }

        // One row per booking stream: its version, its events in order and, for the two events
        // whose effect on the status depends on their data, the deciding flag.
        var streams = await app.QueryAsync(
            """
            select s.id, s.version, count(e.seq_id), coalesce(max(e.version), 0), v.mt_version,
                   jsonb_array_length(v.data->'History'), v.data->>'Status',
                   array_agg(e.type order by e.version),
                   array_agg(coalesce(e.data->>'Final', e.data->>'NeedsProviderConfirmation', '') order by e.version)
            from lifecircle.mt_streams s
            join lifecircle.mt_doc_bookingview v on v.id = s.id and v.tenant_id = s.tenant_id
            join lifecircle.mt_events e on e.stream_id = s.id and e.tenant_id = s.tenant_id
            where s.type = 'booking'
            group by s.id, s.version, v.mt_version, v.data
            """,
            r => (Id: r.GetGuid(0), Version: r.GetInt64(1), Events: r.GetInt64(2), MaxVersion: r.GetInt64(3), ViewVersion: r.GetInt64(4),
                Steps: r.GetInt32(5), Status: r.GetString(6), Types: r.GetFieldValue<string[]>(7), Flags: r.GetFieldValue<string[]>(8)),
            cancellation);

        var disagreeing = 0;
        foreach (var s in streams)
        {
            var implied = StatusImpliedBy(s.Types, s.Flags);
            if (s.Events != s.Version || s.MaxVersion != s.Version || s.ViewVersion != s.Version || s.Steps != s.Version || s.Status != implied)
            {
                disagreeing++;
                result.Violation($"booking {s.Id}: stream version {s.Version}, {s.Events} events up to version {s.MaxVersion}; " +
                                 $"view version {s.ViewVersion}, {s.Steps} history steps, status {s.Status} where the events imply {implied}");
            }
        }

        var requestedTwice = await app.QueryAsync(
            """
            select stream_id, count(*) from lifecircle.mt_events where type = 'booking_requested'
            group by stream_id having count(*) > 1
            """,
            r => (Stream: r.GetGuid(0), Count: r.GetInt64(1)), cancellation);
        foreach (var (stream, count) in requestedTwice)
        {
            result.Duplicated += count - 1;
            result.Violation($"booking {stream} has {count} booking_requested events");
        }

        // NOTE: such rows also appear without any kill, after a 409 from a lost append race.
        var empty = await app.ScalarAsync<long>(
            """
            select count(*) from lifecircle.mt_streams s
            where s.type is distinct from 'booking' and not exists (select 1 from lifecircle.mt_events e where e.stream_id = s.id)
            """,
            cancellation);
        if (empty > 0)
        {
            result.Note($"{empty} streams in mt_streams have no events and are not booking streams");
        }

        result.Figure("booking streams compared with their views", $"{streams.Count}, {disagreeing} disagreeing, {orphans.Count} without a partner");
    }

    /// <summary>Returns the status that <c>BookingViewProjection</c> derives from these events.</summary>
    public static string StatusImpliedBy(IReadOnlyList<string> types, IReadOnlyList<string> flags)
    {
        var status = "";
        for (var i = 0; i < types.Count; i++)
        {
            status = types[i] switch
            {
                "booking_requested" => "Requested",
                "booking_accepted" => "Accepted",
                "reschedule_confirmed" => "Accepted",
                "booking_declined" when flags[i] == "true" => "Declined",
                "booking_rescheduled" when flags[i] == "true" => "Rescheduled",
                "booking_expired" => "Expired",
                "booking_started" => "Started",
                "booking_completed" => "Completed",
                "booking_settled" => "Settled",
                "booking_cancelled" => "Cancelled",
                "no_show_recorded" => "NoShow",
                _ => status
            };
        }

        return status;
    }

    /// <summary>
    /// Counts the bookings of each idempotency key by the key's marker in the symptom text:
    /// one for every key that got a 201, none for a key whose create was rejected.
    /// </summary>
    private static async Task CheckBookingsPerKeyAsync(Deployment app, AppCrashLoad load, ScenarioResult result, CancellationToken cancellation)
    {
        var perKey = (await app.QueryAsync(
                """
                select substring(data->'Details'->'Repair'->>'Symptom' from '\[(crash-[0-9]+-[0-9]+)\]'), count(*)
                from lifecircle.mt_doc_bookingview group by 1
                """,
                r => (Key: r.IsDBNull(0) ? "" : r.GetString(0), Count: r.GetInt64(1)), cancellation))
            .Where(k => k.Key.Length > 0).ToDictionary(k => k.Key, k => k.Count);

        foreach (var create in load.Creates)
        {
            var count = perKey.GetValueOrDefault(create.Key);
            if (count > 1)
            {
                result.Duplicated += count - 1;
                result.Violation($"key {create.Key} has {count} bookings");
            }
            else if (count == 1 && create.BookingId is null)
            {
                result.Violation($"key {create.Key} got no 201 but has a booking");
            }
        }
    }

    /// <summary>
    /// Checks that each idempotency record points at an existing booking, and that the record
    /// of each acknowledged key names the booking its 201 named.
    /// </summary>
    private static async Task CheckIdempotencyRecordsAsync(Deployment app, AppCrashLoad load, ScenarioResult result,
        CancellationToken cancellation)
    {
        var records = await app.QueryAsync(
            """
            select r.id, r.data->>'Location',
                   exists (select 1 from lifecircle.mt_doc_bookingview v where '/api/bookings/' || v.id::text = r.data->>'Location'),
                   exists (select 1 from lifecircle.mt_streams s where '/api/bookings/' || s.id::text = r.data->>'Location')
            from lifecircle.mt_doc_idempotencyrecord r
            """,
            r => (Id: r.GetString(0), Location: r.IsDBNull(1) ? "" : r.GetString(1), HasView: r.GetBoolean(2), HasStream: r.GetBoolean(3)),
            cancellation);
        foreach (var record in records.Where(r => !r.HasView || !r.HasStream))
        {
            result.Violation($"idempotency record {record.Id} points at {record.Location}, which has no view row or no stream");
        }

        var byKey = records.ToDictionary(r => r.Id[(r.Id.IndexOf(':') + 1)..], r => r.Location);
        foreach (var create in load.Creates.Where(c => c.BookingId is not null))
        {
            var expected = $"/api/bookings/{create.BookingId}";
            if (byKey.GetValueOrDefault(create.Key) != expected)
            {
                result.Violation($"key {create.Key}: the idempotency record points at {byKey.GetValueOrDefault(create.Key) ?? "nothing"}, the 201 named {expected}");
            }
        }

        result.Figure("idempotency records", records.Count.ToString());
    }

    /// <summary>
    /// Checks that every booking has exactly one scheduled <c>ExpireBooking</c> message in
    /// Wolverine's durable inbox, written in the transaction that started the stream. The
    /// acceptance deadline of a repair is hours away, so none has fired yet.
    /// </summary>
    private static async Task CheckTimersAsync(Deployment app, ScenarioResult result, CancellationToken cancellation)
    {
        var timers = (await app.QueryAsync(
                """
                select substring(encode(body, 'escape') from '"[Bb]ookingId":"([0-9a-fA-F-]{36})"'), count(*)
                from lifecircle.wolverine_incoming_envelopes
                where message_type = 'LifeCircle.Bookings.ExpireBooking' and status = 'Scheduled'
                group by 1
                """,
                r => (Booking: r.IsDBNull(0) ? "" : r.GetString(0), Count: r.GetInt64(1)), cancellation))
            .Where(t => t.Booking.Length > 0).ToDictionary(t => Guid.Parse(t.Booking), t => t.Count);
        var bookings = await app.QueryAsync("select id from lifecircle.mt_streams where type = 'booking'", r => r.GetGuid(0), cancellation);

        var without = bookings.Where(b => !timers.ContainsKey(b)).ToList();
        foreach (var booking in without)
        {
            result.Violation($"booking {booking} has no scheduled expiry timer");
        }

        foreach (var (booking, count) in timers.Where(t => t.Value > 1))
        {
            result.Violation($"booking {booking} has {count} scheduled expiry timers");
        }

        result.Figure("expiry timers", $"{timers.Count} bookings with a timer, {without.Count} without");
    }

    /// <summary>Returns the last sequence number that the <c>DailyStats</c> projection has processed, and the highest in the store.</summary>
    public static async Task<(long Projected, long Highest)> ProgressAsync(Deployment app, CancellationToken cancellation)
    {
        var projected = await app.ScalarAsync<long>(
            "select coalesce(max(last_seq_id), 0) from lifecircle.mt_event_progression where name ilike 'DailyStats%'", cancellation);
        var highest = await app.ScalarAsync<long>("select coalesce(max(seq_id), 0) from lifecircle.mt_events", cancellation);
        return (projected, highest);
    }
}
