using System.Text.Json;
using LifeCircle.Bench.Load;
using LifeCircle.Bench.Pgbench;
using LifeCircle.Bench.Seeding;
using Npgsql;

namespace LifeCircle.Bench.Report;

/// <summary>A PostgreSQL setting as the server reports it.</summary>
public sealed record Setting(string Name, string Value);

/// <summary>One row of pg_stat_statements over the app's phases.</summary>
public sealed record Statement(long Calls, double TotalMilliseconds, double MeanMilliseconds, string Query);

/// <summary>Everything the report is made from: the result files of one run and what PostgreSQL reports about itself.</summary>
public sealed record RunFacts(
    IReadOnlyDictionary<string, string> Run,
    string Machine,
    SeedSummary Seed,
    IReadOnlyList<PgbenchPhase> Pgbench,
    LoadResults Load,
    string PostgresVersion,
    IReadOnlyList<Setting> Settings,
    IReadOnlyList<Statement> Statements,
    IReadOnlyList<(string Table, long Rows, string Size)> Tables)
{
    private static readonly string[] SettingNames =
    [
        "shared_buffers", "effective_cache_size", "work_mem", "max_connections", "fsync", "synchronous_commit", "full_page_writes",
        "wal_level", "wal_sync_method", "wal_buffers", "commit_delay", "commit_siblings", "max_wal_size", "checkpoint_timeout",
        "idle_in_transaction_session_timeout"
    ];

    /// <summary>Reads the result files of a run folder and queries the bench cluster, which must still be running.</summary>
    public static async Task<RunFacts> ReadAsync(string folder, string connection, CancellationToken cancellation)
    {
        var json = BenchProgram.Json;
        var run = (await File.ReadAllLinesAsync(Path.Combine(folder, "run.env"), cancellation))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        var machine = await File.ReadAllTextAsync(Path.Combine(folder, "machine.txt"), cancellation);
        var seed = JsonSerializer.Deserialize<SeedSummary>(await File.ReadAllTextAsync(Path.Combine(folder, "seed.json"), cancellation), json)!;
        var pgbench = JsonSerializer.Deserialize<List<PgbenchPhase>>(
            await File.ReadAllTextAsync(Path.Combine(folder, "pgbench.json"), cancellation), json)!;
        var load = JsonSerializer.Deserialize<LoadResults>(await File.ReadAllTextAsync(Path.Combine(folder, "load.json"), cancellation), json)!;

        await using var source = NpgsqlDataSource.Create(connection);
        var version = (string)(await source.CreateCommand("show server_version").ExecuteScalarAsync(cancellation))!;

        var settings = new List<Setting>();
        await using (var command = source.CreateCommand("select name, current_setting(name) from pg_settings where name = any(@names) order by name"))
        {
            command.Parameters.AddWithValue("names", SettingNames);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                settings.Add(new Setting(reader.GetString(0), reader.GetString(1)));
            }
        }

        var statements = new List<Statement>();
        await using (var command = source.CreateCommand(
                         """
                         select calls, total_exec_time, mean_exec_time, regexp_replace(query, '\s+', ' ', 'g')
                         from pg_stat_statements
                         where dbid = (select oid from pg_database where datname = current_database())
                         order by total_exec_time desc
                         limit 12
                         """))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                statements.Add(new Statement(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetString(3)));
            }
        }

        var tables = new List<(string, long, string)>();
        await using (var command = source.CreateCommand(
                         """
                         select relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid))
                         from pg_stat_user_tables
                         where schemaname = 'lifecircle'
                         order by pg_total_relation_size(relid) desc
                         limit 10
                         """))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                tables.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        return new RunFacts(run, machine, seed, pgbench, load, version, settings, statements, tables);
    }
}
