using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Runs several app nodes against one database. Wolverine runs the asynchronous dashboard
/// projection on one node at a time and moves it when that node dies. Under load, the node
/// running the projection is killed with SIGKILL. The scenario measures how long the
/// dashboard stays frozen, checks that its final counts equal a recount of the events, and
/// that the expiry timer of every unaccepted booking fired exactly once: timers created on
/// the killed node, and timers that came due just as it died.
/// </summary>
public static class NodeFailover
{
    public const string Name = "5. Node failover";

    /// <summary>Wolverine's agent URI of the DailyStats projection, e.g. <c>event-subscriptions://marten/main/…/dailystats/all</c>.</summary>
    private static bool IsProjectionAgent(string agent) =>
        agent.StartsWith("event-subscriptions://", StringComparison.Ordinal) && agent.Contains("/dailystats/", StringComparison.Ordinal);

    /// <summary>Wolverine's durability agent of the database, which recovers inbox and outbox messages.</summary>
    private static bool IsDurabilityAgent(string agent) => agent.StartsWith("wolverinedb://", StringComparison.Ordinal);

    public static async Task<ScenarioResult> RunAsync(Lab lab, NodeSizes sizes, Action<string> log, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        var settings = new Dictionary<string, string>
        {
            ["LifeCircle__Bookings__AcceptanceTimeout__Repair"] = sizes.RepairTimeout.ToString("c", CultureInfo.InvariantCulture)
        };
        await using var app = await lab.DeployAsync("rel_nodes", sizes.Nodes, settings, cancellation);
        var adminToken = await app.Api.SignInWithPasswordAsync(app.First, "admin", cancellation);
        var residents = await People.SignInResidentsAsync(app, People.ResidentPhones.Length, cancellation);
        var housekeeper = await People.SignInProviderAsync(app, People.HousekeepingProviderPhone, cancellation);

        var assignments = await WaitForAgentsAsync(app, TimeSpan.FromMinutes(3), cancellation);
        var victim = NodeRunning(app, assignments, IsProjectionAgent);
        var durabilityHolder = NodeRunning(app, assignments, IsDurabilityAgent);
        log($"agents: projection on {victim?.Name ?? "?"}, durability agent on {durabilityHolder?.Name ?? "?"}");
        if (victim is null)
        {
            result.Violation("could not tell which node runs the DailyStats projection");
            return result.Finish();
        }

        var load = new Load(app, residents, housekeeper, result);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var clients = Enumerable.Range(0, sizes.LoadClients)
            .Select(i => Task.Run(() => load.RunAsync(i, stopLoad.Token), CancellationToken.None)).ToArray();

        var survivor = app.Nodes.First(n => n != victim).BaseAddress;
        var moving = await Poll.UntilAsync(async () =>
            (await Dashboard.ReadAsync(app.Api, survivor, adminToken, BookingBodies.Today(), cancellation))?.Requested > 0,
            TimeSpan.FromSeconds(60), cancellation);
        if (moving is null)
        {
            result.Violation("the dashboard showed no request within 60 s of the load starting, before any node was killed");
        }

        // Half the timers come due about two seconds before the kill. Every node polls for due
        // scheduled messages (every 5 s, Wolverine's default ScheduledJobPollingTime), so the
        // dying node may have taken some of them without finishing.
        // The other half come due after it is gone.
        var dueAtKill = await CreateTimerBookingsAsync(app, residents, 0, sizes.TimerBookings / 2, result, cancellation);
        await Task.Delay(sizes.RepairTimeout + TimeSpan.FromSeconds(2), cancellation);
        var dueLater = await CreateTimerBookingsAsync(app, residents, dueAtKill.Count, sizes.TimerBookings - dueAtKill.Count, result,
            cancellation);
        List<Guid> timers = [.. dueAtKill, .. dueLater];
        log($"{timers.Count} repair bookings wait for expiry, {dueAtKill.Count} of them already due; killing {victim.Name} (pid {victim.ProcessId})");

        var sinceKill = Stopwatch.StartNew();
        victim.Kill();
        load.Exclude(victim);
        var (failover, reassigned) = await WatchFailoverAsync(app, victim, survivor, adminToken, sizes.FailoverBound, sinceKill, cancellation);
        if (failover is null)
        {
            result.Violation($"the dashboard did not move within {sizes.FailoverBound.TotalSeconds:0} s after {victim.Name} was killed");
        }

        log($"dashboard moved again {failover?.TotalSeconds:0.0} s after the kill");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellation);
        await stopLoad.CancelAsync();
        await Task.WhenAll(clients);

        await CheckTimersAsync(app, timers, sizes, result, log, cancellation);
        await CheckLoadAsync(app, load, result, cancellation);
        var differences = await Dashboard.WaitUntilTrueAsync(app, survivor, adminToken, TimeSpan.FromMinutes(2), cancellation);
        foreach (var difference in differences)
        {
            result.Violation($"final dashboard differs from the events: {difference}");
        }

        result.Figure("nodes", sizes.Nodes.ToString());
        result.Figure("killed node held", string.Join(", ", AgentsOf(assignments, victim)));
        result.Figure("durability agent was on", durabilityHolder == victim ? "the killed node" : durabilityHolder?.Name ?? "?");
        result.Figure("failover: kill to dashboard moving again", failover is { } f ? $"{f.TotalSeconds:0.0} s" : "not within bound");
        result.Figure("failover: kill to projection agent reassigned", reassigned is { } r ? $"{r.TotalSeconds:0.0} s" : "not seen");
        result.Figure("load bookings acknowledged", load.Acknowledged.Count.ToString());
        result.Figure("expiry timers handled per node",
            string.Join(", ", app.Nodes.Select(n => $"{n.Name} {n.CountLogLines("Expiry timer for booking")}")));
        result.Figure("unhandled errors logged by the app", app.CountUnhandledErrors().ToString());
        return result.Finish();
    }

    /// <summary>
    /// Steady traffic spread over the live nodes: residents book housekeeping, the demo
    /// housekeeping company accepts every third request and residents cancel every fifth.
    /// </summary>
    private sealed class Load(Deployment app, List<SignedInResident> residents, SignedInProvider housekeeper, ScenarioResult result)
    {
        private readonly ConcurrentDictionary<AppNode, bool> _excluded = new();
        private int _turn;

        public ConcurrentDictionary<Guid, string> Acknowledged { get; } = new();

        public void Exclude(AppNode node) => _excluded[node] = true;

        public async Task RunAsync(int client, CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
            {
                var resident = residents[(client + n) % residents.Count];
                var created = await SendAsync(node => app.Api.PostJsonAsync(node, "/api/bookings", resident.Token,
                    BookingBodies.Housekeeping().ToJsonString(), CancellationToken.None));
                if (created?.Status == 201)
                {
                    var id = created.Json!["id"]!.GetValue<Guid>();
                    Acknowledged[id] = resident.Phone;
                    if (n % 3 == 0)
                    {
                        await SendAsync(node => app.Api.PostJsonAsync(node, $"/api/bookings/{id}/accept", housekeeper.Token, null,
                            CancellationToken.None));
                    }
                    else if (n % 5 == 0)
                    {
                        await SendAsync(node => app.Api.PostJsonAsync(node, $"/api/bookings/{id}/cancel", resident.Token,
                            new { reason = "计划有变" }, CancellationToken.None));
                    }
                }

                await Task.Delay(50, CancellationToken.None);
            }
        }

        /// <summary>Sends one request to the next live node; a node that stopped responding is skipped, as a load balancer would.</summary>
        private async Task<Reply?> SendAsync(Func<Uri, Task<Reply>> send)
        {
            var live = app.Nodes.Where(n => !_excluded.ContainsKey(n)).ToList();
            var node = live[Interlocked.Increment(ref _turn) % live.Count];
            result.CountTried();
            var reply = await send(node.BaseAddress);
            if (reply.IsSuccess)
            {
                return reply;
            }

            result.CountFailed();
            if (reply.IsServerError)
            {
                result.CountServerError();
                result.Violation($"{node.Name}: {reply.Describe()}");
            }
            else if (!reply.IsTransportFailure)
            {
                result.Violation($"{node.Name}: unexpected {reply.Describe()}");
            }

            return reply;
        }
    }

    /// <summary>Creates repair bookings that no provider will accept, spread over all nodes including the one about to die.</summary>
    private static async Task<List<Guid>> CreateTimerBookingsAsync(Deployment app, List<SignedInResident> residents, int first, int count,
        ScenarioResult result, CancellationToken cancellation)
    {
        var ids = new List<Guid>();
        for (var i = first; i < first + count; i++)
        {
            var node = app.Nodes[i % app.Nodes.Count];
            var reply = await app.Api.PostJsonAsync(node.BaseAddress, "/api/bookings", residents[i % residents.Count].Token,
                BookingBodies.Repair($"[timer-{i}]").ToJsonString(), cancellation);
            if (reply.Status == 201)
            {
                ids.Add(reply.Json!["id"]!.GetValue<Guid>());
            }
            else
            {
                result.Violation($"creating timer booking {i} on {node.Name} failed: {reply.Describe()}");
            }
        }

        return ids;
    }

    /// <summary>
    /// Waits until every timer booking has expired, then checks that each has exactly one
    /// <c>booking_expired</c> event and the status Expired in the read model.
    /// </summary>
    private static async Task CheckTimersAsync(Deployment app, List<Guid> timers, NodeSizes sizes, ScenarioResult result,
        Action<string> log, CancellationToken cancellation)
    {
        var ids = timers.ToArray();
        var expired = await Poll.UntilAsync(async () =>
                await app.ScalarAsync<long>(
                    "select count(distinct stream_id) from lifecircle.mt_events where type = 'booking_expired' and stream_id = any($1)",
                    cancellation, ids) == ids.Length,
            sizes.RepairTimeout + sizes.FailoverBound, cancellation);
        if (expired is null)
        {
            result.Violation($"not every timer booking expired within {(sizes.RepairTimeout + sizes.FailoverBound).TotalSeconds:0} s");
        }

        // Let a duplicate firing, if any, land before counting.
        await Task.Delay(TimeSpan.FromSeconds(10), cancellation);
        var rows = await app.QueryAsync(
            """
            select v.id, v.data->>'Status', v.data->>'AcceptBy',
                   (select count(*) from lifecircle.mt_events e where e.stream_id = v.id and e.type = 'booking_expired'),
                   (select max(e.data->>'At') from lifecircle.mt_events e where e.stream_id = v.id and e.type = 'booking_expired')
            from lifecircle.mt_doc_bookingview v where v.id = any($1)
            """,
            r => (Id: r.GetGuid(0), Status: r.GetString(1), AcceptBy: DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                Events: r.GetInt64(3), ExpiredAt: r.IsDBNull(4) ? (DateTimeOffset?)null : DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)),
            cancellation, ids);

        foreach (var row in rows.Where(r => r.Events != 1 || r.Status != "Expired"))
        {
            result.Violation($"timer booking {row.Id}: {row.Events} booking_expired events, status {row.Status}");
        }

        result.Lost += ids.Length - rows.Count;
        result.Duplicated += rows.Sum(r => Math.Max(0, r.Events - 1));
        var lateness = rows.Where(r => r.ExpiredAt is not null).Select(r => (r.ExpiredAt!.Value - r.AcceptBy).TotalSeconds).ToList();
        result.Figure("timer bookings", $"{ids.Length}, expired once: {rows.Count(r => r.Events == 1 && r.Status == "Expired")}");
        result.Figure("timer lateness after deadline (max)", lateness.Count == 0 ? "-" : $"{lateness.Max():0.0} s");
        log($"timers: {rows.Count(r => r.Events == 1)} of {ids.Length} expired exactly once");
    }

    /// <summary>Every acknowledged load booking must exist, and no stream may hold a lifecycle event twice.</summary>
    private static async Task CheckLoadAsync(Deployment app, Load load, ScenarioResult result, CancellationToken cancellation)
    {
        var ids = load.Acknowledged.Keys.ToArray();
        var found = await app.ScalarAsync<long>("select count(*) from lifecircle.mt_doc_bookingview where id = any($1)", cancellation, ids);
        result.Lost += ids.Length - found;
        if (found != ids.Length)
        {
            result.Violation($"{ids.Length - found} of {ids.Length} acknowledged load bookings are missing");
        }

        var doubled = await app.QueryAsync(
            """
            select stream_id, type, count(*) from lifecircle.mt_events
            where type in ('booking_requested', 'booking_accepted', 'booking_cancelled', 'booking_expired')
            group by 1, 2 having count(*) > 1
            """,
            r => (Stream: r.GetGuid(0), Type: r.GetString(1), Count: r.GetInt64(2)), cancellation);
        foreach (var (stream, type, count) in doubled.Where(d => d.Type != "booking_expired"))
        {
            result.Violation($"booking {stream} contains {count} {type} events");
            result.Duplicated += count - 1;
        }
    }

    private static async Task<List<(string Agent, Guid Node)>> WaitForAgentsAsync(Deployment app, TimeSpan bound, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await app.QueryAsync("select id, node_id from lifecircle.wolverine_node_assignments",
                r => (Agent: r.GetString(0), Node: r.GetGuid(1)), cancellation);
            var projection = rows.Any(r => IsProjectionAgent(r.Agent));
            var durability = rows.Any(r => IsDurabilityAgent(r.Agent));
            if ((projection && durability) || clock.Elapsed > bound)
            {
                return rows;
            }

            await Task.Delay(500, cancellation);
        }
    }

    private static AppNode? NodeRunning(Deployment app, List<(string Agent, Guid Node)> assignments, Func<string, bool> isAgent)
    {
        var nodeId = assignments.Where(a => isAgent(a.Agent)).Select(a => (Guid?)a.Node).FirstOrDefault();
        return nodeId is null ? null : app.Nodes.FirstOrDefault(n => n.WolverineNodeId() == nodeId);
    }

    private static IEnumerable<string> AgentsOf(List<(string Agent, Guid Node)> assignments, AppNode node) =>
        assignments.Where(a => a.Node == node.WolverineNodeId()).Select(a => a.Agent);

    /// <summary>
    /// Polls a surviving node's dashboard and Wolverine's agent assignments after the kill.
    /// Returns when the dashboard's request count first moved past its value at the kill, and
    /// when the projection agent was first seen on another node; either is null if not seen
    /// within <paramref name="bound"/>.
    /// </summary>
    private static async Task<(TimeSpan? DashboardMoved, TimeSpan? AgentMoved)> WatchFailoverAsync(Deployment app, AppNode victim,
        Uri survivor, string adminToken, TimeSpan bound, Stopwatch sinceKill, CancellationToken cancellation)
    {
        var victimId = victim.WolverineNodeId();
        var frozenAt = (await Dashboard.ReadAsync(app.Api, survivor, adminToken, BookingBodies.Today(), cancellation))?.Requested ?? 0;
        TimeSpan? dashboardMoved = null;
        TimeSpan? agentMoved = null;
        while (sinceKill.Elapsed < bound && (dashboardMoved is null || agentMoved is null))
        {
            if (dashboardMoved is null
                && (await Dashboard.ReadAsync(app.Api, survivor, adminToken, BookingBodies.Today(), cancellation))?.Requested > frozenAt)
            {
                dashboardMoved = sinceKill.Elapsed;
            }

            if (agentMoved is null)
            {
                var holders = await app.QueryAsync("select id, node_id from lifecircle.wolverine_node_assignments",
                    r => (Agent: r.GetString(0), Node: r.GetGuid(1)), cancellation);
                if (holders.Any(h => IsProjectionAgent(h.Agent) && h.Node != victimId))
                {
                    agentMoved = sinceKill.Elapsed;
                }
            }

            await Task.Delay(250, cancellation);
        }

        return (dashboardMoved, agentMoved);
    }
}
