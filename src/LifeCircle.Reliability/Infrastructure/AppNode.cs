using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LifeCircle.Reliability.Infrastructure;

/// <summary>
/// One LifeCircle process started from the Release build with <c>dotnet LifeCircle.dll</c>,
/// listening on a free loopback port, its output appended to a log file.
/// </summary>
public sealed partial class AppNode : IAsyncDisposable
{
    private readonly Process _process;

    private AppNode(string name, int port, string logFile, Process process)
    {
        Name = name;
        Port = port;
        LogFile = logFile;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }
    public int Port { get; }
    public string LogFile { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>True after <see cref="Kill"/>: the node is gone on purpose and its exit is no crash.</summary>
    public bool Killed { get; private set; }

    /// <summary>
    /// Starts the app with <paramref name="environment"/> added to this process's environment.
    /// The node listens on a free ephemeral port on 127.0.0.1.
    /// </summary>
    public static AppNode Start(string name, string appDll, string logFolder, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(appDll))
        {
            throw new FileNotFoundException(
                $"The app is not built: {appDll} does not exist. Build it with `dotnet build src/LifeCircle -c Release`.", appDll);
        }

        Directory.CreateDirectory(logFolder);
        var port = FreeLoopbackPort();
        var logFile = Path.Combine(logFolder, $"{name}.log");

        // bash replaces itself with dotnet (exec), so the process id is the app's and the
        // output goes straight to the log without a pipe that this process must drain.
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            UseShellExecute = false
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" --urls \"$1\" >>\"$2\" 2>&1 </dev/null");
        start.ArgumentList.Add(appDll);
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add(logFile);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start app node {name}.");
        var node = new AppNode(name, port, logFile, process);
        ProcessRegistry.Add(process);
        return node;
    }

    /// <summary>Waits until <c>/health/ready</c> returns 200, failing early when the process exits.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"App node {Name} exited with code {_process.ExitCode} during start-up. Last lines of {LogFile}:\n{Tail(30)}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready", cancellation);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellation);
        }

        throw new TimeoutException($"App node {Name} was not ready after {timeout.TotalSeconds:0} s. Last lines of {LogFile}:\n{Tail(30)}");
    }

    /// <summary>
    /// Returns the id Wolverine gave this node, read from the log line that names its
    /// control endpoint (<c>dbcontrol://{id}/</c>), or null while it has not started yet.
    /// </summary>
    public Guid? WolverineNodeId()
    {
        if (!File.Exists(LogFile))
        {
            return null;
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var match = ControlUri().Match(line);
            if (match.Success)
            {
                return Guid.Parse(match.Groups[1].Value);
            }
        }

        return null;
    }

    /// <summary>Kills the process with SIGKILL, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        Killed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    /// <summary>Stops the process with SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            // .NET has no API for SIGTERM, which lets the app stop its Wolverine agents cleanly.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        ProcessRegistry.Remove(_process);
    }

    /// <summary>Returns the last <paramref name="lines"/> lines of the node's log.</summary>
    public string Tail(int lines)
    {
        if (!File.Exists(LogFile))
        {
            return "(no log)";
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var queue = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            queue.Enqueue(line);
            if (queue.Count > lines)
            {
                queue.Dequeue();
            }
        }

        return string.Join('\n', queue);
    }

    /// <summary>Counts the log lines of unhandled errors, which the app writes for every 500 it returns.</summary>
    public int CountUnhandledErrors() => CountLogLines("Unhandled error on");

    /// <summary>Counts the log lines that contain <paramref name="text"/>.</summary>
    public int CountLogLines(string text)
    {
        if (!File.Exists(LogFile))
        {
            return 0;
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"dbcontrol://([0-9a-fA-F-]{36})/")]
    private static partial Regex ControlUri();
}

/// <summary>
/// The app processes this process started and has not stopped yet. An exit handler kills
/// them, and <c>ops/chaos</c> reads <see cref="File"/> to kill what a crash left behind.
/// </summary>
public static class ProcessRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<Process> Running = [];
    private static bool _hooked;

    /// <summary>The file that lists the process ids, one a line, or null to keep none.</summary>
    public static string? File { get; set; }

    public static void Add(Process process)
    {
        lock (Gate)
        {
            Running.Add(process);
            if (!_hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
                _hooked = true;
            }

            Save();
        }
    }

    public static void Remove(Process process)
    {
        lock (Gate)
        {
            Running.Remove(process);
            Save();
        }
    }

    /// <summary>Kills every registered process that is still running.</summary>
    public static void KillAll()
    {
        lock (Gate)
        {
            foreach (var process in Running.Where(p => !p.HasExited))
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the kill.
                }
            }

            Running.Clear();
            Save();
        }
    }

    private static void Save()
    {
        if (File is { } path)
        {
            System.IO.File.WriteAllLines(path, Running.Select(p => p.Id.ToString()));
        }
    }
}
