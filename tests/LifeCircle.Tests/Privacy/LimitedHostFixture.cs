using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Alba;
using JasperFx.CommandLine;
using LifeCircle.Core.Identity;
using LifeCircle.Identity;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// The app configured as <see cref="AppFixture"/> does it, plus: low abuse limits (3 code sends
/// per client address, 3 bookings per resident account an hour), log output at Information
/// level recorded in <see cref="Logs"/>, and a client address taken from the
/// <see cref="RemoteAddressHeader"/> request header.
/// </summary>
/// <remarks>
/// Alba's in-process server gives requests no remote address, and the app exempts such
/// requests from the per-address limit. A test that wants that limit sends the header; all
/// other requests keep no address, so signing in stays unlimited.
/// </remarks>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public const string RemoteAddressHeader = "X-Test-Remote-Address";
    public const int CodeSendsPerAddress = 3;
    public const int BookingsPerResidentPerHour = 3;

    private int _phones;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public RecordingLoggerProvider Logs { get; } = new();

    public TestDatabase Database { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    public BookingRequests Requests => new(Clock);

    public ApiClient Anonymous => new(Host, null);

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Database = await TestDatabase.CreateAsync();
        try
        {
            Host = await AlbaHost.For<Program>(builder =>
            {
                AppFixture.ApplyTestSettings(builder, Database.ConnectionString, Clock);
                builder.UseSetting("Logging:LogLevel:Default", "Information");
                builder.UseSetting("LifeCircle:Limits:CodeSendsPerAddress", CodeSendsPerAddress.ToString());
                builder.UseSetting("LifeCircle:Limits:BookingsPerResidentPerHour", BookingsPerResidentPerHour.ToString());
                builder.ConfigureLogging(logging => logging.AddProvider(Logs));
                builder.ConfigureServices(services => services.AddTransient<IStartupFilter, RemoteAddressFromHeader>());
            });
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

    /// <summary>Returns a mobile number that no account of this fixture uses yet.</summary>
    public string NewPhone() => $"13908{Interlocked.Increment(ref _phones):D6}";

    /// <summary>Asks for a one-time code for a phone and reads it back from the development SMS endpoint.</summary>
    public async Task<string> SendCodeAsync(string phone)
    {
        (await Anonymous.PostAsync("/api/auth/code", new SendCode(phone))).ShouldHaveStatus(202);
        var sms = (await Anonymous.GetAsync($"/dev/sms/{phone}")).ShouldHaveStatus(200);
        return Regex.Match(sms.Json["text"]!.GetValue<string>(), "[0-9]{6}").Value;
    }

    public async Task<ApiClient> SignInAsResidentAsync(string phone)
    {
        var code = await SendCodeAsync(phone);
        var response = await Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, Roles.Resident));
        return new ApiClient(Host, response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>());
    }

    public async Task<ApiClient> SignInAsProviderAsync(string phone)
    {
        var code = await SendCodeAsync(phone);
        var response = await Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, Roles.Provider));
        return new ApiClient(Host, response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>());
    }

    public async Task<ApiClient> SignInAsStaffAsync(string userName)
    {
        var response = await Anonymous.PostAsync("/api/auth/password",
            new SignInWithPassword(userName, Demo.DemoSeeder.DefaultPassword));
        return new ApiClient(Host, response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>());
    }

    /// <summary>Signs in a new resident with a new phone and a profile in 水源地社区.</summary>
    public async Task<TestResident> NewResidentAsync()
    {
        var phone = NewPhone();
        var client = await SignInAsResidentAsync(phone);
        var profile = new UpdateProfile($"限流居民{phone[^4..]}", DemoData.ShuiyuandiCommunity, "沈阳市和平区限流小区2号楼1单元101", 1955);
        var saved = (await client.PutAsync("/api/residents/me", profile)).ShouldHaveStatus(200).As<ResidentProfile>();
        return new TestResident(client, saved.Id, saved.Phone, saved.Name);
    }

    /// <summary>Sets the connection's remote address from the test header, before any of the app's middleware runs.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[RemoteAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>A logger provider that keeps every formatted log message, with its category, in memory.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<RecordedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            entries.Enqueue(new RecordedLog(category, logLevel, exception is null ? message : $"{message} {exception}"));
        }
    }
}

public sealed record RecordedLog(string Category, LogLevel Level, string Message);

[CollectionDefinition(Name)]
public sealed class LimitedHostCollection : ICollectionFixture<LimitedHostFixture>
{
    /// <summary>Tests of abuse limits and log content, on a host of their own with low limits.</summary>
    public const string Name = "LimitedHost";
}
