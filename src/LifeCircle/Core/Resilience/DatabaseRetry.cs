using Microsoft.AspNetCore.Http;
using Polly;
using Polly.Retry;

namespace LifeCircle.Core.Resilience;

/// <summary>
/// Runs an HTTP request again when it failed on a transient database error and no byte of the
/// response was sent, so a PostgreSQL restart of a second or two delays requests instead of
/// failing them. Marten already repeats a failed read, but not a failed transaction or a
/// command on the raw data source. A failed attempt committed nothing, because every write is
/// one transaction. When a commit's outcome is unknown, the new attempt meets the same guard as
/// a client's retry: an idempotency key, or a transition that is already done. Each attempt
/// gets a new service scope, so nothing of the failed attempt's sessions is reused.
/// </summary>
public sealed class DatabaseRetryMiddleware
{
    private static readonly ResiliencePropertyKey<HttpContext> Request = new("LifeCircle.HttpContext");

    private readonly RequestDelegate _next;
    private readonly IServiceScopeFactory _scopes;
    private readonly ResiliencePipeline _pipeline;

    public DatabaseRetryMiddleware(RequestDelegate next, IServiceScopeFactory scopes, DatabaseRetryOptions options,
        ILogger<DatabaseRetryMiddleware> logger)
    {
        _next = next;
        _scopes = scopes;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && TransientDatabaseErrors.IsTransient(error)
                    && args.Context.Properties.TryGetValue(Request, out var http) && !http.Response.HasStarted
                    && !http.RequestAborted.IsCancellationRequested),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = retry =>
                {
                    logger.LogWarning("Database unavailable ({Error}), running the request again: retry {Attempt} in {Delay} ms",
                        retry.Outcome.Exception?.GetBaseException().Message, retry.AttemptNumber + 1,
                        (int)retry.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                }
            })
            .Build();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var hasBody = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method));
        if (hasBody)
        {
            // The body size limit applies before this middleware, so at most that much is buffered.
            context.Request.EnableBuffering();
        }

        var resilience = ResilienceContextPool.Shared.Get(context.RequestAborted);
        resilience.Properties.Set(Request, context);
        try
        {
            var attempt = 0;
            await _pipeline.ExecuteAsync(async _ =>
            {
                if (attempt++ == 0)
                {
                    await _next(context);
                    return;
                }

                await RunAgainAsync(context, hasBody);
            }, resilience);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async Task RunAgainAsync(HttpContext context, bool hasBody)
    {
        context.Response.Clear();
        if (hasBody)
        {
            context.Request.Body.Position = 0;
        }

        var original = context.RequestServices;
        await using var scope = _scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await _next(context);
        }
        finally
        {
            context.RequestServices = original;
        }
    }
}

/// <summary>How often and how long a request waits for the database to come back.</summary>
public sealed record DatabaseRetryOptions(int MaxRetries, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static DatabaseRetryOptions FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("LifeCircle:DatabaseRetry:MaxRetries", 6),
        configuration.GetValue("LifeCircle:DatabaseRetry:FirstDelay", TimeSpan.FromMilliseconds(100)),
        configuration.GetValue("LifeCircle:DatabaseRetry:MaxDelay", TimeSpan.FromSeconds(1)));
}

public static class DatabaseRetrySetup
{
    public static IServiceCollection AddDatabaseRetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(DatabaseRetryOptions.FromConfiguration(configuration));

    /// <summary>Adds <see cref="DatabaseRetryMiddleware"/>. Call it last, right before the endpoints run.</summary>
    public static IApplicationBuilder UseDatabaseRetry(this IApplicationBuilder app) => app.UseMiddleware<DatabaseRetryMiddleware>();
}
