using Npgsql;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>
/// A throwaway database on the test cluster, named <c>lc_test_&lt;guid&gt;</c>. The cluster comes
/// from <c>LIFECIRCLE_TEST_PG</c> (a connection string without a database).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ClusterVariable = "LIFECIRCLE_TEST_PG";
    public const string DefaultCluster = "Host=127.0.0.1;Port=55433;Username=postgres";

    private readonly string _cluster;

    private TestDatabase(string cluster, string name)
    {
        _cluster = cluster;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(cluster) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var cluster = Environment.GetEnvironmentVariable(ClusterVariable);
        var database = new TestDatabase(string.IsNullOrWhiteSpace(cluster) ? DefaultCluster : cluster,
            $"lc_test_{Guid.NewGuid():N}");
        await database.ExecuteOnClusterAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // FORCE ends connections that the app's pool may still hold open.
        await ExecuteOnClusterAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task ExecuteOnClusterAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_cluster) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
