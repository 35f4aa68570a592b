using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using LifeCircle.Reliability;
using LifeCircle.Reliability.Infrastructure;
using LifeCircle.Reliability.Scenarios;

// Runs the reliability scenarios against app processes on a dedicated PostgreSQL cluster.
// ops/chaos builds the app and this tool in Release and calls it; see docs/reliability.md.
var options = CommandLine.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

// Ctrl-C and SIGTERM (which ops/chaos sends on exit) cancel the run, so the finally
// block below stops the app nodes and the cluster.
using var cancellation = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

var runFolder = Path.Combine(options.WorkFolder, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
Directory.CreateDirectory(runFolder);
ProcessRegistry.File = Path.Combine(options.WorkFolder, "app-pids");
void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

Log($"reliability run ({options.Sizes.Profile}) on {Environment.ProcessorCount} cores; logs in {runFolder}");
Log($"starting the reliability cluster in {options.ClusterFolder} on 127.0.0.1:{options.Port}");
var cluster = await PostgresCluster.StartAsync(options.ClusterFolder, options.Port, durable: true, cancellation.Token);
var results = new List<ScenarioResult>();
try
{
    var lab = new Lab(cluster, options.AppDll, runFolder) { KeepDatabases = true, Log = Log };
    foreach (var scenario in Catalog.Select(options.Only))
    {
        Log($"--- {scenario.Name}");
        var result = await Catalog.RunAsync(scenario, lab, options.Sizes, Log, cancellation.Token);
        results.Add(result);
        Log(result.ToString());
    }
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Log("run cancelled; results so far follow");
}
finally
{
    ProcessRegistry.KillAll();
    Log("stopping the reliability cluster");
    await cluster.StopAsync(CancellationToken.None);
}

Console.WriteLine();
Console.WriteLine(ResultTable.Render(results));
var json = Path.Combine(runFolder, "results.json");
await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results.Select(ResultTable.ToRecord),
    new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
Log($"results written to {json}");
if (cancellation.IsCancellationRequested)
{
    return 130;
}

return results.All(r => r.Passed) ? 0 : 1;

namespace LifeCircle.Reliability
{
    /// <summary>The command line of the reliability tool.</summary>
    internal sealed record CommandLine(Sizes Sizes, IReadOnlyList<string> Only, string AppDll, string WorkFolder, string ClusterFolder, int Port)
    {
        public const string Usage = """
            usage: LifeCircle.Reliability [--quick] [--only restart,races,idempotency,bad-input,nodes,crash]
                                          [--app PATH] [--work DIR] [--cluster DIR] [--pg-port PORT]
              --quick      much smaller sizes (a smoke run of a few minutes)
              --only       run only the named scenarios, comma-separated
              --app        the built app (default: src/LifeCircle/bin/Release/net10.0/LifeCircle.dll)
              --work       folder for node logs and results (default: .local/reliability)
              --cluster    folder of the dedicated PostgreSQL cluster (default: .local/pg-reliability)
              --pg-port    port of that cluster on 127.0.0.1 (default: 55435)
            """;

        public static CommandLine? Parse(string[] args)
        {
            var root = Repository.Root();
            var configuration = Repository.Configuration(typeof(CommandLine).Assembly);
            var sizes = Sizes.Full;
            IReadOnlyList<string> only = Catalog.Keys;
            var app = Repository.AppDll(root, configuration);
            var work = Path.Combine(root, ".local", "reliability");
            var clusterFolder = Path.Combine(root, ".local", "pg-reliability");
            var port = 55435;

            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--quick":
                        sizes = Sizes.Quick;
                        break;
                    case "--only":
                        only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        if (only.Except(Catalog.Keys).FirstOrDefault() is { } unknown)
                        {
                            Console.Error.WriteLine($"unknown scenario {unknown}; expected one of {string.Join(", ", Catalog.Keys)}");
                            return null;
                        }

                        break;
                    case "--app":
                        app = Path.GetFullPath(Next());
                        break;
                    case "--work":
                        work = Path.GetFullPath(Next());
                        break;
                    case "--cluster":
                        clusterFolder = Path.GetFullPath(Next());
                        break;
                    case "--pg-port":
                        port = int.Parse(Next(), CultureInfo.InvariantCulture);
                        break;
                    default:
                        Console.Error.WriteLine($"unknown argument {args[i]}");
                        return null;
                }
            }

            return new CommandLine(sizes, only, app, work, clusterFolder, port);
        }
    }
}
