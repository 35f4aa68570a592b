using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios.BadInput;

/// <summary>
/// Sends malformed and hostile requests to every POST and PUT endpoint. Each must get a 4xx
/// response in problem details (<c>application/problem+json</c> with <c>status</c> and
/// <c>detail</c>), none a 5xx, and afterwards every table must hold the same rows at the
/// same versions as before.
/// </summary>
public static class BadInputScenario
{
    public const string Name = "4. Bad input";

    /// <summary>Tables of Marten's and Wolverine's own bookkeeping, which change while the app idles.</summary>
    private static readonly HashSet<string> Bookkeeping =
    [
        "mt_event_progression", "mt_event_projection_floors", "mt_high_water_skips", "wolverine_nodes",
        "wolverine_node_assignments", "wolverine_node_records", "wolverine_control_queue", "wolverine_agent_restrictions"
    ];

    /// <summary>
    /// One connection per request: the app closes a connection after rejecting a body it did
    /// not read (413, 415), and a client reusing it would fail before any response.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> CloseConnection = new Dictionary<string, string> { ["Connection"] = "close" };

    public static async Task<ScenarioResult> RunAsync(Lab lab, BadInputSizes sizes, Action<string> log, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        await using var app = await lab.DeployAsync("rel_bad_input", 1, null, cancellation);
        var tokens = await SignInAsync(app, cancellation);

        var openApi = await app.Api.GetAsync(app.First, "/openapi/v1.json", null, cancellation);
        var schemas = new OpenApiSchemas(openApi.Json?.AsObject()
                                         ?? throw new InvalidOperationException($"Reading the OpenAPI document failed: {openApi.Describe()}"));
        var templates = RequestTemplates.All(BookingBodies.Tomorrow());
        var all = HostileRequests.Generate(templates, schemas);
        var requests = HostileRequests.Sample(all, sizes.Limit, sizes.Seed);
        ReportCoverage(schemas, templates, result);
        log($"sending {requests.Count} of {all.Count} hostile requests to {templates.Select(t => t.Name).Distinct().Count()} endpoints");

        var before = await SnapshotAsync(app, cancellation);
        var statuses = new ConcurrentDictionary<int, int>();
        var categories = new ConcurrentDictionary<string, int>();
        var forbidden = new ConcurrentDictionary<string, int>();
        var sent = new ConcurrentDictionary<string, int>();
        using var parallel = new SemaphoreSlim(4);
        await Task.WhenAll(requests.Select(async request =>
        {
            await parallel.WaitAsync(cancellation);
            try
            {
                var method = new HttpMethod(request.Template.Method);
                var reply = await app.Api.SendAsync(app.First, method, request.Template.Path, tokens[request.Template.Role],
                    request.Content(), cancellation, CloseConnection);
                Judge(request, reply, result);
                statuses.AddOrUpdate(reply.Status, 1, (_, n) => n + 1);
                sent.AddOrUpdate(request.Template.Name, 1, (_, n) => n + 1);
                if (reply.Status == 403)
                {
                    forbidden.AddOrUpdate(request.Template.Name, 1, (_, n) => n + 1);
                }

                categories.AddOrUpdate(request.Category, 1, (_, n) => n + 1);
            }
            finally
            {
                parallel.Release();
            }
        }));

        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var after = await SnapshotAsync(app, cancellation);
        foreach (var (table, state) in before)
        {
            if (after.GetValueOrDefault(table) != state)
            {
                result.Violation($"table {table} changed: before {state}, after {after.GetValueOrDefault(table) ?? "gone"}");
            }
        }

        foreach (var table in after.Keys.Except(before.Keys))
        {
            result.Violation($"table {table} appeared during the scenario");
        }

        foreach (var (endpoint, count) in forbidden.Where(f => f.Value == sent[f.Key]))
        {
            result.Violation($"all {count} requests to {endpoint} got 403, so none reached its checks: give its template an allowed role");
        }

        result.Figure("requests", $"{requests.Count} of {all.Count} generated");
        result.Figure("responses by status", string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        result.Figure("requests by category", string.Join(", ", categories.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        result.Figure("tables compared", before.Count.ToString());
        result.Figure("403 responses by endpoint", forbidden.IsEmpty
            ? "none"
            : string.Join(", ", forbidden.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}")));
        result.Figure("unhandled errors logged by the app", app.CountUnhandledErrors().ToString());
        return result.Finish();
    }

    private static void Judge(HostileRequest request, Reply reply, ScenarioResult result)
    {
        result.CountTried();
        if (reply.Status is >= 400 and < 500 && reply.IsProblemDetails)
        {
            return;
        }

        result.CountFailed();
        if (reply.IsServerError)
        {
            result.CountServerError();
        }

        var problem = reply.Status is >= 400 and < 500 ? "a 4xx without valid problem details" : "not a 4xx";
        result.Violation($"{request}: {problem}: {reply.Describe(200)}");
    }

    private static async Task<Dictionary<CallerRole, string?>> SignInAsync(Deployment app, CancellationToken cancellation)
    {
        var api = app.Api;
        return new Dictionary<CallerRole, string?>
        {
            [CallerRole.Anonymous] = null,
            [CallerRole.Resident] = await api.SignInWithCodeAsync(app.First, People.ResidentPhones[0], "resident", cancellation),
            [CallerRole.Provider] = await api.SignInWithCodeAsync(app.First, People.RepairProviderPhones[0], "provider", cancellation),
            [CallerRole.Operator] = await api.SignInWithPasswordAsync(app.First, "operator1", cancellation),
            [CallerRole.Admin] = await api.SignInWithPasswordAsync(app.First, "admin", cancellation)
        };
    }

    /// <summary>Names the POST and PUT operations of the OpenAPI document that no template covers, so a new endpoint gets one.</summary>
    private static void ReportCoverage(OpenApiSchemas schemas, IReadOnlyList<RequestTemplate> templates, ScenarioResult result)
    {
        var operations = schemas.WriteOperations();
        var covered = templates.Select(t => t.Name).ToHashSet();
        var missing = operations.Where(o => !covered.Contains(o)).ToList();
        result.Figure("endpoints covered", $"{operations.Count - missing.Count} of {operations.Count} POST/PUT operations");
        if (missing.Count > 0)
        {
            result.Violation($"no bad-input template for {string.Join(", ", missing)}: add one to RequestTemplates");
        }
    }

    /// <summary>
    /// Returns, for each table of the app's schema, its row count and a hash over the text of
    /// all its rows, so an insert, delete or update of any row changes the value.
    /// </summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(Deployment app, CancellationToken cancellation)
    {
        var tables = await app.QueryAsync(
            "select table_name from information_schema.tables where table_schema = 'lifecircle' and table_type = 'BASE TABLE'",
            r => r.GetString(0), cancellation);

        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables.Where(t => !Bookkeeping.Contains(t)))
        {
            snapshot[table] = await app.ScalarAsync<string>(
                $"select count(*)::text || ' rows, hash ' || coalesce(md5(string_agg(md5(t::text), ',' order by md5(t::text))), '-') from lifecircle.\"{table}\" t",
                cancellation);
        }

        return snapshot;
    }
}
