using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Providers;

[Collection(Collections.Api)]
public sealed class ProviderEndpointsTests(AppFixture app)
{
    [Fact]
    public async Task List_by_service_and_community_returns_serving_providers()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var inDemoArea = (await resident.GetAsync($"/api/providers?service=Repair&community={DemoData.ShuiyuandiCommunity}"))
            .ShouldHaveStatus(200).Json.AsArray().Select(p => p!["id"]!.GetValue<Guid>()).ToList();
        var outside = (await resident.GetAsync($"/api/providers?service=Repair&community={DemoData.YupingCommunity}"))
            .ShouldHaveStatus(200).Json.AsArray().Select(p => p!["id"]!.GetValue<Guid>()).ToList();

        Assert.Contains(DemoData.RepairCraftsman, inDemoArea);
        Assert.Contains(DemoData.ApplianceRepair, inDemoArea);
        Assert.DoesNotContain(DemoData.Canteen, inDemoArea);
        Assert.DoesNotContain(DemoData.RepairCraftsman, outside);
        Assert.Contains(DemoData.ApplianceRepair, outside);
    }

    [Fact]
    public async Task List_leaves_out_unverified_providers()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var unverified = await app.NewProviderAsync(LifeCircle.Bookings.ServiceType.Bathing, verified: false);

        var listed = (await resident.GetAsync("/api/providers?service=Bathing")).ShouldHaveStatus(200).Json.AsArray()
            .Select(p => p!["id"]!.GetValue<Guid>()).ToList();

        Assert.Contains(DemoData.BathingTeam, listed);
        Assert.DoesNotContain(unverified.Id, listed);
    }

    [Fact]
    public async Task Get_provider_returns_price_card()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var provider = (await resident.GetAsync($"/api/providers/{DemoData.Canteen}")).ShouldHaveStatus(200).Json;

        Assert.Equal("和平区幸福里社区长者食堂", provider["name"]!.GetValue<string>());
        Assert.Contains(provider["priceCard"]!.AsArray(), item => item!["name"]!.GetValue<string>() == "午餐套餐");
    }

    [Fact]
    public async Task Get_unknown_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.GetAsync($"/api/providers/{Guid.NewGuid()}");

        response.ShouldBeProblem(404, "Provider_NotFound");
    }

    [Fact]
    public async Task Get_my_provider_returns_signed_in_provider()
    {
        var canteen = await app.SignInAsProviderAsync(DemoData.CanteenPhone);

        var provider = (await canteen.GetAsync("/api/providers/me")).ShouldHaveStatus(200).Json;

        Assert.Equal(DemoData.Canteen, provider["id"]!.GetValue<Guid>());
    }
}
