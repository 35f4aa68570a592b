using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class DeclineBookingTests(AppFixture app)
{
    [Fact]
    public async Task Decline_open_job_keeps_it_open_for_others()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await craftsman.DeclineAsync(created.Id, "今天人手不够");

        response.ShouldChangeTo(BookingStatus.Requested);
        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal([DemoData.RepairCraftsman], view.DeclinedBy);
        var step = view.History[^1];
        Assert.Equal(("Declined", BookingStatus.Requested, ActorRole.Provider, "今天人手不够"),
            (step.Action, step.Status, step.ActorRole, step.Note));
        (await appliances.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
    }

    [Fact]
    public async Task Decline_job_addressed_to_provider_ends_it_declined()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));

        var response = await craftsman.DeclineAsync(created.Id);

        response.ShouldChangeTo(BookingStatus.Declined);
        Assert.Equal(BookingStatus.Declined, (await resident.GetBookingAsync(created.Id)).Booking.Status);
    }

    [Fact]
    public async Task Decline_twice_returns_unchanged()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.DeclineAsync(created.Id)).ShouldChangeTo(BookingStatus.Requested);

        var again = await craftsman.DeclineAsync(created.Id);

        again.ShouldChangeTo(BookingStatus.Requested, changed: false);
        Assert.Single((await resident.GetBookingAsync(created.Id)).Booking.DeclinedBy);
    }

    [Fact]
    public async Task Decline_without_reason_returns_200()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await craftsman.DeclineAsync(created.Id, reason: null);

        response.ShouldChangeTo(BookingStatus.Requested);
    }

    [Fact]
    public async Task Decline_with_reason_over_200_characters_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await craftsman.DeclineAsync(created.Id, new string('忙', 201));

        response.ShouldBeInvalidField("reason");
    }

    [Fact]
    public async Task Decline_job_of_another_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await appliances.DeclineAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }
}
