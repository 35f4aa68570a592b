using System.Text.RegularExpressions;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Core.Http;

/// <summary>
/// Wolverine answers a body it cannot deserialize with a 400 whose detail is the
/// System.Text.Json message, which names .NET types. This finds the JSON path or the
/// missing property in that message, so the client gets a localized detail and an
/// <c>errors</c> map naming the field instead.
/// </summary>
public static partial class JsonProblem
{
    public static string? FieldOf(ProblemDetails problem)
    {
        if (problem.Detail is not { } detail || !problem.Extensions.ContainsKey("lineNumber"))
        {
            return null;
        }

        var missing = MissingProperty().Match(detail);
        if (missing.Success)
        {
            return missing.Groups["name"].Value;
        }

        var path = JsonPath().Match(detail);
        return path.Success ? ToFieldPath(path.Groups["path"].Value) : "$";
    }

    public static void Rewrite(ProblemDetails problem, string field)
    {
        problem.Type = "urn:lifecircle:problem:Request_InvalidJson";
        problem.Title = Text.Get("Title_400");
        // "$" names the whole body (a syntax error or a cut-off body), which means nothing to a reader.
        var detail = field == "$" ? Text.Get("Request_InvalidJsonBody") : Text.Get("Request_InvalidJson", field);
        problem.Detail = detail;
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        problem.Extensions.Remove("traceId");
        problem.Extensions["code"] = "Request_InvalidJson";
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        problem.Status = StatusCodes.Status400BadRequest;
    }

    /// <summary>Converts <c>$.repair.category</c> or <c>$.charges[0].quantity</c> to <c>repair.category</c> and <c>charges[0].quantity</c>.</summary>
    private static string ToFieldPath(string jsonPath) =>
        jsonPath.TrimStart('$').TrimStart('.') is { Length: > 0 } field ? field : "$";

    [GeneratedRegex(@"Path: (?<path>\$[^ |]*)")]
    private static partial Regex JsonPath();

    [GeneratedRegex(@"missing required properties[^']*'(?<name>[^']+)'")]
    private static partial Regex MissingProperty();
}
