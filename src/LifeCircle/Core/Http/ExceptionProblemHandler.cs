using System.Text;
using System.Text.Json;
using JasperFx;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Resilience;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace LifeCircle.Core.Http;

/// <summary>
/// Turns the exceptions that a client can cause into problem details: lost write races
/// become 409 (HTTP endpoints get no retry policy), unreadable bodies 400, oversized
/// bodies 413, a database that stayed unreachable through the retries 503. Anything else is
/// logged and gets a 500 that leaks no internals.
/// </summary>
public sealed class ExceptionProblemHandler(IProblemDetailsService problemDetails, IEnumerable<IProblemExplainer> explainers,
    ILogger<ExceptionProblemHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem.Status is >= 400 and < 500)
        {
            problem = await ExplainAsync(exception, context, cancellationToken) ?? problem;
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Database unavailable on {Method} {Path} after retries: {Error}", context.Request.Method,
                context.Request.Path, exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogInformation("Request on {Method} {Path} rejected with {Status}: {Reason}",
                context.Request.Method, context.Request.Path, problem.Status, exception.GetType().Name);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception
        });
    }

    private async ValueTask<ProblemDetails?> ExplainAsync(Exception exception, HttpContext context, CancellationToken cancellation)
    {
        foreach (var explainer in explainers)
        {
            if (await explainer.ExplainAsync(exception, context, cancellation) is { } specific)
            {
                return specific;
            }
        }

        return null;
    }

    /// <summary>How long a client should wait after a 503: PostgreSQL restarts within seconds.</summary>
    private const string RetryAfterSeconds = "5";

    public static ProblemDetails Classify(Exception exception) => exception switch
    {
        _ when TransientDatabaseErrors.IsTransient(exception) =>
            Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service_DatabaseUnavailable"),
        _ when WriteRaces.IsLost(exception) => Problems.Conflict("Request_ConcurrentChange"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request_TooLarge"),
        BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
        BadHttpRequestException bad => Problems.Create(bad.StatusCode, "Request_Malformed"),
        JsonException json => InvalidJson(json),
        InvalidDataException or FormatException or DecoderFallbackException => Problems.BadRequest("Request_Malformed"),
        OperationCanceledException => Problems.Create(499, "Request_Cancelled"),
        _ when exception.InnerException is { } inner && Classify(inner).Status < 500 => Classify(inner),
        _ => Problems.Create(StatusCodes.Status500InternalServerError, "Request_Failed")
    };

    private static ProblemDetails InvalidJson(JsonException json)
    {
        var problem = Problems.BadRequest("Request_InvalidJson", json.Path ?? "$");
        if (json.Path is not null)
        {
            problem.Extensions["field"] = json.Path;
        }

        return problem;
    }
}
