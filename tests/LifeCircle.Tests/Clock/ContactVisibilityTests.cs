using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Clock;

/// <summary>A provider keeps the resident's full contact for 30 days after completing the job.</summary>
[Collection(Collections.Clock)]
public sealed class ContactVisibilityTests(AppFixture app)
{
    [Fact]
    public async Task Contact_of_completed_job_stays_full_for_30_days()
    {
        var (resident, id) = await CompletedRepairAsync();
        app.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));

        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var contact = (await craftsman.GetBookingAsync(id)).Contact!;

        Assert.Equal(new BookingContact(resident.Name, resident.Phone, "沈阳市和平区测试小区1号楼1单元101", false), contact);
    }

    [Fact]
    public async Task Contact_of_completed_job_is_masked_after_30_days()
    {
        var (resident, id) = await CompletedRepairAsync();
        app.Clock.Advance(TimeSpan.FromDays(30));

        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var contact = (await craftsman.GetBookingAsync(id)).Contact!;

        Assert.True(contact.Masked);
        Assert.Equal($"{resident.Phone[3..6]}****{resident.Phone[^4..]}", contact.Phone);
        Assert.Null(contact.Address);
    }

    private async Task<(TestResident Resident, Guid Id)> CompletedRepairAsync()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.CompleteAsync(created.Id)).ShouldChangeTo(BookingStatus.Completed);
        return (resident, created.Id);
    }
}
