using System.Globalization;
using System.Text.Json;
using LifeCircle.Bench.Load;
using LifeCircle.Bench.Pgbench;
using LifeCircle.Bench.Report;
using LifeCircle.Bench.Seeding;

namespace LifeCircle.Bench;

/// <summary>
/// The benchmark tool that ops/bench runs: <c>seed</c> fills the database, <c>pgbench</c>
/// measures PostgreSQL alone, <c>load</c> drives the running app over HTTP, and <c>report</c>
/// writes the Markdown report from their results.
/// </summary>
public static class BenchProgram
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Main(string[] arguments)
    {
        if (arguments.Length == 0)
        {
            Console.Error.WriteLine("Usage: LifeCircle.Bench seed|pgbench|load|report --option value ... (run through ops/bench)");
            return 2;
        }

        // Figures in logs and in the report use the invariant culture whatever the machine's locale.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            var options = new CommandLine(arguments.Skip(1));
            return arguments[0] switch
            {
                "seed" => await SeedAsync(options, cancellation.Token),
                "pgbench" => await PgbenchAsync(options, cancellation.Token),
                "load" => await LoadAsync(options, cancellation.Token),
                "report" => await ReportAsync(options, cancellation.Token),
                _ => throw new ArgumentException($"Unknown command '{arguments[0]}': expected seed, pgbench, load or report.")
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> SeedAsync(CommandLine options, CancellationToken cancellation)
    {
        var settings = new SeedSettings(
            options.Integer("providers"),
            options.Integer("residents"),
            options.Integer("events"),
            options.Integer("accept-pool"),
            options.Integer("random-seed", 2101),
            options.Text("accept-pool-file"));
        var summaryFile = options.Text("summary");
        options.RejectUnknown();
        if (settings.Providers is < BenchAccounts.LoadAccounts or > BenchAccounts.MaxPerKind
            || settings.Residents is < BenchAccounts.LoadAccounts or > BenchAccounts.MaxPerKind)
        {
            throw new ArgumentException(
                $"--providers and --residents must be between {BenchAccounts.LoadAccounts} and {BenchAccounts.MaxPerKind}.");
        }

        using var host = AppHost.Build(["--applicationName", "LifeCircle"], TimeSpan.FromSeconds(60));
        var summary = await new Seeder(host.Services, settings, Console.Out).RunAsync(cancellation);
        await File.WriteAllTextAsync(summaryFile, JsonSerializer.Serialize(summary, Json), cancellation);
        Console.WriteLine($"seeded in {summary.TotalSeconds:0.0} s");
        return 0;
    }

    private static async Task<int> PgbenchAsync(CommandLine options, CancellationToken cancellation)
    {
        var settings = new PgbenchSettings(
            options.Text("pgbench"),
            options.Integer("port"),
            options.Text("database"),
            options.Text("connection"),
            options.Integer("postmaster-pid"),
            options.Integers("clients", [1, 8, 32]),
            TimeSpan.FromSeconds(options.Integer("duration")),
            options.Text("work-directory"));
        var output = options.Text("output");
        options.RejectUnknown();

        var phases = await new PgbenchRun(settings, Console.Out).RunAsync(cancellation);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(phases, Json), cancellation);
        return 0;
    }

    private static async Task<int> LoadAsync(CommandLine options, CancellationToken cancellation)
    {
        var seed = JsonSerializer.Deserialize<SeedSummary>(await File.ReadAllTextAsync(options.Text("seed-summary"), cancellation), Json)
                   ?? throw new ArgumentException("The seed summary file is empty.");
        var settings = new LoadSettings(
            new Uri(options.Text("url")),
            options.Integer("app-pid"),
            options.Integer("postmaster-pid"),
            options.Text("connection"),
            options.Integers("clients", [1, 8, 32]),
            TimeSpan.FromSeconds(options.Integer("duration")),
            TimeSpan.FromSeconds(options.Integer("warmup")),
            options.Number("lag-rate", 500),
            Math.Max(1, options.Integer("lag-sample-every", 10)),
            options.Text("accept-pool-file"),
            seed.AsyncShards);
        var output = options.Text("output");
        options.RejectUnknown();

        var results = await new LoadRun(settings, Console.Out).RunAsync(cancellation);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, Json), cancellation);
        return 0;
    }

    private static async Task<int> ReportAsync(CommandLine options, CancellationToken cancellation)
    {
        var folder = options.Text("run");
        var connection = options.Text("connection");
        var output = options.Text("output");
        options.RejectUnknown();

        var facts = await RunFacts.ReadAsync(folder, connection, cancellation);
        var writer = new ReportWriter(facts);
        await File.WriteAllTextAsync(output, writer.Write(), cancellation);
        foreach (var goal in writer.Goals())
        {
            Console.WriteLine($"{(goal.Met switch { true => "pass", false => "FAIL", null => "n/a " })}  {goal.Goal}: {goal.Measured}");
        }

        return 0;
    }
}
