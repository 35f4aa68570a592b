using System.Text.Json.Nodes;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Overlapping-slot races: a provider adds a new staff member and assigns them to several of
/// its accepted jobs at the same instant. The jobs share one time window, so exactly one
/// assignment may succeed and the others must get 409 <c>Staff_Busy</c>. The store must hold
/// one <c>StaffAssigned</c> event for the staff member, and only the winner's slots.
/// </summary>
public static class StaffRaces
{
    public static async Task RunAsync(Deployment app, RaceSizes sizes, IReadOnlyDictionary<SignedInProvider, List<Guid>> jobsByProvider,
        ScenarioResult result, Action<string> log, CancellationToken cancellation)
    {
        var node = app.First;
        var queues = jobsByProvider.Where(p => p.Value.Count >= sizes.Racers)
            .Select(p => (Provider: p.Key, Jobs: new Queue<Guid>(p.Value))).ToList();
        var winners = new Dictionary<Guid, Guid>();
        var busy = 0;
        for (var round = 0; round < sizes.StaffRounds && queues.Count > 0; round++)
        {
            var (provider, jobs) = queues[round % queues.Count];
            if (jobs.Count < sizes.Racers)
            {
                queues.RemoveAll(q => q.Provider == provider);
                round--;
                continue;
            }

            var staffId = await AddStaffMemberAsync(app, provider, round, result, cancellation);
            if (staffId is null)
            {
                continue;
            }

            var racing = Enumerable.Range(0, sizes.Racers).Select(_ => jobs.Dequeue()).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = racing.Select(async job =>
            {
                await start.Task;
                return (Job: job, Reply: await app.Api.PostJsonAsync(node, $"/api/bookings/{job}/staff", provider.Token,
                    new JsonObject { ["staffId"] = staffId.Value.ToString() }.ToJsonString(), cancellation));
            }).ToList();
            start.SetResult();
            var replies = await Task.WhenAll(attempts);

            var won = new List<Guid>();
            foreach (var (job, reply) in replies)
            {
                result.CountTried();
                if (reply.Status == 200 && reply.Json?["changed"]?.GetValue<bool>() == true)
                {
                    won.Add(job);
                }
                else if (reply.Status == 409 && reply.IsProblemDetails && reply.Json?["code"]?.GetValue<string>() == "Staff_Busy")
                {
                    busy++;
                }
                else
                {
                    result.CountFailed();
                    if (reply.IsServerError)
                    {
                        result.CountServerError();
                    }

                    result.Violation($"staff round {round}: assigning job {job} got {reply.Describe()}");
                }
            }

            if (won.Count != 1)
            {
                result.Violation($"staff round {round}: {won.Count} assignments of one staff member to overlapping jobs succeeded");
            }

            if (won.Count >= 1)
            {
                winners[staffId.Value] = won[0];
            }

            result.Duplicated += Math.Max(0, won.Count - 1);
        }

        await CheckAssignedOnceAsync(app, winners, result, cancellation);
        log($"staff races: {winners.Count} rounds, {busy} assignments rejected as Staff_Busy");
        result.Figure("staff assignment races", $"{winners.Count} rounds of {sizes.Racers} overlapping jobs");
        result.Figure("staff assignments rejected with 409 Staff_Busy", busy.ToString());
    }

    private static async Task<Guid?> AddStaffMemberAsync(Deployment app, SignedInProvider provider, int round, ScenarioResult result,
        CancellationToken cancellation)
    {
        var body = new JsonObject { ["name"] = $"可靠性测试师傅{round + 1}", ["services"] = new JsonArray("Repair") };
        var reply = await app.Api.PostJsonAsync(app.First, $"/api/providers/{provider.ProviderId}/staff", provider.Token,
            body.ToJsonString(), cancellation);
        if (reply.Status == 201 && reply.Json?["staffId"]?.GetValue<Guid>() is { } staffId)
        {
            return staffId;
        }

        result.Violation($"staff round {round}: adding a staff member failed: {reply.Describe()}");
        return null;
    }

    /// <summary>
    /// Checks that each raced staff member has exactly one <c>staff_assigned</c> event, for the
    /// winning job, and that every slot of theirs belongs to that job.
    /// </summary>
    private static async Task CheckAssignedOnceAsync(Deployment app, Dictionary<Guid, Guid> winners, ScenarioResult result,
        CancellationToken cancellation)
    {
        var assigned = (await app.QueryAsync(
                "select (coalesce(data->>'staffId', data->>'StaffId'))::uuid, stream_id from lifecircle.mt_events where type = 'staff_assigned'",
                r => (Staff: r.GetGuid(0), Job: r.GetGuid(1)), cancellation))
            .GroupBy(r => r.Staff).ToDictionary(g => g.Key, g => g.Select(r => r.Job).ToList());
        var slots = (await app.QueryAsync(
                "select (coalesce(data->>'staffId', data->>'StaffId'))::uuid, (coalesce(data->>'bookingId', data->>'BookingId'))::uuid " +
                "from lifecircle.mt_doc_staffslot",
                r => (Staff: r.GetGuid(0), Job: r.GetGuid(1)), cancellation))
            .GroupBy(r => r.Staff).ToDictionary(g => g.Key, g => g.Select(r => r.Job).Distinct().ToList());

        foreach (var (staff, job) in winners)
        {
            var events = assigned.GetValueOrDefault(staff) ?? [];
            if (events.Count == 0)
            {
                result.Lost++;
                result.Violation($"staff {staff}: the winning assignment to job {job} has no staff_assigned event");
            }
            else if (events.Count > 1 || events[0] != job)
            {
                result.Duplicated += Math.Max(0, events.Count - 1);
                result.Violation($"staff {staff}: staff_assigned events for jobs {string.Join(", ", events)}, expected only {job}");
            }

            var slotJobs = slots.GetValueOrDefault(staff) ?? [];
            if (slotJobs.Count != 1 || slotJobs[0] != job)
            {
                result.Violation($"staff {staff}: slots held for jobs [{string.Join(", ", slotJobs)}], expected only {job}");
            }
        }
    }
}
