using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Platform;

/// <summary>Health checks and the API description, which need no sign-in.</summary>
[Collection(Collections.Api)]
public sealed class PlatformEndpointsTests(AppFixture app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_check_returns_healthy(string url)
    {
        var response = await app.Anonymous.GetAsync(url);

        response.ShouldHaveStatus(200);
        Assert.Equal("Healthy", response.Body);
    }

    [Fact]
    public async Task OpenApi_document_lists_booking_operations()
    {
        var document = (await app.Anonymous.GetAsync("/openapi/v1.json")).ShouldHaveStatus(200).Json;

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!["operationId"]?.GetValue<string>()))
            .ToHashSet();
        Assert.Superset(
            new HashSet<string?> { "createBooking", "getBooking", "acceptBooking", "completeBooking", "settleBooking", "listOpenJobs" },
            operations);
    }

    [Fact]
    public async Task Unknown_api_route_returns_404_problem()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.GetAsync("/api/nothing-here");

        response.ShouldBeProblem(404, "Status_404");
    }
}
