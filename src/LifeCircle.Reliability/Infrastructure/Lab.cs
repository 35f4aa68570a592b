using Npgsql;

namespace LifeCircle.Reliability.Infrastructure;

/// <summary>
/// Where the scenarios run: the dedicated cluster, the built app and a folder for node
/// logs. Each scenario deploys the app against a database of its own.
/// </summary>
public sealed class Lab(PostgresCluster cluster, string appDll, string logFolder)
{
    public PostgresCluster Cluster { get; } = cluster;
    public string AppDll { get; } = appDll;
    public string LogFolder { get; } = logFolder;

    /// <summary>Receives progress lines, such as how long each node took to start.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Keep each scenario's database after the run, for inspection; the next run of the scenario replaces it.</summary>
    public bool KeepDatabases { get; init; }

    /// <summary>
    /// Creates a fresh database and starts <paramref name="nodes"/> app nodes against it, one
    /// after the other, because hosts that create Marten's schema at the same time race.
    /// </summary>
    public async Task<Deployment> DeployAsync(string database, int nodes, IReadOnlyDictionary<string, string>? settings,
        CancellationToken cancellation)
    {
        await Cluster.CreateDatabaseAsync(database, cancellation);
        var deployment = new Deployment(this, database, settings ?? new Dictionary<string, string>());
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                await deployment.StartNodeAsync(cancellation);
            }
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }

        return deployment;
    }
}

/// <summary>The app nodes of one scenario, their database and a client for both.</summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly Lab _lab;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly List<AppNode> _nodes = [];

    public Deployment(Lab lab, string database, IReadOnlyDictionary<string, string> settings)
    {
        _lab = lab;
        _settings = settings;
        Database = database;
        Sql = NpgsqlDataSource.Create(lab.Cluster.ConnectionString(database));
    }

    public string Database { get; }
    public NpgsqlDataSource Sql { get; }
    public ApiClient Api { get; } = new();
    public IReadOnlyList<AppNode> Nodes => _nodes;
    public IEnumerable<AppNode> LiveNodes => _nodes.Where(n => !n.Killed && !n.HasExited);
    public Uri First => _nodes[0].BaseAddress;

    public async Task<AppNode> StartNodeAsync(CancellationToken cancellation)
    {
        var name = $"{Database}-node{_nodes.Count + 1}";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var node = AppNode.Start(name, _lab.AppDll, _lab.LogFolder, Environment(_settings));
            try
            {
                await node.WaitReadyAsync(TimeSpan.FromSeconds(_nodes.Count == 0 ? 240 : 180), cancellation);
                _nodes.Add(node);
                _lab.Log($"{name} ready on {node.BaseAddress} (pid {node.ProcessId}) after {clock.Elapsed.TotalSeconds:0.0} s");
                return node;
            }
            catch (InvalidOperationException) when (attempt < 3 && node.Tail(40).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took the free port between our check and the app's bind.
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The settings every node gets: the scenario's database, demo data, development sign-in and limits raised for load.</summary>
    private Dictionary<string, string> Environment(IReadOnlyDictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__LifeCircle"] = _lab.Cluster.ConnectionString(Database),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["LifeCircle__Demo__Seed"] = "true",
            ["LifeCircle__Limits__CodeSendsPerAddress"] = "100000",
            ["LifeCircle__Limits__BookingsPerResidentPerHour"] = "1000000",
            ["LifeCircle__Limits__BookingsPerOperatorPerHour"] = "1000000",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__Console__TimestampFormat"] = "yyyy-MM-dd HH:mm:ss.fff ",
            ["Logging__Console__UseUtcTimestamp"] = "true",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1"
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellation, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellation);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellation,
        params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Returns the number of logged unhandled errors (500 responses) across all nodes.</summary>
    public int CountUnhandledErrors() => _nodes.Sum(n => n.CountUnhandledErrors());

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));

        Api.Dispose();
        await Sql.DisposeAsync();
        if (_lab.KeepDatabases)
        {
            return;
        }

        try
        {
            await _lab.Cluster.DropDatabaseAsync(Database, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The database contains only scenario data, and a later run drops it before reuse.
        }
    }

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = Sql.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}
