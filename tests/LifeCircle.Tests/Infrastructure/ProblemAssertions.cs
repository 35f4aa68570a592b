using System.Text.Json.Nodes;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>Assertions on RFC 9457 problem-details responses and their <c>code</c> extension.</summary>
public static class ProblemAssertions
{
    /// <summary>Fails unless the response is a problem with this status and code; returns its body.</summary>
    public static JsonObject ShouldBeProblem(this ApiResponse response, int status, string code)
    {
        response.ShouldHaveStatus(status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString());

        var problem = response.Json.AsObject();
        Assert.Equal(status, problem["status"]?.GetValue<int>());
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"The problem has no title: {response.Body}");
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), $"The problem has no detail: {response.Body}");
        return problem;
    }

    /// <summary>Fails unless the response is a 400 whose <c>errors</c> map names <paramref name="field"/>.</summary>
    public static JsonObject ShouldBeInvalidField(this ApiResponse response, string field, string code = "Request_Invalid")
    {
        var problem = response.ShouldBeProblem(400, code);
        var errors = problem["errors"]?.AsObject();
        var named = errors is null ? "none" : string.Join(", ", errors.Select(e => e.Key));
        Assert.True(errors?.ContainsKey(field) == true, $"Expected errors to name '{field}' but they name: {named}. Body: {response.Body}");
        return problem;
    }

    /// <summary>Fails unless the response is the 409 of an invalid transition from <paramref name="current"/>.</summary>
    public static JsonObject ShouldBeInvalidTransition(this ApiResponse response, LifeCircle.Bookings.BookingStatus current)
    {
        var problem = response.ShouldBeProblem(409, "Booking_InvalidTransition");
        Assert.Equal(current.ToString(), problem["currentStatus"]?.GetValue<string>());
        return problem;
    }
}
