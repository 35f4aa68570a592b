using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Core.Http;

/// <summary>
/// Lets a feature turn an exception that <see cref="ExceptionProblemHandler"/> would answer
/// with a general problem into a specific one, for example a duplicate key that means a rule of
/// that feature was broken by a concurrent request.
/// </summary>
public interface IProblemExplainer
{
    /// <summary>Returns the specific problem for the exception, or null to keep the general one.</summary>
    ValueTask<ProblemDetails?> ExplainAsync(Exception exception, HttpContext context, CancellationToken cancellation);
}
