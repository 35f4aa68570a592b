using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class AcceptBookingTests(AppFixture app)
{
    [Fact]
    public async Task Accept_open_job_assigns_the_provider()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await craftsman.AcceptAsync(created.Id);

        var changed = response.ShouldChangeTo(BookingStatus.Accepted);
        Assert.Equal(created.Id, changed.Id);
        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(DemoData.RepairCraftsman, view.ProviderId);
        Assert.Equal("老王便民修理铺", view.ProviderName);
    }

    [Fact]
    public async Task Accept_twice_by_same_provider_returns_unchanged()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var again = await craftsman.AcceptAsync(created.Id);

        again.ShouldChangeTo(BookingStatus.Accepted, changed: false);
        Assert.Equal(2, (await resident.GetBookingAsync(created.Id)).Booking.History.Count);
    }

    [Fact]
    public async Task Accept_by_second_provider_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await appliances.AcceptAsync(created.Id);

        response.ShouldBeProblem(409, "Booking_TakenByAnother");
        Assert.Equal(DemoData.RepairCraftsman, (await resident.GetBookingAsync(created.Id)).Booking.ProviderId);
    }

    [Fact]
    public async Task Accept_after_declining_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.DeclineAsync(created.Id)).ShouldChangeTo(BookingStatus.Requested);

        var response = await craftsman.AcceptAsync(created.Id);

        response.ShouldBeProblem(409, "Booking_YouDeclined");
    }

    [Fact]
    public async Task Accept_job_addressed_to_another_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));

        var response = await appliances.AcceptAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Accept_job_of_another_service_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var canteen = await app.SignInAsProviderAsync(DemoData.CanteenPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await canteen.AcceptAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Accept_job_outside_service_area_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair() with { CommunityCode = DemoData.YupingCommunity });

        var response = await craftsman.AcceptAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Accept_by_unverified_provider_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var unverified = await app.NewProviderAsync(ServiceType.Repair, verified: false);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await unverified.Client.AcceptAsync(created.Id);

        response.ShouldBeProblem(409, "Provider_NotVerified");
    }

    [Fact]
    public async Task Accept_unknown_booking_returns_404()
    {
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);

        var response = await craftsman.AcceptAsync(Guid.NewGuid());

        response.ShouldHaveStatus(404);
    }

    [Fact]
    public async Task Accept_by_resident_returns_403()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await resident.AcceptAsync(created.Id);

        response.ShouldBeProblem(403, "Status_403");
    }
}
