using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using LifeCircle.Bookings;
using LifeCircle.Audit;
using LifeCircle.Communities;
using LifeCircle.Dashboard;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Idempotency;
using LifeCircle.Core.Logging;
using LifeCircle.Core.Resilience;
using LifeCircle.Core.Tenancy;
using LifeCircle.Demo;
using LifeCircle.Identity;
using LifeCircle.Notifications;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using JasperFx.MultiTenancy;
using Marten.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;

builder.Services.AddSingleton(TimeProvider.System);

// The host's own request log writes whole URLs, and an operator's look-up by phone carries
// the full mobile number in its query string. Commands are logged by UseCommandLogging with
// route patterns instead, so only the host's warnings and errors are kept.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Logging.QuietUnreadableBodies(typeof(Program).Assembly);

builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(ConnectionString(configuration)));
builder.Services.AddLifeCircleHttp();
builder.Services.AddDatabaseRetry(configuration);
builder.Services.AddBookings(configuration);
builder.Services.AddAbuseLimits(configuration);
builder.Services.AddProviders(configuration);
builder.Services.AddSingleton<DivisionCatalog>();
builder.Services.AddSingleton<LoggingSmsSink>();
builder.Services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<LoggingSmsSink>());
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddHostedService<StartupData>();
builder.Services.AddRazorPages();
builder.Services.AddCookieCsrf();
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

builder.Services.AddMarten(services =>
    {
        var options = new StoreOptions { DatabaseSchemaName = "lifecircle" };
        options.Logger(new MartenCommandLogger(services.GetRequiredService<ILogger<IDocumentStore>>()));
        options.Connection(ConnectionString(configuration));
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

        // One tenant per city, all in one database for now: moving a city to its own
        // database later is a change of tenancy configuration, not of code.
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Schema.For<Account>().SingleTenanted().Index(x => x.Phone!).Index(x => x.ResidentId!).UniqueIndex(x => x.UserName!);
        options.Schema.For<OneTimeCode>().SingleTenanted();
        options.Schema.For<Division>().SingleTenanted().Index(x => x.ParentCode);
        options.Schema.For<IdempotencyRecord>().SingleTenanted();
        options.Schema.For<Guardianship>();

        options.AddBookings();
        options.AddResidents();
        options.AddAudit();
        options.AddNotifications();
        options.AddProviders();
        options.AddDashboard();
        return options;
    })
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine(m =>
        m.UseWolverineManagedEventSubscriptionDistribution = configuration.GetValue("LifeCircle:Projections:DistributeAcrossNodes", true));

builder.Host.UseWolverine(opts =>
{
    opts.ApplicationAssembly = typeof(Program).Assembly;
    opts.Policies.AutoApplyTransactions();
    opts.Policies.UseDurableLocalQueues();
    opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
    // A node that has not written its heartbeat for StaleNodeTimeout counts as dead, and the
    // leader moves its projections and durable messages to the live nodes (Wolverine's
    // defaults are a 10 s heartbeat and 1 min). Keep the timeout several heartbeats long,
    // so a node busy with load is not declared dead.
    opts.Durability.HealthCheckPollingTime = configuration.GetValue("LifeCircle:Cluster:HeartbeatInterval", TimeSpan.FromSeconds(5));
    opts.Durability.StaleNodeTimeout = configuration.GetValue("LifeCircle:Cluster:StaleNodeTimeout", TimeSpan.FromSeconds(20));
    // Timers and other messages outlive a database restart: quick retries first, then later
    // attempts from the durable inbox, and only then the dead letter queue.
    opts.OnException(TransientDatabaseErrors.IsTransient)
        .RetryWithCooldown(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
        .Then.ScheduleRetry(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
    // Static loads the handler code written by `codegen write` into Internal/Generated and
    // compiled into the assembly; Dynamic compiles it with Roslyn at start.
    opts.CodeGeneration.TypeLoadMode = configuration.GetValue("LifeCircle:CodeGeneration", TypeLoadMode.Dynamic);
    opts.Services.AddResourceSetupOnStartup();
});
builder.Services.AddWolverineHttp();

var app = builder.Build();

// Localization comes first: the culture it sets flows only into later middleware, and the
// exception handler, body limit and status code pages write problem details too.
app.UseLifeCircleLocalization();
app.UseExceptionHandler();
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
app.UseStatusCodePages();
app.UseStaticFiles();

// The API docs are public: they describe the API, and every call still needs a token.
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "LifeCircle API v1");
    o.RoutePrefix = "api-docs";
    o.DocumentTitle = "一刻钟便民生活圈 API";
});
app.UseAuthentication();
app.UseAuthorization();
app.UseCookieCsrf();
app.UseRateLimiter();
app.UseCommandLogging();
app.UseDatabaseRetry();

app.MapOpenApi().AllowAnonymous();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.MapRazorPages();
if (app.Environment.IsDevelopment() || app.Environment.IsEnvironment("Testing"))
{
    app.MapDevelopmentEndpoints();
}

app.MapWolverineEndpoints(opts =>
{
    opts.TenantId.IsClaimTypeNamed(LifeCircleClaims.City);
    opts.TenantId.IsRequestHeaderValue(City.HeaderName);
    opts.TenantId.DefaultIs(City.Shenyang);
    opts.AddPolicy<ValidationPolicy>();
    opts.AddMiddleware(typeof(CallerMiddleware));
    opts.RejectUnparseableQueryValues = true;
});

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("LifeCircle started in {Environment} on {Urls}", app.Environment.EnvironmentName,
        string.Join(", ", app.Urls)));
app.Lifetime.ApplicationStopping.Register(() => app.Logger.LogInformation("LifeCircle stopping"));

return await app.RunJasperFxCommands(args);

// Npgsql resets a pooled connection (DISCARD ALL) before its next use by default. Nothing in
// the app leaves session state behind (Marten and Wolverine hold advisory locks on their own
// open connections and release them there), so the reset is skipped unless the connection
// string sets "No Reset On Close" itself. Before this, DISCARD ALL was the statement that
// PostgreSQL ran most often under ./ops/bench, about six times per booking create or accept.
static string ConnectionString(IConfiguration configuration)
{
    var text = configuration.GetConnectionString("LifeCircle")
        ?? throw new InvalidOperationException(
            "Missing connection string 'ConnectionStrings:LifeCircle'. Set ConnectionStrings__LifeCircle or start the app with ./ops/run.");
    var builder = new NpgsqlConnectionStringBuilder(text);
    if (!text.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
    {
        builder.NoResetOnClose = true;
    }

    return builder.ConnectionString;
}

public partial class Program;
