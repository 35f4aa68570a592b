using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Residents;

[Collection(Collections.Api)]
public sealed class ResidentEndpointsTests(AppFixture app)
{
    [Fact]
    public async Task Get_my_profile_returns_demo_resident()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var profile = (await resident.GetAsync("/api/residents/me")).ShouldHaveStatus(200).Json;

        Assert.Equal(DemoData.ZhaoLi, profile["id"]!.GetValue<Guid>());
        Assert.Equal("赵丽", profile["name"]!.GetValue<string>());
        Assert.Equal("+8613904001006", profile["phone"]!.GetValue<string>());
        Assert.Equal(DemoData.ShuiyuandiCommunity, profile["communityCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_my_profile_stores_contact_and_home()
    {
        var resident = await app.SignInAsResidentAsync(app.NewPhone());

        var response = await resident.PutAsync("/api/residents/me",
            new UpdateProfile(" 钱秀英 ", DemoData.YupingCommunity, "沈阳市和平区玉屏二社区2号楼101", 1950));

        var saved = response.ShouldHaveStatus(200).Json;
        var read = (await resident.GetAsync("/api/residents/me")).ShouldHaveStatus(200).Json;
        foreach (var profile in new[] { saved, read })
        {
            Assert.Equal("钱秀英", profile["name"]!.GetValue<string>());
            Assert.Equal(DemoData.YupingCommunity, profile["communityCode"]!.GetValue<string>());
            Assert.Equal("沈阳市和平区玉屏二社区2号楼101", profile["address"]!.GetValue<string>());
            Assert.Equal(1950, profile["birthYear"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Update_my_profile_with_unknown_community_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(app.NewPhone());

        var response = await resident.PutAsync("/api/residents/me",
            new UpdateProfile("钱秀英", "210102999999", null, 1950));

        response.ShouldBeProblem(404, "Community_NotFound");
    }

    [Theory]
    [InlineData("", DemoData.ShuiyuandiCommunity, 1950, "name")]
    [InlineData("钱秀英", "21010200100", 1950, "communityCode")]
    [InlineData("钱秀英", DemoData.ShuiyuandiCommunity, 1899, "birthYear")]
    public async Task Update_my_profile_with_invalid_field_returns_400(string name, string community, int birthYear, string field)
    {
        var resident = await app.SignInAsResidentAsync(app.NewPhone());

        var response = await resident.PutAsync("/api/residents/me", new UpdateProfile(name, community, null, birthYear));

        response.ShouldBeInvalidField(field);
    }

    [Fact]
    public async Task Find_by_phone_returns_resident_for_operator()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var found = (await operatorClient.GetAsync($"/api/residents?phone={DemoData.LiGuifangPhone}")).ShouldHaveStatus(200).Json;

        var resident = Assert.Single(found.AsArray());
        Assert.Equal(DemoData.LiGuifang, resident!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Find_with_invalid_phone_returns_400()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.GetAsync("/api/residents?phone=12");

        response.ShouldBeProblem(400, "Phone_InvalidMobile");
    }

    [Fact]
    public async Task Register_caller_lets_operator_book_for_them()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var phone = app.NewPhone();

        var response = await operatorClient.PostAsync("/api/residents",
            new RegisterCaller("孙秀珍", phone, DemoData.ShuiyuandiCommunity, "沈阳市和平区水源地社区5号楼302", 1941));

        var profile = response.ShouldHaveStatus(201).Json;
        var id = profile["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/residents/{id}", response.Headers.Location.ToString());
        Assert.Equal($"+86{phone}", profile["phone"]!.GetValue<string>());
        var created = await operatorClient.CreateBookingAsync(app.Requests.Meal(residentId: id));
        Assert.Equal(id, (await operatorClient.GetBookingAsync(created.Id)).Booking.ResidentId);
    }

    [Fact]
    public async Task Register_caller_with_registered_phone_returns_409()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync("/api/residents",
            new RegisterCaller("赵丽", DemoData.ZhaoLiPhone, DemoData.ShuiyuandiCommunity, null, 1985));

        response.ShouldBeProblem(409, "Resident_PhoneRegistered");
    }
}
