using LifeCircle.Bookings;
using LifeCircle.Demo;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Staff members, their credentials, and assigning them to accepted jobs: meal and bathing
/// jobs need a health certificate valid on the service day, housekeeping a home-service credit
/// record, repairs nothing.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class StaffTests(AppFixture app)
{
    [Theory]
    [InlineData(ServiceType.Bathing)]
    [InlineData(ServiceType.Meal)]
    public async Task Certificate_valid_on_service_day_allows_assignment(ServiceType service)
    {
        var (provider, resident, id) = await AcceptedJobAsync(service);
        var staffId = await AddStaffAsync(provider, "李护工", service);
        await RecordCredentialAsync(provider, staffId, CredentialKind.HealthCertificate, app.Requests.Tomorrow);

        var response = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        response.ShouldChangeTo(BookingStatus.Accepted);
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal((staffId, "李护工"), (view.StaffId, view.StaffName));
        var step = Assert.Single(view.History, s => s.Action == "StaffAssigned");
        Assert.Equal("李护工", step.Note);
    }

    [Theory]
    [InlineData(ServiceType.Bathing, "助浴")]
    [InlineData(ServiceType.Meal, "助餐")]
    public async Task Certificate_expiring_before_service_day_returns_409(ServiceType service, string serviceText)
    {
        var (provider, resident, id) = await AcceptedJobAsync(service);
        var staffId = await AddStaffAsync(provider, "赵护工", service);
        var serviceDay = app.Requests.Tomorrow;
        await RecordCredentialAsync(provider, staffId, CredentialKind.HealthCertificate, serviceDay.AddDays(-1));

        var expired = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));
        await RecordCredentialAsync(provider, staffId, CredentialKind.HealthCertificate, serviceDay.AddYears(1));
        var renewed = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        expired.ShouldBeProblem(409, "Staff_CredentialMissing")
            .ShouldMention("赵护工", "健康证", serviceText, serviceDay.ToString("yyyy-MM-dd"));
        renewed.ShouldChangeTo(BookingStatus.Accepted);
        var staff = Assert.Single((await app.ProviderAsync(provider.Id)).Staff, s => s.Id == staffId);
        Assert.Equal(serviceDay.AddYears(1), Assert.Single(staff.Credentials).ExpiresOn);
        Assert.Equal(staffId, (await resident.GetBookingAsync(id)).Booking.StaffId);
    }

    [Fact]
    public async Task Staff_without_health_certificate_returns_409()
    {
        var (provider, resident, id) = await AcceptedJobAsync(ServiceType.Bathing);
        var staffId = await AddStaffAsync(provider, "钱护工", ServiceType.Bathing);
        await RecordCredentialAsync(provider, staffId, CredentialKind.HomeServiceCreditRecord, app.Requests.Tomorrow.AddYears(1));

        var response = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        response.ShouldBeProblem(409, "Staff_CredentialMissing").ShouldMention("钱护工", "健康证");
        Assert.Null((await resident.GetBookingAsync(id)).Booking.StaffId);
    }

    [Fact]
    public async Task Housekeeping_needs_home_service_credit_record()
    {
        var (provider, _, id) = await AcceptedJobAsync(ServiceType.Housekeeping);
        var staffId = await AddStaffAsync(provider, "刘阿姨", ServiceType.Housekeeping);
        await RecordCredentialAsync(provider, staffId, CredentialKind.HealthCertificate, app.Requests.Tomorrow.AddYears(1));

        var withoutRecord = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));
        await RecordCredentialAsync(provider, staffId, CredentialKind.HomeServiceCreditRecord, app.Requests.Tomorrow);
        var withRecord = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        withoutRecord.ShouldBeProblem(409, "Staff_CredentialMissing").ShouldMention("刘阿姨", "家政信用记录", "家政保洁");
        withRecord.ShouldChangeTo(BookingStatus.Accepted);
    }

    [Fact]
    public async Task Repair_needs_no_credential()
    {
        var (provider, resident, id) = await AcceptedJobAsync(ServiceType.Repair);
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);

        var response = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        response.ShouldChangeTo(BookingStatus.Accepted);
        Assert.Equal("孙师傅", (await resident.GetBookingAsync(id)).Booking.StaffName);
    }

    [Fact]
    public async Task Assigning_same_staff_twice_changes_nothing()
    {
        var (provider, resident, id) = await AcceptedJobAsync(ServiceType.Repair);
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        (await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId))).ShouldChangeTo(BookingStatus.Accepted);

        var again = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        again.ShouldChangeTo(BookingStatus.Accepted, changed: false);
        Assert.Single((await resident.GetBookingAsync(id)).Booking.History, s => s.Action == "StaffAssigned");
    }

    [Fact]
    public async Task Staff_of_another_provider_returns_404()
    {
        var (provider, resident, id) = await AcceptedJobAsync(ServiceType.Repair);
        var demoStaff = (await app.ProviderAsync(DemoData.RepairCraftsman)).Staff[0].Id;

        var response = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(demoStaff));

        response.ShouldBeProblem(404, "Staff_NotFound").ShouldMention(demoStaff.ToString());
        Assert.Null((await resident.GetBookingAsync(id)).Booking.StaffId);
    }

    [Fact]
    public async Task Assigning_on_job_of_another_provider_returns_404()
    {
        var (_, _, id) = await AcceptedJobAsync(ServiceType.Repair);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var demoStaff = (await app.ProviderAsync(DemoData.RepairCraftsman)).Staff[0].Id;

        var response = await craftsman.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(demoStaff));

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Assigning_before_acceptance_or_after_start_is_rejected()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair], DemoSeeder.Communities, PriceCards.Craftsman);
        var resident = await app.NewResidentAsync();
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);
        var requested = await resident.Client.CreateBookingAsync(app.RepairWith(provider.Id));
        var started = await resident.Client.StartedJobAsync(provider.Client, app.RepairWith(provider.Id));

        var beforeAcceptance = await provider.Client.PostAsync($"/api/bookings/{requested.Id}/staff", new AssignStaff(staffId));
        var afterStart = await provider.Client.PostAsync($"/api/bookings/{started}/staff", new AssignStaff(staffId));

        beforeAcceptance.ShouldBeProblem(404, "Booking_NotFound");
        afterStart.ShouldBeInvalidTransition(BookingStatus.Started);
    }

    [Fact]
    public async Task Staff_registered_for_meals_cannot_take_bathing_job()
    {
        var (provider, resident, id) = await AcceptedJobAsync(ServiceType.Bathing);
        var staffId = await AddStaffAsync(provider, "送餐员 小周", ServiceType.Meal);
        await RecordCredentialAsync(provider, staffId, CredentialKind.HealthCertificate, app.Requests.Tomorrow.AddYears(1));

        var response = await provider.Client.PostAsync($"/api/bookings/{id}/staff", new AssignStaff(staffId));

        response.ShouldBeProblem(409, "Staff_ServiceNotAssigned").ShouldMention("送餐员 小周", "助浴");
        Assert.Null((await resident.GetBookingAsync(id)).Booking.StaffId);
    }

    [Fact]
    public async Task Staff_for_service_not_offered_returns_409()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Meal]);

        var response = await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff", new AddStaffMember("李护工", [ServiceType.Bathing]));

        response.ShouldBeProblem(409, "Staff_ServiceNotOffered").ShouldMention("助浴");
        Assert.Empty((await app.ProviderAsync(provider.Id)).Staff);
    }

    [Fact]
    public async Task Admin_adds_staff_and_credentials_for_provider()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Meal, ServiceType.Bathing]);
        var admin = await app.AdminAsync();

        var added = await admin.PostAsync($"/api/providers/{provider.Id}/staff",
            new AddStaffMember(" 配餐员 马师傅 ", [ServiceType.Meal, ServiceType.Meal]));
        var staffId = added.ShouldHaveStatus(201).As<StaffMemberAdded>().StaffId;
        var recorded = await admin.PostAsync($"/api/providers/{provider.Id}/staff/{staffId}/credentials",
            new RecordCredential(CredentialKind.HealthCertificate, "JK-2026-0042", new DateOnly(2027, 6, 30)));

        Assert.Equal($"/api/providers/{provider.Id}/staff/{staffId}", added.Headers.Location.ToString());
        recorded.ShouldHaveStatus(200);
        var staff = Assert.Single((await app.ProviderAsync(provider.Id)).Staff);
        Assert.Equal((staffId, "配餐员 马师傅"), (staff.Id, staff.Name));
        Assert.Equal([ServiceType.Meal], staff.Services);
        Assert.Equal([new StaffCredential(CredentialKind.HealthCertificate, "JK-2026-0042", new DateOnly(2027, 6, 30))], staff.Credentials);
    }

    [Fact]
    public async Task Managing_staff_of_another_provider_returns_404()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);
        var other = await app.RegisterProviderAsync([ServiceType.Repair]);
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);

        var add = await other.Client.PostAsync($"/api/providers/{provider.Id}/staff", new AddStaffMember("冒名者", [ServiceType.Repair]));
        var record = await other.Client.PostAsync($"/api/providers/{provider.Id}/staff/{staffId}/credentials",
            new RecordCredential(CredentialKind.SkillCertificate, "DG-001", new DateOnly(2028, 1, 1)));
        var resident = await (await app.NewResidentAsync()).Client.PostAsync($"/api/providers/{provider.Id}/staff",
            new AddStaffMember("冒名者", [ServiceType.Repair]));

        add.ShouldBeProblem(404, "Provider_NotFound");
        record.ShouldBeProblem(404, "Provider_NotFound");
        resident.ShouldHaveStatus(403);
        var staff = Assert.Single((await app.ProviderAsync(provider.Id)).Staff);
        Assert.Empty(staff.Credentials);
    }

    [Fact]
    public async Task Credential_for_unknown_staff_returns_404()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);
        var unknown = Guid.NewGuid();

        var response = await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff/{unknown}/credentials",
            new RecordCredential(CredentialKind.SkillCertificate, "DG-001", new DateOnly(2028, 1, 1)));

        response.ShouldBeProblem(404, "Staff_NotFound").ShouldMention(unknown.ToString());
    }

    [Theory]
    [InlineData("""{"number": "JK-1", "expiresOn": "2027-01-01"}""", "kind")]
    [InlineData("""{"kind": "HealthCertificate", "number": "JK 1", "expiresOn": "2027-01-01"}""", "number")]
    [InlineData("""{"kind": "HealthCertificate", "number": "", "expiresOn": "2027-01-01"}""", "number")]
    [InlineData("""{"kind": "HealthCertificate", "number": "JK-1"}""", "expiresOn")]
    public async Task Invalid_credential_returns_400_naming_field(string body, string field)
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Repair]);
        var staffId = await AddStaffAsync(provider, "孙师傅", ServiceType.Repair);

        var response = await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff/{staffId}/credentials", body);

        response.ShouldBeInvalidField(field);
    }

    private async Task<(RegisteredProvider Provider, ApiClient Resident, Guid Id)> AcceptedJobAsync(ServiceType service)
    {
        PriceItemInput[] card = service switch
        {
            ServiceType.Housekeeping => PriceCards.Housekeeping,
            ServiceType.Repair => PriceCards.Craftsman,
            ServiceType.Meal => [.. PriceCards.Canteen, .. PriceCards.Bathing],
            _ => [.. PriceCards.Canteen, .. PriceCards.Bathing]
        };
        ServiceType[] services = service is ServiceType.Meal or ServiceType.Bathing ? [ServiceType.Meal, ServiceType.Bathing] : [service];
        var provider = await app.RegisterProviderAsync(services, DemoSeeder.Communities, card, kind: ProviderKind.CareOrganisation);
        var resident = await app.NewResidentAsync();
        var created = await resident.Client.CreateBookingAsync(app.Requests.For(service, providerId: provider.Id));
        (await provider.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        return (provider, resident.Client, created.Id);
    }

    private static async Task<Guid> AddStaffAsync(RegisteredProvider provider, string name, params ServiceType[] services) =>
        (await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff", new AddStaffMember(name, services)))
        .ShouldHaveStatus(201).As<StaffMemberAdded>().StaffId;

    private static async Task RecordCredentialAsync(RegisteredProvider provider, Guid staffId, CredentialKind kind, DateOnly expiresOn) =>
        (await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff/{staffId}/credentials",
            new RecordCredential(kind, $"LN-{(int)kind}-{expiresOn:yyyyMMdd}", expiresOn))).ShouldHaveStatus(200);
}
