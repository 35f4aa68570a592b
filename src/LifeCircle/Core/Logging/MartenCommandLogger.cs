using LifeCircle.Core.Resilience;
using Marten;
using Marten.Services;
using Npgsql;

namespace LifeCircle.Core.Logging;

/// <summary>
/// Logs Marten's failed commands without their parameter values, which can contain personal
/// data, and at Information level for a lost write race: two providers accepting one job, or
/// two requests with one idempotency key. The endpoint turns such a race into a 409, so it is
/// expected traffic, not an error. Every other failure is logged at Error.
/// </summary>
public sealed class MartenCommandLogger(ILogger<IDocumentStore> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Marten changed the schema:\n{Sql}", sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Log(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        Log(ex, string.Join(";\n", Enumerable.Select<NpgsqlBatchCommand, string>(batch.BatchCommands, c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Log(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Log(Exception exception, string statement)
    {
        if (WriteRaces.IsLost(exception))
        {
            logger.LogInformation("A concurrent write won the race ({Error}); the request gets a conflict", exception.Message);
            return;
        }

        logger.LogError(exception, "Marten command failed:\n{Statement}", statement);
    }
}
