using Npgsql;

namespace LifeCircle.Core.Resilience;

/// <summary>
/// Recognizes database failures that a later attempt can get past: PostgreSQL restarting or
/// shutting down, a refused or broken connection, or a connection the server closed.
/// </summary>
public static class TransientDatabaseErrors
{
    /// <summary>Returns true when the exception or one of its inner exceptions is transient.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // Npgsql counts deadlocks, serialization failures and resource shortages as transient.
                case PostgresException postgres:
                    return postgres.IsTransient || IsTransientState(postgres.SqlState);
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Class 08 (connection exception) and class 57P (operator intervention: 57P01
    /// admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), as PostgreSQL's
    /// appendix "PostgreSQL Error Codes" lists them.
    /// </summary>
    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal);
}
