using System.Collections.Concurrent;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Sends each <c>Idempotency-Key</c> several times at once, some of them with a changed
/// body, and then once more after the storm. Each key must produce exactly one booking;
/// every 201 for a key must name that booking; a retry still in flight may get 409; a
/// changed body must get 422 once the first request has committed; nothing may get 5xx.
/// </summary>
public static class IdempotencyStorm
{
    public const string Name = "3. Idempotency storm";

    private sealed record KeyPlan(int Index, string Key, SignedInResident Resident, string Original, string Changed, bool SendsChanged);

    private sealed record Attempt(bool Changed, Reply Reply);

    public static async Task<ScenarioResult> RunAsync(Lab lab, IdempotencySizes sizes, Action<string> log, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        await using var app = await lab.DeployAsync("rel_idempotency", 1, null, cancellation);
        var residents = await People.SignInResidentsAsync(app, People.ResidentPhones.Length, cancellation);
        var operatorToken = await app.Api.SignInWithPasswordAsync(app.First, "operator1", cancellation);
        var run = Guid.NewGuid().ToString("N")[..8];

        var plans = Enumerable.Range(0, sizes.Keys).Select(i => new KeyPlan(i, $"idem-{run}-{i}", residents[i % residents.Count],
            BookingBodies.Repair($"[idem-{i}]").ToJsonString(),
            BookingBodies.Repair($"[idem-{i}]", item: "热水器").ToJsonString(),
            i % sizes.ChangedEvery == 0)).ToList();

        var storm = new ConcurrentDictionary<int, Attempt[]>();
        using (var parallel = new SemaphoreSlim(sizes.ParallelKeys))
        {
            await Task.WhenAll(plans.Select(async plan =>
            {
                await parallel.WaitAsync(cancellation);
                try
                {
                    storm[plan.Index] = await StormAsync(app, plan, sizes.Retries, cancellation);
                }
                finally
                {
                    parallel.Release();
                }
            }));
        }

        var counts = new ConcurrentDictionary<string, int>();
        var winners = new Dictionary<int, (Guid Id, bool Changed)>();
        foreach (var plan in plans)
        {
            if (Judge(plan, storm[plan.Index], result, counts) is { } winner)
            {
                winners[plan.Index] = winner;
            }
        }

        log($"storm done: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        await RetryAfterStormAsync(app, plans, winners, result, cancellation);
        await CountBookingsAsync(app, operatorToken, plans, winners, result, cancellation);

        result.Figure("keys", sizes.Keys.ToString());
        result.Figure("parallel requests per key", sizes.Retries.ToString());
        result.Figure("keys with changed bodies", plans.Count(p => p.SendsChanged).ToString());
        foreach (var (outcome, count) in counts.OrderBy(c => c.Key))
        {
            result.Figure($"storm responses {outcome}", count.ToString());
        }

        result.Figure("unhandled errors logged by the app", app.CountUnhandledErrors().ToString());
        return result.Finish();
    }

    /// <summary>Sends all retries of one key at the same instant; the last 30 % carry the changed body when the plan says so.</summary>
    private static async Task<Attempt[]> StormAsync(Deployment app, KeyPlan plan, int retries, CancellationToken cancellation)
    {
        var changedFrom = plan.SendsChanged ? retries - Math.Max(1, retries * 3 / 10) : retries;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, retries).Select(async i =>
        {
            await start.Task;
            var changed = i >= changedFrom;
            var reply = await app.Api.PostJsonAsync(app.First, "/api/bookings", plan.Resident.Token, changed ? plan.Changed : plan.Original,
                cancellation, new Dictionary<string, string> { ["Idempotency-Key"] = plan.Key });
            return new Attempt(changed, reply);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(attempts);
    }

    /// <summary>
    /// Checks the responses of one key's storm and returns the booking it created with the body
    /// that won, or null when no request created one.
    /// </summary>
    private static (Guid Id, bool Changed)? Judge(KeyPlan plan, Attempt[] attempts, ScenarioResult result,
        ConcurrentDictionary<string, int> counts)
    {
        foreach (var attempt in attempts)
        {
            result.CountTried();
            var reply = attempt.Reply;
            var outcome = reply.Status switch
            {
                201 when reply.Header("Idempotent-Replayed") == "true" => "201 replayed",
                201 => "201 first",
                409 or 422 when reply.IsProblemDetails => reply.Status.ToString(),
                _ => "unexpected"
            };
            counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            if (outcome == "unexpected")
            {
                result.CountFailed();
                if (reply.IsServerError)
                {
                    result.CountServerError();
                }

                result.Violation($"{plan.Key}: {reply.Describe()}");
            }
        }

        var created = attempts.Where(a => a.Reply.Status == 201)
            .Select(a => (Id: a.Reply.Json!["id"]!.GetValue<Guid>(), a.Changed, Replayed: a.Reply.Header("Idempotent-Replayed") == "true"))
            .ToList();
        var ids = created.Select(c => c.Id).Distinct().ToList();
        if (ids.Count > 1)
        {
            result.Violation($"{plan.Key}: 201 responses name {ids.Count} different bookings");
        }

        var first = created.Where(c => !c.Replayed).ToList();
        if (first.Count != 1)
        {
            result.Violation($"{plan.Key}: {first.Count} requests created a booking, expected exactly 1");
        }

        if (first.Count == 0)
        {
            return null;
        }

        var winner = first[0];
        foreach (var attempt in attempts)
        {
            if (attempt.Reply.Status == 201 && attempt.Changed != winner.Changed)
            {
                result.Violation($"{plan.Key}: a request with a different body got 201 for booking {attempt.Reply.Json?["id"]}");
            }

            if (attempt.Reply.Status == 422 && attempt.Changed == winner.Changed)
            {
                result.Violation($"{plan.Key}: a request with the same body as the first got 422");
            }
        }

        return (winner.Id, winner.Changed);
    }

    /// <summary>After the storm, the winning body must replay the same 201, and the other body must get 422.</summary>
    private static async Task RetryAfterStormAsync(Deployment app, List<KeyPlan> plans, Dictionary<int, (Guid Id, bool Changed)> winners,
        ScenarioResult result, CancellationToken cancellation)
    {
        foreach (var plan in plans.Where(p => winners.ContainsKey(p.Index)))
        {
            var (id, changed) = winners[plan.Index];
            var headers = new Dictionary<string, string> { ["Idempotency-Key"] = plan.Key };

            result.CountTried();
            var same = await app.Api.PostJsonAsync(app.First, "/api/bookings", plan.Resident.Token, changed ? plan.Changed : plan.Original,
                cancellation, headers);
            if (same.Status != 201 || same.Header("Idempotent-Replayed") != "true" || same.Json?["id"]?.GetValue<Guid>() != id)
            {
                result.CountFailed();
                result.Violation($"{plan.Key}: a retry after the storm got {same.Describe()}, expected the replayed 201 for {id}");
            }

            if (same.IsServerError)
            {
                result.CountServerError();
            }

            result.CountTried();
            var other = await app.Api.PostJsonAsync(app.First, "/api/bookings", plan.Resident.Token, changed ? plan.Original : plan.Changed,
                cancellation, headers);
            if (other.Status != 422 || !other.IsProblemDetails)
            {
                result.CountFailed();
                result.Violation($"{plan.Key}: a changed body after the storm got {other.Describe()}, expected 422");
            }

            if (other.IsServerError)
            {
                result.CountServerError();
            }
        }
    }

    /// <summary>
    /// Counts bookings per key in the read model (each key's marker is in the symptom) and
    /// per resident through the API, which lists what the operator sees.
    /// </summary>
    private static async Task CountBookingsAsync(Deployment app, string operatorToken, List<KeyPlan> plans,
        Dictionary<int, (Guid Id, bool Changed)> winners, ScenarioResult result, CancellationToken cancellation)
    {
        var perKey = (await app.QueryAsync(
                """
                select substring(data->'Details'->'Repair'->>'Symptom' from '\[idem-([0-9]+)\]')::int as key, count(*)
                from lifecircle.mt_doc_bookingview
                where data->'Details'->'Repair'->>'Symptom' ~ '\[idem-[0-9]+\]'
                group by 1
                """,
                r => (Key: r.GetInt32(0), Count: r.GetInt64(1)), cancellation))
            .ToDictionary(r => r.Key, r => r.Count);

        foreach (var plan in plans)
        {
            var stored = perKey.GetValueOrDefault(plan.Index);
            if (stored != 1)
            {
                result.Violation($"{plan.Key}: {stored} bookings in the read model, expected exactly 1");
            }

            if (stored == 0 && winners.ContainsKey(plan.Index))
            {
                result.Lost++;
            }

            result.Duplicated += Math.Max(0, stored - 1);
        }

        foreach (var resident in plans.GroupBy(p => p.Resident))
        {
            var page = await app.Api.GetAsync(app.First, $"/api/bookings?residentId={resident.Key.ResidentId}&pageSize=100", operatorToken,
                cancellation);
            var total = page.Json?["total"]?.GetValue<long>();
            if (total != resident.Count())
            {
                result.Violation($"resident {resident.Key.Phone}: the API lists {total?.ToString() ?? page.Describe()} bookings, " +
                                 $"expected {resident.Count()} (one per key)");
            }
        }
    }
}
