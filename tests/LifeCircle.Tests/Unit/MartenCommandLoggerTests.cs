using JasperFx;
using LifeCircle.Core.Logging;
using LifeCircle.Tests.Privacy;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LifeCircle.Tests.Unit;

public sealed class MartenCommandLoggerTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public void Lost_race_is_logged_as_information()
    {
        var logger = Create();

        logger.LogFailure(new NpgsqlCommand("select lifecircle.mt_quick_append_events($1)"),
            new ConcurrencyException("stream 1 moved on", null));

        var entry = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("stream 1 moved on", entry.Message);
    }

    [Fact]
    public void Other_failure_is_logged_as_error_without_parameters()
    {
        var logger = Create();
        var command = new NpgsqlCommand("insert into lifecircle.mt_doc_account (data) values ($1)");
        command.Parameters.AddWithValue("{\"phone\":\"13904001001\"}");

        logger.LogFailure(command, new InvalidOperationException("boom"));

        var entry = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("insert into lifecircle.mt_doc_account", entry.Message);
        Assert.DoesNotContain("13904001001", entry.Message);
    }

    private IMartenSessionLogger Create()
    {
        var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        return new MartenCommandLogger(factory.CreateLogger<IDocumentStore>()).StartSession(null!);
    }
}
