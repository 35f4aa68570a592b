using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>The booking rules that need stored data or the clock: who, where, when and with whom.</summary>
[Collection(Collections.Api)]
public sealed class CreateBookingRuleTests(AppFixture app)
{
    [Fact]
    public async Task Create_with_window_in_past_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var past = app.Clock.GetUtcNow() - TimeSpan.FromMinutes(1);

        var response = await resident.PostAsync("/api/bookings",
            app.Requests.Repair() with { WindowStart = past, WindowEnd = past + TimeSpan.FromHours(2) });

        response.ShouldBeProblem(400, "Booking_WindowInPast");
    }

    [Fact]
    public async Task Create_more_than_30_days_ahead_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var start = app.Clock.GetUtcNow() + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1);

        var response = await resident.PostAsync("/api/bookings",
            app.Requests.Repair() with { WindowStart = start, WindowEnd = start + TimeSpan.FromHours(2) });

        response.ShouldBeProblem(400, "Booking_TooFarAhead");
    }

    [Fact]
    public async Task Create_exactly_30_days_ahead_returns_201()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var start = app.Clock.GetUtcNow() + TimeSpan.FromDays(30);

        var response = await resident.PostAsync("/api/bookings",
            app.Requests.Repair() with { WindowStart = start, WindowEnd = start + TimeSpan.FromHours(2) });

        response.ShouldHaveStatus(201);
    }

    [Fact]
    public async Task Create_meal_more_than_30_days_ahead_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var request = app.Requests.Meal() with
        {
            Meal = app.Requests.Meal().Meal! with { Date = app.Requests.TodayInShanghai.AddDays(31) }
        };

        var response = await resident.PostAsync("/api/bookings", request);

        response.ShouldBeProblem(400, "Booking_TooFarAhead");
    }

    [Fact]
    public async Task Create_with_window_over_12_hours_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings",
            app.Requests.Repair() with { WindowStart = app.Requests.TomorrowAt(7), WindowEnd = app.Requests.TomorrowAt(19, 1) });

        response.ShouldBeProblem(400, "Booking_WindowTooLong");
    }

    [Fact]
    public async Task Create_by_operator_without_resident_returns_400()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync("/api/bookings", app.Requests.Repair());

        response.ShouldBeProblem(400, "Booking_OperatorNamesResident");
    }

    [Fact]
    public async Task Create_by_operator_for_unknown_resident_returns_404()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync("/api/bookings", app.Requests.Repair(residentId: Guid.NewGuid()));

        response.ShouldBeProblem(404, "Resident_NotFound");
    }

    [Fact]
    public async Task Create_by_resident_for_another_resident_returns_403()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair(residentId: DemoData.WangXiulan));

        response.ShouldBeProblem(403, "Booking_ResidentsBookForThemselves");
    }

    [Fact]
    public async Task Create_by_resident_naming_itself_returns_201()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair(residentId: DemoData.ZhaoLi));

        response.ShouldHaveStatus(201);
    }

    [Fact]
    public async Task Create_without_any_community_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(app.NewPhone());

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair());

        response.ShouldBeProblem(400, "Booking_CommunityMissing");
    }

    [Fact]
    public async Task Create_in_unknown_community_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair() with { CommunityCode = "210102999999" });

        response.ShouldBeProblem(404, "Community_NotFound");
    }

    [Fact]
    public async Task Create_in_community_of_another_city_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair() with { CommunityCode = DemoData.DalianCommunity });

        response.ShouldBeProblem(404, "Community_NotFound");
    }

    [Fact]
    public async Task Create_with_unknown_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair(providerId: Guid.NewGuid()));

        response.ShouldBeProblem(404, "Provider_NotFound");
    }

    [Fact]
    public async Task Create_with_unverified_provider_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var unverified = await app.NewProviderAsync(ServiceType.Repair, verified: false);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair(providerId: unverified.Id));

        response.ShouldBeProblem(409, "Provider_NotVerified");
    }

    [Fact]
    public async Task Create_with_provider_of_another_service_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", app.Requests.Repair(providerId: DemoData.Canteen));

        response.ShouldBeProblem(409, "Provider_DoesNotServe");
    }

    [Fact]
    public async Task Create_with_provider_outside_its_area_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var request = app.Requests.Repair(providerId: DemoData.RepairCraftsman) with { CommunityCode = DemoData.YupingCommunity };

        var response = await resident.PostAsync("/api/bookings", request);

        response.ShouldBeProblem(409, "Provider_DoesNotServe");
    }
}
