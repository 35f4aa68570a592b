using LifeCircle.Bookings;
using LifeCircle.Demo;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Provider onboarding by the administrator: registration with a sign-in phone, verification
/// before any job, suspension that takes the provider off lists and the price board, and
/// reinstatement.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class OnboardingTests(AppFixture app)
{
    [Fact]
    public async Task Registered_provider_signs_in_with_its_phone()
    {
        var admin = await app.AdminAsync();
        var phone = app.NewPhone();

        var response = await admin.RegisterAsync(new RegisterProvider(" 和平区便民维修站 ", ProviderKind.Company,
            [ServiceType.Repair, ServiceType.Housekeeping, ServiceType.Repair], [DemoData.ShuiyuandiCommunity], phone));

        var registered = response.ShouldHaveStatus(201).As<Provider>();
        Assert.Equal($"/api/providers/{registered.Id}", response.Headers.Location.ToString());
        Assert.Equal(("和平区便民维修站", ProviderKind.Company, "+86" + phone), (registered.Name, registered.Kind, registered.Phone));
        Assert.Equal([ServiceType.Repair, ServiceType.Housekeeping], registered.Services);
        Assert.Equal([DemoData.ShuiyuandiCommunity], registered.ServiceArea);
        Assert.False(registered.Verified);
        Assert.False(registered.Suspended);
        Assert.Empty(registered.PriceCard);
        Assert.Equal(0, registered.CardVersion);

        var provider = await app.SignInAsProviderAsync(phone);
        var mine = (await provider.GetAsync("/api/providers/me")).ShouldHaveStatus(200).As<Provider>();
        Assert.Equal(registered.Id, mine.Id);
    }

    [Fact]
    public async Task Phone_registered_twice_returns_409()
    {
        var admin = await app.AdminAsync();
        var phone = app.NewPhone();
        (await admin.RegisterAsync(new RegisterProvider("第一家维修店", ProviderKind.Craftsman, [ServiceType.Repair], null, phone)))
            .ShouldHaveStatus(201);

        var again = await admin.RegisterAsync(new RegisterProvider("第二家维修店", ProviderKind.Craftsman, [ServiceType.Repair], null, "+86" + phone));

        again.ShouldBeProblem(409, "Provider_PhoneRegistered").ShouldMention($"{phone[..3]}****{phone[^4..]}");
    }

    [Fact]
    public async Task Unverified_provider_cannot_be_booked_or_accept()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair], card: PriceCards.Craftsman, verify: false);
        var resident = await app.NewResidentAsync();
        var pool = await resident.Client.CreateBookingAsync(app.Requests.Repair());

        var booked = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair(providerId: provider.Id));
        var accepted = await provider.Client.AcceptAsync(pool.Id);
        var listed = await ListedRepairProvidersAsync(resident.Client);

        booked.ShouldBeProblem(409, "Provider_NotVerified").ShouldMention(provider.Name);
        accepted.ShouldBeProblem(409, "Provider_NotVerified").ShouldMention(provider.Name);
        Assert.DoesNotContain(provider.Id, listed);
        Assert.DoesNotContain(provider.Id, await BoardProvidersAsync());

        var verified = await (await app.AdminAsync()).PostAsync($"/api/providers/{provider.Id}/verify");

        Assert.True(verified.ShouldHaveStatus(200).Json["verified"]!.GetValue<bool>());
        (await provider.Client.AcceptAsync(pool.Id)).ShouldChangeTo(BookingStatus.Accepted);
        await resident.Client.CreateBookingAsync(app.Requests.Repair(providerId: provider.Id));
        Assert.Contains(provider.Id, await ListedRepairProvidersAsync(resident.Client));
        Assert.Contains(provider.Id, await BoardProvidersAsync());
    }

    [Fact]
    public async Task Verify_twice_keeps_provider_verified()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);

        var again = await (await app.AdminAsync()).PostAsync($"/api/providers/{provider.Id}/verify");

        Assert.True(again.ShouldHaveStatus(200).Json["verified"]!.GetValue<bool>());
        Assert.True((await app.ProviderAsync(provider.Id)).Verified);
    }

    [Fact]
    public async Task Suspended_provider_leaves_lists_and_board()
    {
        var provider = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var admin = await app.AdminAsync();
        var pool = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        Assert.Contains(provider.Id, await ListedRepairProvidersAsync(resident.Client));

        var suspended = await admin.PostAsync($"/api/providers/{provider.Id}/suspend", new SuspendProvider(" 多次超标价收费 "));

        Assert.True(suspended.ShouldHaveStatus(200).Json["suspended"]!.GetValue<bool>());
        var record = await app.ProviderAsync(provider.Id);
        Assert.Equal((true, "多次超标价收费"), (record.Suspended, record.SuspensionReason));
        Assert.DoesNotContain(provider.Id, await ListedRepairProvidersAsync(resident.Client));
        Assert.DoesNotContain(provider.Id, await BoardProvidersAsync());
        (await resident.Client.PostAsync("/api/bookings", app.RepairWith(provider.Id, new ItemChoice("RP-TAP", 1m))))
            .ShouldBeProblem(409, "Provider_Suspended").ShouldMention(provider.Name);
        (await provider.Client.AcceptAsync(pool.Id)).ShouldBeProblem(409, "Provider_Suspended").ShouldMention(provider.Name);
        (await resident.Client.QuoteAsync(ServiceType.Repair, provider.Id, new ItemChoice("RP-TAP", 1m))).ShouldBeProblem(404, "Provider_NotFound");

        var reinstated = await admin.PostAsync($"/api/providers/{provider.Id}/reinstate");

        Assert.False(reinstated.ShouldHaveStatus(200).Json["suspended"]!.GetValue<bool>());
        Assert.Null((await app.ProviderAsync(provider.Id)).SuspensionReason);
        Assert.Contains(provider.Id, await ListedRepairProvidersAsync(resident.Client));
        Assert.Contains(provider.Id, await BoardProvidersAsync());
        (await provider.Client.AcceptAsync(pool.Id)).ShouldChangeTo(BookingStatus.Accepted);
    }

    [Fact]
    public async Task Suspend_twice_and_reinstate_twice_change_once()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);
        var admin = await app.AdminAsync();
        (await admin.PostAsync($"/api/providers/{provider.Id}/suspend", new SuspendProvider("资质到期"))).ShouldHaveStatus(200);

        var suspendAgain = await admin.PostAsync($"/api/providers/{provider.Id}/suspend", new SuspendProvider("另一个原因"));
        var reinstate = await admin.PostAsync($"/api/providers/{provider.Id}/reinstate");
        var reinstateAgain = await admin.PostAsync($"/api/providers/{provider.Id}/reinstate");

        Assert.True(suspendAgain.ShouldHaveStatus(200).Json["suspended"]!.GetValue<bool>());
        Assert.False(reinstate.ShouldHaveStatus(200).Json["suspended"]!.GetValue<bool>());
        Assert.False(reinstateAgain.ShouldHaveStatus(200).Json["suspended"]!.GetValue<bool>());
        await using var session = app.Store.QuerySession(DemoData.City);
        var events = await session.Events.FetchStreamAsync(provider.Id);
        Assert.Single(events, e => e.Data is ProviderSuspended);
        Assert.Single(events, e => e.Data is ProviderReinstated);
        Assert.Equal("资质到期", events.Select(e => e.Data).OfType<ProviderSuspended>().Single().Reason);
    }

    [Fact]
    public async Task Suspend_without_reason_returns_400()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);

        var response = await (await app.AdminAsync()).PostAsync($"/api/providers/{provider.Id}/suspend", new SuspendProvider(""));

        response.ShouldBeInvalidField("reason");
        Assert.False((await app.ProviderAsync(provider.Id)).Suspended);
    }

    [Fact]
    public async Task Onboarding_unknown_provider_returns_404()
    {
        var admin = await app.AdminAsync();
        var unknown = Guid.NewGuid();

        var verify = await admin.PostAsync($"/api/providers/{unknown}/verify");
        var suspend = await admin.PostAsync($"/api/providers/{unknown}/suspend", new SuspendProvider("资质到期"));
        var reinstate = await admin.PostAsync($"/api/providers/{unknown}/reinstate");

        Assert.Equal([404, 404, 404], new[] { verify.Status, suspend.Status, reinstate.Status });
    }

    [Fact]
    public async Task Provider_changes_its_services_and_area()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair], [DemoData.ShuiyuandiCommunity]);
        var resident = await app.NewResidentAsync();

        var response = await provider.Client.PutAsync($"/api/providers/{provider.Id}/services",
            new ChangeProviderServices([ServiceType.Repair, ServiceType.Housekeeping], [DemoData.YupingCommunity]));

        response.ShouldHaveStatus(200);
        var changed = await app.ProviderAsync(provider.Id);
        Assert.Equal([ServiceType.Repair, ServiceType.Housekeeping], changed.Services);
        Assert.Equal([DemoData.YupingCommunity], changed.ServiceArea);
        Assert.DoesNotContain(provider.Id, await ListedRepairProvidersAsync(resident.Client));
    }

    [Fact]
    public async Task Change_to_unknown_community_returns_404()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair], [DemoData.ShuiyuandiCommunity]);

        var unknown = await provider.Client.PutAsync($"/api/providers/{provider.Id}/services",
            new ChangeProviderServices([ServiceType.Repair], ["210102999999"]));
        var otherCity = await provider.Client.PutAsync($"/api/providers/{provider.Id}/services",
            new ChangeProviderServices([ServiceType.Repair], [DemoData.DalianCommunity]));

        unknown.ShouldBeProblem(404, "Community_NotFound").ShouldMention("210102999999");
        otherCity.ShouldBeProblem(404, "Community_NotFound").ShouldMention(DemoData.DalianCommunity);
        Assert.Equal([DemoData.ShuiyuandiCommunity], (await app.ProviderAsync(provider.Id)).ServiceArea);
    }

    [Fact]
    public async Task Change_services_of_another_provider_returns_404()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);
        var other = await app.RegisterProviderAsync([ServiceType.Repair]);

        var response = await other.Client.PutAsync($"/api/providers/{provider.Id}/services",
            new ChangeProviderServices([ServiceType.Meal], null));

        response.ShouldBeProblem(404, "Provider_NotFound");
        Assert.Equal([ServiceType.Repair], (await app.ProviderAsync(provider.Id)).Services);
    }

    public static TheoryData<string, string> InvalidRegistrations() => new()
    {
        { """{"name": "", "kind": "Company", "services": ["Repair"], "phone": "PHONE"}""", "name" },
        { """{"name": "维修站", "services": ["Repair"], "phone": "PHONE"}""", "kind" },
        { """{"name": "维修站", "kind": "Company", "services": [], "phone": "PHONE"}""", "services" },
        { """{"name": "维修站", "kind": "Company", "services": ["Repair"], "phone": "12345"}""", "phone" },
        { """{"name": "维修站", "kind": "Company", "services": ["Repair"], "serviceArea": ["2101020010"], "phone": "PHONE"}""", "serviceArea[0]" }
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task Register_invalid_provider_returns_400_naming_field(string body, string field)
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsync("/api/providers", body.Replace("PHONE", app.NewPhone()));

        response.ShouldBeInvalidField(field);
    }

    [Theory]
    [InlineData("210102999999")]
    [InlineData(DemoData.DalianCommunity)]
    public async Task Register_with_unknown_community_returns_404(string community)
    {
        var admin = await app.AdminAsync();
        var phone = app.NewPhone();

        var response = await admin.RegisterAsync(new RegisterProvider("维修站", ProviderKind.Company, [ServiceType.Repair],
            [DemoData.ShuiyuandiCommunity, community], phone));

        response.ShouldBeProblem(404, "Community_NotFound").ShouldMention(community);
    }

    [Fact]
    public async Task Onboarding_by_non_admin_returns_403()
    {
        var resident = await app.NewResidentAsync();
        var staff = await app.OperatorAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var register = new RegisterProvider("维修站", ProviderKind.Company, [ServiceType.Repair], null, app.NewPhone());

        foreach (var client in new[] { resident.Client, staff, craftsman })
        {
            (await client.RegisterAsync(register)).ShouldHaveStatus(403);
            (await client.PostAsync($"/api/providers/{DemoData.RepairCraftsman}/verify")).ShouldHaveStatus(403);
            (await client.PostAsync($"/api/providers/{DemoData.RepairCraftsman}/suspend", new SuspendProvider("测试"))).ShouldHaveStatus(403);
            (await client.PostAsync($"/api/providers/{DemoData.RepairCraftsman}/reinstate")).ShouldHaveStatus(403);
        }

        (await app.Anonymous.RegisterAsync(register)).ShouldHaveStatus(401);
        Assert.False((await app.ProviderAsync(DemoData.RepairCraftsman)).Suspended);
    }

    [Fact]
    public async Task Demo_providers_start_verified_with_card_version_1()
    {
        foreach (var seeded in DemoSeeder.Providers)
        {
            var provider = await app.ProviderAsync(seeded.Id);

            Assert.True(provider.Verified);
            Assert.Equal(1, provider.CardVersion);
            Assert.Equal(seeded.PriceCard, provider.PriceCard);
        }
    }

    private static async Task<List<Guid>> ListedRepairProvidersAsync(ApiClient client) =>
        (await client.GetAsync($"/api/providers?service=Repair&community={DemoData.ShuiyuandiCommunity}")).ShouldHaveStatus(200)
        .As<List<Provider>>().Select(p => p.Id).ToList();

    private async Task<List<Guid>> BoardProvidersAsync() =>
        (await app.Anonymous.GetAsync($"/api/price-board?community={DemoData.ShuiyuandiCommunity}&service=Repair")).ShouldHaveStatus(200)
        .As<List<BoardEntry>>().Select(e => e.ProviderId).ToList();
}
