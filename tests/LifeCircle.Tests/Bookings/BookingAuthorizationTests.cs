using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>Who may call the booking endpoints at all: sign-in and role checks.</summary>
[Collection(Collections.Api)]
public sealed class BookingAuthorizationTests(AppFixture app)
{
    [Theory]
    [InlineData("GET", "/api/bookings")]
    [InlineData("GET", "/api/bookings/{id}")]
    [InlineData("GET", "/api/jobs/open")]
    [InlineData("POST", "/api/bookings")]
    [InlineData("POST", "/api/bookings/{id}/accept")]
    [InlineData("POST", "/api/bookings/{id}/cancel")]
    public async Task Booking_endpoint_without_sign_in_returns_401(string method, string route)
    {
        var url = route.Replace("{id}", Guid.NewGuid().ToString());

        var response = method == "GET"
            ? await app.Anonymous.GetAsync(url)
            : await app.Anonymous.PostAsync(url, url.EndsWith("/cancel") ? new CancelBooking("不需要了") : app.Requests.Repair());

        response.ShouldBeProblem(401, "Status_401");
    }

    [Fact]
    public async Task Booking_endpoint_with_invalid_token_returns_401()
    {
        var forged = new ApiClient(app.Host, "not-a-token");

        var response = await forged.GetAsync("/api/bookings");

        response.ShouldBeProblem(401, "Status_401");
    }

    [Theory]
    [InlineData("provider")]
    [InlineData("admin")]
    public async Task Create_by_role_other_than_resident_or_operator_returns_403(string role)
    {
        var client = role == "provider"
            ? await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone)
            : await app.SignInAsStaffAsync(DemoData.Admin);

        var response = await client.PostAsync("/api/bookings", app.Requests.Repair(residentId: DemoData.ZhaoLi));

        response.ShouldBeProblem(403, "Status_403");
    }

    [Fact]
    public async Task Open_jobs_for_resident_returns_403()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.GetAsync("/api/jobs/open");

        response.ShouldBeProblem(403, "Status_403");
    }

    [Theory]
    [InlineData("start")]
    [InlineData("complete")]
    [InlineData("decline")]
    public async Task Provider_command_by_resident_returns_403(string command)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        object? body = command switch
        {
            "complete" => new CompleteBooking([new ChargeInput("上门检测费", 1m, "次", 30m)], null),
            "decline" => new DeclineBooking(null),
            _ => null
        };

        var response = await resident.PostAsync($"/api/bookings/{created.Id}/{command}", body);

        response.ShouldBeProblem(403, "Status_403");
    }
}
