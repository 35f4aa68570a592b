using LifeCircle.Core.Http;
using LifeCircle.Core.Localization;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Bookings;

/// <summary>The problem details that booking rules return, each naming the current state.</summary>
public static class BookingProblems
{
    public static ProblemDetails NotFound(Guid id) => Problems.NotFound("Booking_NotFound", id);

    public static ProblemDetails InvalidTransition(string action, BookingStatus current)
    {
        var problem = Problems.Conflict("Booking_InvalidTransition", Text.Get($"Action_{action}"), Text.Of(current));
        problem.Extensions["currentStatus"] = current.ToString();
        return problem;
    }
}
