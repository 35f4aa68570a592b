using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace LifeCircle.Reliability.Infrastructure;

/// <summary>
/// A private PostgreSQL 15 cluster in its own folder on one loopback port, run as the
/// <c>postgres</c> user because PostgreSQL refuses to run as root. The scenarios restart it,
/// so it must never be the app or test cluster that other people use.
/// </summary>
public sealed class PostgresCluster
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private PostgresCluster(string folder, int port, bool durable, string binDirectory)
    {
        Folder = folder;
        Port = port;
        Durable = durable;
        BinDirectory = binDirectory;
    }

    public string Folder { get; }
    public int Port { get; }

    /// <summary>True when fsync, synchronous_commit and full_page_writes are on.</summary>
    public bool Durable { get; }

    public string BinDirectory { get; }
    public string DataDirectory => Path.Combine(Folder, "data");
    public string LogFile => Path.Combine(Folder, "postgresql.log");

    /// <summary>A connection string for <paramref name="database"/> with the keepalive settings the app needs for leader election.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Keepalive=30;Tcp Keepalive=true";

    /// <summary>
    /// The connection string for creating and dropping databases. It is not pooled, because a
    /// pooled connection from before a restart of the server would fail with 57P01 on its next use.
    /// </summary>
    private string AdminConnectionString => ConnectionString("postgres") + ";Pooling=false";

    /// <summary>
    /// Creates the cluster folder and data directory when they do not exist yet, writes the
    /// settings and starts the server. Fails with a message naming the fix when the
    /// PostgreSQL binaries are missing or the port is taken by another server.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(string folder, int port, bool durable, CancellationToken cancellation,
        string? binDirectory = null)
    {
        var bin = binDirectory ?? Environment.GetEnvironmentVariable("LIFECIRCLE_PG_BIN") ?? DefaultBinDirectory;
        RequireBinaries(bin);
        var cluster = new PostgresCluster(Path.GetFullPath(folder), port, durable, bin);
        await cluster.InitializeAsync(cancellation);
        await cluster.WriteSettingsAsync(cancellation);

        if (await cluster.IsRunningAsync(cancellation))
        {
            await cluster.PgCtlAsync(cancellation, "-m", "fast", "-w", "-t", "120", "restart");
            return cluster;
        }

        if (IsPortInUse(port))
        {
            throw new InvalidOperationException(
                $"Port {port} on 127.0.0.1 is already in use by another server. Stop it or choose another port for the reliability cluster.");
        }

        await cluster.PgCtlAsync(cancellation, "-w", "-t", "120", "start");
        return cluster;
    }

    /// <summary>Throws with the install command when the PostgreSQL 15 server binaries are missing.</summary>
    public static void RequireBinaries(string binDirectory)
    {
        foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
        {
            if (!File.Exists(Path.Combine(binDirectory, tool)))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL 15 server binaries are missing: {Path.Combine(binDirectory, tool)} does not exist. " +
                    "Install them with `apt-get install postgresql-15` (./ops/test and ./ops/chaos do this), " +
                    "or set LIFECIRCLE_PG_BIN to the folder that contains initdb and pg_ctl.");
            }
        }

        if (!RunsAsRoot() && Environment.UserName != "postgres")
        {
            throw new InvalidOperationException(
                $"The reliability cluster must be started as root (which runs PostgreSQL as the postgres user) or as postgres, not as {Environment.UserName}.");
        }
    }

    /// <summary>Restarts the server the way an operator would, with <c>pg_ctl restart -m fast</c>.</summary>
    public Task RestartAsync(CancellationToken cancellation) =>
        PgCtlAsync(cancellation, "-m", "fast", "-w", "-t", "120", "restart");

    public async Task StopAsync(CancellationToken cancellation)
    {
        if (await IsRunningAsync(cancellation))
        {
            await PgCtlAsync(cancellation, "-m", "fast", "-w", "-t", "120", "stop");
        }
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellation)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return false;
        }

        var (exitCode, _) = await RunAsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "status"], cancellation);
        return exitCode == 0;
    }

    public async Task CreateDatabaseAsync(string database, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellation);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellation);
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync(cancellation);
    }

    public async Task DropDatabaseAsync(string database, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellation);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Returns a port from <paramref name="first"/> to <paramref name="last"/> that nothing listens on.</summary>
    public static int FindFreePort(int first, int last)
    {
        for (var port = first; port <= last; port++)
        {
            if (!IsPortInUse(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port between {first} and {last} on 127.0.0.1 for the reliability cluster.");
    }

    public static bool IsPortInUse(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellation)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        await GiveToPostgresAsync(Folder, cancellation);
        var (exitCode, output) = await RunAsPostgresAsync(Path.Combine(BinDirectory, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], cancellation);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed for {DataDirectory} with exit code {exitCode}:\n{output}");
        }

        Directory.CreateDirectory(Path.Combine(Folder, "socket"));
        await GiveToPostgresAsync(Path.Combine(Folder, "socket"), cancellation);
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"),
            "\ninclude_if_exists = 'reliability.conf'\n", cancellation);
    }

    private async Task WriteSettingsAsync(CancellationToken cancellation)
    {
        var durability = Durable ? "on" : "off";
        var settings = $"""
            # Written by LifeCircle.Reliability on every start.
            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{Path.Combine(Folder, "socket")}'
            max_connections = 300
            # A session left idle inside a transaction stalls Marten's async daemon.
            idle_in_transaction_session_timeout = '60s'
            fsync = {durability}
            synchronous_commit = {durability}
            full_page_writes = {durability}
            """;
        var path = Path.Combine(DataDirectory, "reliability.conf");
        await File.WriteAllTextAsync(path, settings + "\n", cancellation);
        await GiveToPostgresAsync(path, cancellation);
    }

    private async Task PgCtlAsync(CancellationToken cancellation, params string[] arguments)
    {
        string[] all = ["-D", DataDirectory, "-l", LogFile, .. arguments];
        var (exitCode, output) = await RunAsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), all, cancellation);
        if (exitCode != 0)
        {
            var tail = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(15)) : "";
            throw new InvalidOperationException(
                $"pg_ctl {string.Join(' ', arguments)} failed with exit code {exitCode}:\n{output}\nLast lines of {LogFile}:\n{tail}");
        }
    }

    private static async Task GiveToPostgresAsync(string path, CancellationToken cancellation)
    {
        if (!RunsAsRoot())
        {
            return;
        }

        var (exitCode, output) = await RunAsync("chown", ["postgres:postgres", path], cancellation);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"chown postgres:postgres {path} failed: {output}");
        }

        if (Directory.Exists(path) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Runs a PostgreSQL tool as postgres from <c>/</c>, because initdb and pg_ctl fail in a folder they cannot read.</summary>
    private static Task<(int ExitCode, string Output)> RunAsPostgresAsync(string program, IReadOnlyList<string> arguments,
        CancellationToken cancellation) =>
        RunsAsRoot()
            ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], cancellation)
            : RunAsync(program, arguments, cancellation);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments,
        CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static bool RunsAsRoot() => Environment.UserName == "root";
}
