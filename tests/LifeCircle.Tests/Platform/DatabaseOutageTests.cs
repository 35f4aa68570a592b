using LifeCircle.Core.Http;
using LifeCircle.Core.Resilience;
using LifeCircle.Core.Tenancy;
using LifeCircle.Tests.Infrastructure;
using Marten.Exceptions;
using Npgsql;

namespace LifeCircle.Tests.Platform;

/// <summary>
/// Requests while PostgreSQL drops the app's connections, as it does when it restarts: the
/// app runs the request again on a new connection instead of responding with 500.
/// </summary>
[Collection(Collections.Outage)]
public sealed class DatabaseOutageTests(AppFixture app)
{
    [Fact]
    public async Task Booking_succeeds_when_the_server_ends_its_connection_mid_request()
    {
        var resident = await app.NewResidentAsync();

        // The insert of the read model waits inside the booking's transaction, which only a new
        // attempt of the whole request can repeat.
        var response = await WhileConnectionIsEndedAsync("mt_doc_bookingview", () =>
            resident.Client.PostAsync("/api/bookings", app.Requests.Repair(), ("Idempotency-Key", $"outage-{Guid.NewGuid():N}")));

        response.ShouldHaveStatus(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        Assert.Equal(id, (await resident.Client.GetBookingAsync(id)).Booking.Id);
        await using var session = app.Store.QuerySession(City.Shenyang);
        Assert.Single(await session.Events.FetchStreamAsync(id));
    }

    [Fact]
    public async Task Read_succeeds_when_the_server_ends_its_connection_mid_request()
    {
        var resident = await app.NewResidentAsync();
        var created = await resident.Client.CreateBookingAsync(app.Requests.Housekeeping());

        var response = await WhileConnectionIsEndedAsync("mt_doc_bookingview",
            () => resident.Client.GetAsync($"/api/bookings/{created.Id}"));

        response.ShouldHaveStatus(200);
        Assert.Equal(created.Id, response.Json["booking"]!["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("57P01")] // admin_shutdown: the server is stopping
    [InlineData("57P03")] // cannot_connect_now: the server is starting or shutting down
    [InlineData("08006")] // connection_failure
    [InlineData("53300")] // too_many_connections
    [InlineData("40P01")] // deadlock_detected
    public void Server_errors_of_a_passing_outage_are_transient(string sqlState)
    {
        var error = new PostgresException("outage", "FATAL", "FATAL", sqlState);

        Assert.True(TransientDatabaseErrors.IsTransient(error));
        Assert.True(TransientDatabaseErrors.IsTransient(new MartenCommandException(new NpgsqlCommand("select 1"), error)));
    }

    [Theory]
    [InlineData("23505")] // unique_violation
    [InlineData("22021")] // character_not_in_repertoire
    [InlineData("42P01")] // undefined_table
    public void Server_errors_about_the_statement_are_not_transient(string sqlState)
    {
        Assert.False(TransientDatabaseErrors.IsTransient(new PostgresException("bad", "ERROR", "ERROR", sqlState)));
    }

    [Fact]
    public void A_refused_connection_is_transient_and_other_errors_are_not()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:1",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

        Assert.True(TransientDatabaseErrors.IsTransient(refused));
        Assert.False(TransientDatabaseErrors.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientDatabaseErrors.IsTransient(new TimeoutException()));
    }

    [Theory]
    [InlineData("zh-CN", "数据库暂时无法连接")]
    [InlineData("en", "The database is unreachable")]
    public void Database_still_down_after_the_retries_is_a_localized_503(string culture, string detail)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        try
        {
            var problem = ExceptionProblemHandler.Classify(new PostgresException("down", "FATAL", "FATAL", "57P03"));

            Assert.Equal(503, problem.Status);
            Assert.Equal("Service_DatabaseUnavailable", problem.Extensions["code"]);
            Assert.StartsWith(detail, problem.Detail);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>
    /// Sends a request while this test holds a lock on a table the request reads, waits until
    /// the app's query blocks on that lock, and ends the app's server process (57P01, as in a
    /// fast shutdown of PostgreSQL). The lock goes when the request has failed once, so the
    /// app's next attempt goes through.
    /// </summary>
    private async Task<ApiResponse> WhileConnectionIsEndedAsync(string table, Func<Task<ApiResponse>> send)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, $"lock table lifecircle.{table} in access exclusive mode");
            var request = send();

            var ended = 0;
            for (var poll = 0; poll < 200 && ended == 0 && !request.IsCompleted; poll++)
            {
                await Task.Delay(50);
                ended = Convert.ToInt32(await ExecuteAsync(connection,
                    "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity " +
                    "where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'"));
            }

            Assert.True(ended > 0, $"the request never waited for the lock on {table}");
            await transaction.RollbackAsync();
            return await request;
        }
    }

    private static async Task<object?> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
