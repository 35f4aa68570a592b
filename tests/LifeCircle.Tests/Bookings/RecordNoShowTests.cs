using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class RecordNoShowTests(AppFixture app)
{
    [Fact]
    public async Task NoShow_of_resident_reported_by_provider_ends_booking()
    {
        var (resident, craftsman, id) = await AcceptedRepairStartingSoonAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await craftsman.RecordNoShowAsync(id, NoShowParty.Resident);

        response.ShouldChangeTo(BookingStatus.NoShow);
        var page = await resident.GetBookingAsync(id);
        Assert.Equal(NoShowParty.Resident, page.Booking.Absent);
        Assert.Equal(("ResidentAbsent", ActorRole.Provider), (page.Booking.History[^1].Action, page.Booking.History[^1].ActorRole));
    }

    [Fact]
    public async Task NoShow_of_provider_reported_by_resident_ends_booking()
    {
        var (resident, _, id) = await AcceptedRepairStartingSoonAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await resident.RecordNoShowAsync(id, NoShowParty.Provider);

        response.ShouldChangeTo(BookingStatus.NoShow);
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(NoShowParty.Provider, view.Absent);
        Assert.Equal("ProviderAbsent", view.History[^1].Action);
    }

    [Theory]
    [InlineData(NoShowParty.Resident)]
    [InlineData(NoShowParty.Provider)]
    public async Task NoShow_reported_by_operator_records_either_side(NoShowParty absent)
    {
        var (resident, _, id) = await AcceptedRepairStartingSoonAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await operatorClient.RecordNoShowAsync(id, absent);

        response.ShouldChangeTo(BookingStatus.NoShow);
        Assert.Equal(absent, (await resident.GetBookingAsync(id)).Booking.Absent);
    }

    [Fact]
    public async Task NoShow_before_window_start_returns_409()
    {
        var (_, craftsman, id) = await AcceptedRepairStartingSoonAsync();

        var response = await craftsman.RecordNoShowAsync(id, NoShowParty.Resident);

        response.ShouldBeProblem(409, "NoShow_BeforeWindow");
    }

    [Theory]
    [InlineData(true, NoShowParty.Provider)]
    [InlineData(false, NoShowParty.Resident)]
    public async Task NoShow_of_own_side_returns_409(bool reportedByProvider, NoShowParty absent)
    {
        var (resident, craftsman, id) = await AcceptedRepairStartingSoonAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await (reportedByProvider ? craftsman : resident).RecordNoShowAsync(id, absent);

        response.ShouldBeProblem(409, "NoShow_ReportOtherSide");
    }

    [Fact]
    public async Task NoShow_twice_returns_unchanged()
    {
        var (_, craftsman, id) = await AcceptedRepairStartingSoonAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        (await craftsman.RecordNoShowAsync(id, NoShowParty.Resident)).ShouldChangeTo(BookingStatus.NoShow);

        var again = await craftsman.RecordNoShowAsync(id, NoShowParty.Resident);

        again.ShouldChangeTo(BookingStatus.NoShow, changed: false);
    }

    [Fact]
    public async Task NoShow_without_absent_party_returns_400()
    {
        var (_, craftsman, id) = await AcceptedRepairStartingSoonAsync();

        var response = await craftsman.PostAsync($"/api/bookings/{id}/no-show", new RecordNoShow(null, "敲门无人应答"));

        response.ShouldBeInvalidField("absent");
    }

    [Fact]
    public async Task NoShow_by_provider_of_another_job_returns_404()
    {
        var (_, _, id) = await AcceptedRepairStartingSoonAsync();
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await appliances.RecordNoShowAsync(id, NoShowParty.Resident);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    private async Task<(ApiClient Resident, ApiClient Provider, Guid Id)> AcceptedRepairStartingSoonAsync()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var start = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        var created = await resident.CreateBookingAsync(app.Requests.Repair() with
        {
            WindowStart = start,
            WindowEnd = start + TimeSpan.FromHours(2)
        });
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        return (resident, craftsman, created.Id);
    }
}
