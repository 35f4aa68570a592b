using System.Text.RegularExpressions;
using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// What a provider sees of the resident on a booking: a masked phone and name and no address
/// until it accepts, everything while the job is its own, and the masked form again 30 days
/// after completion. The last test moves the clock by 30 days, so the class runs in the
/// clock collection.
/// </summary>
[Collection(Collections.Clock)]
public sealed partial class ProviderContactTests(AppFixture app)
{
    private const string Address = "沈阳市和平区测试小区1号楼1单元101";

    [GeneratedRegex(@"^1\d{2}\*{4}\d{4}$")]
    private static partial Regex MaskedMobile();

    [Fact]
    public async Task Eligible_provider_sees_masked_contact_before_accepting()
    {
        var resident = await app.NewResidentAsync();
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var citywide = await app.NewProviderAsync(ServiceType.Repair);

        foreach (var provider in new[] { craftsman, citywide.Client })
        {
            var contact = await provider.ContactSeenByAsync(booking.Id);

            AssertMasked(contact, resident);
        }
    }

    [Fact]
    public async Task Provider_outside_service_or_area_gets_404()
    {
        var resident = await app.NewResidentAsync();
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        var otherService = await app.NewProviderAsync(ServiceType.Housekeeping);
        var otherArea = await app.NewProviderAsync(ServiceType.Repair, [DemoData.YupingCommunity]);

        var byService = await otherService.Client.GetAsync($"/api/bookings/{booking.Id}");
        var byArea = await otherArea.Client.GetAsync($"/api/bookings/{booking.Id}");

        byService.ShouldBeProblem(404, "Booking_NotFound");
        byArea.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Provider_addressed_elsewhere_gets_404()
    {
        var resident = await app.NewResidentAsync();
        var addressed = await app.NewProviderAsync(ServiceType.Repair);
        var other = await app.NewProviderAsync(ServiceType.Repair);
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair(providerId: addressed.Id));

        var response = await other.Client.GetAsync($"/api/bookings/{booking.Id}");

        response.ShouldBeProblem(404, "Booking_NotFound");
        AssertMasked(await addressed.Client.ContactSeenByAsync(booking.Id), resident);
    }

    [Fact]
    public async Task Accepting_provider_sees_full_contact()
    {
        var resident = await app.NewResidentAsync();
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        var accepting = await app.NewProviderAsync(ServiceType.Repair);
        var other = await app.NewProviderAsync(ServiceType.Repair);

        (await accepting.Client.AcceptAsync(booking.Id)).ShouldChangeTo(BookingStatus.Accepted);

        Assert.Equal(new BookingContact(resident.Name, resident.Phone, Address, false),
            await accepting.Client.ContactSeenByAsync(booking.Id));
        Assert.StartsWith("+86", resident.Phone);
        (await other.Client.GetAsync($"/api/bookings/{booking.Id}")).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Declining_provider_gets_404_once_it_declined()
    {
        var resident = await app.NewResidentAsync();
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        var declining = await app.NewProviderAsync(ServiceType.Repair);

        (await declining.Client.DeclineAsync(booking.Id)).ShouldHaveStatus(200);

        (await declining.Client.GetAsync($"/api/bookings/{booking.Id}")).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Contact_masked_again_30_days_after_completion()
    {
        var resident = await app.NewResidentAsync();
        var residentPhone = resident.Phone;
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        (await craftsman.AcceptAsync(booking.Id)).ShouldChangeTo(BookingStatus.Accepted);
        app.Clock.SetUtcNow(booking.Window.Start);
        craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        (await craftsman.StartAsync(booking.Id)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.CompleteAsync(booking.Id)).ShouldChangeTo(BookingStatus.Completed);
        var full = new BookingContact(resident.Name, residentPhone, Address, false);

        app.Clock.Advance(BookingQueries.ContactVisibleAfterCompletion - TimeSpan.FromSeconds(1));
        var lastDay = await (await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone)).ContactSeenByAsync(booking.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await (await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone)).ContactSeenByAsync(booking.Id);

        Assert.Equal(full, lastDay);
        AssertMasked(after, resident);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        Assert.Equal(full, await operatorClient.ContactSeenByAsync(booking.Id));
        Assert.Equal(full, await (await app.SignInAsResidentAsync(residentPhone)).ContactSeenByAsync(booking.Id));
    }

    private static void AssertMasked(BookingContact contact, TestResident resident)
    {
        Assert.True(contact.Masked);
        Assert.Matches(MaskedMobile(), contact.Phone);
        Assert.Equal(resident.Phone[3..6] + "****" + resident.Phone[^4..], contact.Phone);
        Assert.Equal(resident.Name[0] + new string('*', resident.Name.Length - 1), contact.Name);
        Assert.DoesNotContain(resident.Name[1..], contact.Name);
        Assert.Null(contact.Address);
    }
}
