using System.Net;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Wolverine;

namespace LifeCircle.Tests.Browser;

/// <summary>
/// The app on real Kestrel at 127.0.0.1 (a random port) over a database of its own with the
/// Shenyang demo set, and a headless Chromium to drive it. The database is dropped at the end,
/// also when start-up fails, because xunit skips DisposeAsync after a failed InitializeAsync.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    private const string DefaultCluster = "Host=127.0.0.1;Port=55433;Username=postgres";

    /// <summary>Generous, because the first request of each endpoint compiles its handler with Roslyn.</summary>
    public const float TimeoutMilliseconds = 30_000;

    // Debian's Chromium, launched without `playwright install`. QUIC, sync and background
    // networking are off so the browser talks to nothing but the app on loopback.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"
    ];

    private readonly string _cluster = Environment.GetEnvironmentVariable("LIFECIRCLE_TEST_PG") ?? DefaultCluster;
    private readonly string _database = $"lc_browser_{Guid.NewGuid():N}";
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>A plain HTTP client on the same server, for the API calls a test makes outside the browser.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ExecuteOnClusterAsync($"CREATE DATABASE \"{_database}\"");
        try
        {
            JasperFxEnvironment.AutoStartHost = true;
            var connectionString = new NpgsqlConnectionStringBuilder(_cluster) { Database = _database }.ConnectionString;
            _factory = new KestrelAppFactory(connectionString);
            _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();

            var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            BaseAddress = new Uri(addresses.Single());
            Http = new HttpClient { BaseAddress = BaseAddress };

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArgs
            });
            Assertions.SetDefaultExpectTimeout(TimeoutMilliseconds);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a browser context with cookies of its own, on the app, in the given browser language.</summary>
    public async Task<IBrowserContext> NewContextAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 }
        });
        context.SetDefaultTimeout(TimeoutMilliseconds);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteOnClusterAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private async Task ExecuteOnClusterAsync(string sql)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(_cluster) { Database = "postgres" }.ConnectionString;
        await using var connection = new NpgsqlConnection(maintenance);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class KestrelAppFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:LifeCircle", connectionString);
            builder.UseSetting("LifeCircle:Demo:Seed", "true");
            builder.UseSetting("LifeCircle:Projections:DistributeAcrossNodes", "false");
            builder.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
                services.MartenDaemonModeIsSolo();
            });
        }
    }
}
