using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Alba;
using JasperFx.CommandLine;
using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Core.Identity;
using LifeCircle.Demo;
using LifeCircle.Identity;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Wolverine;
using Wolverine.Tracking;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>
/// The LifeCircle app running in an Alba host on a database of its own, seeded with the
/// Shenyang demo set, with a <see cref="FakeTimeProvider"/> as its clock. The clock starts at
/// the real time and moves only when a test advances it.
/// </summary>
/// <remarks>
/// Use one fixture per xunit collection: mark a test class with <c>[Collection(Collections.Api)]</c>
/// (or another name in <see cref="Collections"/>) and take <see cref="AppFixture"/> in its
/// constructor. Tests share the host, so each test creates its own bookings and never relies on
/// global counts. Browser tests that need a real Kestrel server can build their own
/// <c>WebApplicationFactory&lt;Program&gt;</c> on a <see cref="TestDatabase"/> and pass its
/// builder to <see cref="ApplyTestSettings"/>, so both kinds of host run the same configuration.
/// </remarks>
public class AppFixture : IAsyncLifetime
{
    // Bearer tokens live 8 hours of the app's clock. A cached token is at most 4 hours old
    // when a test gets it, so the test may move the clock up to 4 hours and keep using it.
    // A test that moves the clock further must sign in again after the move.
    private static readonly TimeSpan TokenReuseLimit = TimeSpan.FromHours(4);

    private static readonly ConditionalWeakTable<IAlbaHost, AppFixture> Running = new();

    private readonly SemaphoreSlim _signInLock = new(1, 1);
    private readonly Dictionary<string, (ApiClient Client, DateTimeOffset SignedInAt)> _signedIn = [];
    private readonly ConcurrentDictionary<Type, Lazy<Task<object>>> _shared = new();
    private int _phones;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public TestDatabase Database { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Valid booking requests for each service, with windows relative to <see cref="Clock"/>.</summary>
    public BookingRequests Requests => new(Clock);

    public ApiClient Anonymous => new(Host, null);

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Database = await TestDatabase.CreateAsync();
        try
        {
            Host = await AlbaHost.For<Program>(builder => ApplyTestSettings(builder, Database.ConnectionString, Clock));
            Running.Add(Host, this);
        }
        catch
        {
            // xunit does not call DisposeAsync after a failed InitializeAsync.
            await Database.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Host.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>Returns the fixture that started a host, for helpers that get only a client or host.</summary>
    public static AppFixture Of(IAlbaHost host) => Running.TryGetValue(host, out var fixture)
        ? fixture
        : throw new InvalidOperationException("This host was not started by an AppFixture.");

    /// <summary>
    /// Configures a LifeCircle web host for tests: the given database, the demo seed, the
    /// given clock, no external transports, and Marten and Wolverine in solo mode.
    /// </summary>
    public static void ApplyTestSettings(IWebHostBuilder builder, string connectionString, TimeProvider clock)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:LifeCircle", connectionString);
        builder.UseSetting("LifeCircle:Demo:Seed", "true");
        builder.UseSetting("LifeCircle:Projections:DistributeAcrossNodes", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");

        // Tests book far more often than a person could; the booking limit is not under test here.
        builder.UseSetting("LifeCircle:Limits:BookingsPerResidentPerHour", "100000");
        builder.ConfigureServices(services =>
        {
            services.DisableAllExternalWolverineTransports();
            services.MartenDaemonModeIsSolo();
            services.RunWolverineInSoloMode();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        });
    }

    /// <summary>
    /// Deletes every event and every document except the division codes, which never change
    /// and take long to load, then stores the demo seed again. Cached sign-ins and
    /// <see cref="SharedAsync{T}"/> values are dropped too.
    /// </summary>
    public async Task ResetDataAsync()
    {
        await Store.Advanced.Clean.DeleteAllEventDataAsync();
        foreach (var type in Store.Options.AllKnownDocumentTypes().Select(t => t.DocumentType).Where(t => t != typeof(Division)))
        {
            await Store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
        }

        await ActivatorUtilities.CreateInstance<DemoSeeder>(Host.Services).SeedAsync(CancellationToken.None);
        _signedIn.Clear();
        _shared.Clear();
    }

    /// <summary>
    /// Returns a value built once per fixture, for arrangements that several tests read but
    /// never change (for example bookings parked in each status).
    /// </summary>
    public async Task<T> SharedAsync<T>(Func<Task<T>> create) where T : class =>
        (T)await _shared.GetOrAdd(typeof(T), _ => new Lazy<Task<object>>(async () => await create())).Value;

    /// <summary>
    /// Runs an action, such as an HTTP call, and waits until the Wolverine messages it causes
    /// are handled or scheduled. The timeout allows for the first Roslyn compile of a handler.
    /// </summary>
    public Task<ITrackedSession> TrackAsync(Func<Task> action) =>
        Host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).ExecuteAndWaitAsync((IMessageContext _) => action());

    /// <summary>
    /// Runs the expiry timer of a booking now, in the demo city's tenant, as the durable
    /// scheduled message would when its time comes; returns the tracked session.
    /// </summary>
    public Task<ITrackedSession> FireExpiryTimerAsync(Guid bookingId) =>
        Host.InvokeMessageAndWaitAsync(new ExpireBooking(bookingId), DemoData.City, 60_000);

    /// <summary>Returns a mobile number that no account of this fixture uses yet.</summary>
    public string NewPhone() => $"13907{Interlocked.Increment(ref _phones):D6}";

    public Task<ApiClient> SignInAsResidentAsync(string phone) => SignInWithCodeAsync(phone, Roles.Resident);

    public Task<ApiClient> SignInAsProviderAsync(string phone) => SignInWithCodeAsync(phone, Roles.Provider);

    /// <summary>Signs in an operator or administrator of the demo seed by user name and password.</summary>
    public Task<ApiClient> SignInAsStaffAsync(string userName) => SignInAsync($"staff:{userName}", async () =>
    {
        var response = await Anonymous.PostAsync("/api/auth/password",
            new SignInWithPassword(userName, DemoSeeder.DefaultPassword));
        return response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>();
    });

    /// <summary>Asks for a one-time code for a phone and reads it back from the development SMS endpoint.</summary>
    public async Task<string> SendCodeAsync(string phone)
    {
        (await Anonymous.PostAsync("/api/auth/code", new SendCode(phone))).ShouldHaveStatus(202);
        var sms = (await Anonymous.GetAsync($"/dev/sms/{phone}")).ShouldHaveStatus(200);
        var text = sms.Json["text"]!.GetValue<string>();
        return Regex.Match(text, "[0-9]{6}").Value;
    }

    /// <summary>Signs in a new resident with a new phone and a profile in <paramref name="community"/>.</summary>
    public async Task<TestResident> NewResidentAsync(string community = DemoData.ShuiyuandiCommunity, int birthYear = 1960,
        bool livesAlone = false, bool hasDisability = false)
    {
        var phone = NewPhone();
        var client = await SignInAsResidentAsync(phone);
        var profile = new UpdateProfile($"测试居民{phone[^4..]}", community, "沈阳市和平区测试小区1号楼1单元101", birthYear,
            livesAlone, hasDisability);
        var saved = (await client.PutAsync("/api/residents/me", profile)).ShouldHaveStatus(200).As<ResidentProfile>();
        return new TestResident(client, saved.Id, saved.Phone, saved.Name);
    }

    /// <summary>
    /// Stores a provider document and its provider account directly, skipping the onboarding
    /// and verification steps, and signs it in. An empty <paramref name="area"/> means the whole city.
    /// </summary>
    /// <remarks>The provider has no event stream and no price card, so it suits booking tests only.</remarks>
    public async Task<TestProvider> NewProviderAsync(ServiceType service, string[]? area = null, bool verified = true)
    {
        var phone = NewPhone();
        var provider = new Provider
        {
            Id = Guid.CreateVersion7(),
            Name = $"测试服务商{phone[^4..]}",
            Kind = ProviderKind.Company,
            Services = [service],
            ServiceArea = [.. area ?? []],
            Phone = Phones.NormalizeMobile(phone)!,
            Verified = verified
        };
        await using (var session = Store.LightweightSession(DemoData.City))
        {
            session.Store(provider);
            session.Store(new Account
            {
                Id = Guid.CreateVersion7(),
                Role = Roles.Provider,
                City = DemoData.City,
                DisplayName = provider.Name,
                Phone = provider.Phone,
                ProviderId = provider.Id
            });
            await session.SaveChangesAsync();
        }

        return new TestProvider(await SignInAsProviderAsync(phone), provider.Id, provider.Name);
    }

    private Task<ApiClient> SignInWithCodeAsync(string phone, string role) => SignInAsync($"{role}:{phone}", async () =>
    {
        var code = await SendCodeAsync(phone);
        var response = await Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, role));
        return response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>();
    });

    private async Task<ApiClient> SignInAsync(string key, Func<Task<string>> signIn)
    {
        await _signInLock.WaitAsync();
        try
        {
            var now = Clock.GetUtcNow();
            if (_signedIn.TryGetValue(key, out var cached) && now - cached.SignedInAt < TokenReuseLimit)
            {
                return cached.Client;
            }

            var client = new ApiClient(Host, await signIn());
            _signedIn[key] = (client, now);
            return client;
        }
        finally
        {
            _signInLock.Release();
        }
    }
}

/// <summary>A resident created by a test, signed in, with a home community.</summary>
public sealed record TestResident(ApiClient Client, Guid Id, string Phone, string Name);

/// <summary>A provider created by a test, signed in.</summary>
public sealed record TestProvider(ApiClient Client, Guid Id, string Name);
