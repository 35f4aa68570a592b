using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Core.Http;

/// <summary>
/// RFC 9457 problem details with a localized title and detail, and a stable
/// <c>code</c> extension that clients can branch on.
/// </summary>
public static class Problems
{
    public static ProblemDetails NotFound(string code, params object?[] args) =>
        Create(StatusCodes.Status404NotFound, code, args);

    public static ProblemDetails Conflict(string code, params object?[] args) =>
        Create(StatusCodes.Status409Conflict, code, args);

    public static ProblemDetails Forbidden(string code, params object?[] args) =>
        Create(StatusCodes.Status403Forbidden, code, args);

    public static ProblemDetails BadRequest(string code, params object?[] args) =>
        Create(StatusCodes.Status400BadRequest, code, args);

    public static ProblemDetails Unprocessable(string code, params object?[] args) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, args);

    public static ProblemDetails TooManyRequests(string code, params object?[] args) =>
        Create(StatusCodes.Status429TooManyRequests, code, args);

    public static ProblemDetails Create(int status, string code, params object?[] args)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = $"urn:lifecircle:problem:{code}",
            Title = Text.Get($"Title_{status}"),
            Detail = Text.Get(code, args)
        };
        problem.Extensions["code"] = code;
        return problem;
    }
}
