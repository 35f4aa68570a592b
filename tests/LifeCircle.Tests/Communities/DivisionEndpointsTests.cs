using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Communities;

[Collection(Collections.Api)]
public sealed class DivisionEndpointsTests(AppFixture app)
{
    [Fact]
    public async Task Get_city_returns_it_with_its_districts()
    {
        var body = (await app.Anonymous.GetAsync("/api/divisions/2101")).ShouldHaveStatus(200).Json;

        Assert.Equal("City", body["division"]!["level"]!.GetValue<string>());
        var children = body["children"]!.AsArray();
        Assert.Contains(children, d => d!["id"]!.GetValue<string>() == "210102");
        Assert.All(children, d => Assert.Equal("2101", d!["parentCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_community_returns_it_without_children()
    {
        var body = (await app.Anonymous.GetAsync($"/api/divisions/{DemoData.ShuiyuandiCommunity}")).ShouldHaveStatus(200).Json;

        Assert.Equal("水源地社区", body["division"]!["name"]!.GetValue<string>());
        Assert.Equal("Community", body["division"]!["level"]!.GetValue<string>());
        Assert.Empty(body["children"]!.AsArray());
    }

    [Fact]
    public async Task Get_unknown_division_returns_404()
    {
        var response = await app.Anonymous.GetAsync("/api/divisions/219999");

        response.ShouldBeProblem(404, "Division_NotFound");
    }

    [Fact]
    public async Task Search_communities_matches_name_within_city()
    {
        var found = (await app.Anonymous.GetAsync("/api/communities?q=水源地&city=2101")).ShouldHaveStatus(200).Json.AsArray();

        Assert.Contains(found, d => d!["id"]!.GetValue<string>() == DemoData.ShuiyuandiCommunity);
        Assert.All(found, d => Assert.Contains("水源地", d!["name"]!.GetValue<string>()));
        Assert.All(found, d => Assert.Equal("2101", d!["cityCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_communities_of_another_city_leaves_out_shenyang()
    {
        var found = (await app.Anonymous.GetAsync("/api/communities?q=社区&city=2102")).ShouldHaveStatus(200).Json.AsArray();

        Assert.NotEmpty(found);
        Assert.Equal(50, found.Count);
        Assert.All(found, d => Assert.Equal("2102", d!["cityCode"]!.GetValue<string>()));
    }
}
