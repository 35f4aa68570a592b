using System.Diagnostics;
using Npgsql;

namespace LifeCircle.Bench.Load;

/// <summary>
/// Direct queries on the benchmark database: checkpoints between phases, and how far Marten's
/// asynchronous projections are behind the event store.
/// </summary>
public sealed class Database(string connectionString, string schema = "lifecircle") : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    /// <summary>Writes all dirty pages now, so a phase does not pay for the previous phase's checkpoint.</summary>
    public async Task CheckpointAsync(CancellationToken cancellation)
    {
        await using var command = _source.CreateCommand("checkpoint");
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellation)
    {
        await using var command = _source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public async Task ResetStatementStatisticsAsync(CancellationToken cancellation)
    {
        await using var command = _source.CreateCommand("select pg_stat_statements_reset()");
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// Returns the statements PostgreSQL has executed (all of <c>pg_stat_statements</c>, so every
    /// database and client) and the transactions committed in this database so far.
    /// </summary>
    public async Task<DatabaseActivity> ActivityAsync(CancellationToken cancellation)
    {
        await using var command = _source.CreateCommand(
            """
            select (select coalesce(sum(calls), 0) from pg_stat_statements)::bigint,
                   (select xact_commit from pg_stat_database where datname = current_database())::bigint
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new DatabaseActivity(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Returns the number of events the slowest asynchronous projection shard still has to
    /// process, or null when there is no such shard (yet).
    /// </summary>
    public async Task<long?> ProjectionBacklogAsync(CancellationToken cancellation)
    {
        await using var command = _source.CreateCommand(
            $"""
             select (select coalesce(max(seq_id), 0) from {schema}.mt_events) - min(last_seq_id)
             from {schema}.mt_event_progression
             where name not like 'HighWater%'
             """);
        var value = await command.ExecuteScalarAsync(cancellation);
        return value is long backlog ? backlog : null;
    }

    /// <summary>
    /// Waits until every asynchronous projection shard has processed every event, polling every
    /// 200 ms for at most <paramref name="limit"/>. Returns the seconds waited, or null on timeout.
    /// </summary>
    public async Task<double?> WaitForProjectionsAsync(TimeSpan limit, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await ProjectionBacklogAsync(cancellation) is <= 0)
            {
                return clock.Elapsed.TotalSeconds;
            }

            await Task.Delay(200, cancellation);
        }

        return null;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}

/// <summary>Counts of executed statements and committed transactions, from PostgreSQL's statistics.</summary>
public sealed record DatabaseActivity(long Statements, long Commits)
{
    public DatabaseActivity Since(DatabaseActivity start) => new(Statements - start.Statements, Commits - start.Commits);
}
