using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class CancelBookingTests(AppFixture app)
{
    [Fact]
    public async Task Cancel_requested_booking_by_resident_records_reason()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await resident.CancelAsync(created.Id, "  孩子回来帮我修好了  ");

        response.ShouldChangeTo(BookingStatus.Cancelled);
        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal("孩子回来帮我修好了", view.CancelReason);
        Assert.Equal(("Cancelled", ActorRole.Resident, "孩子回来帮我修好了"),
            (view.History[^1].Action, view.History[^1].ActorRole, view.History[^1].Note));
    }

    [Fact]
    public async Task Cancel_accepted_booking_by_operator_returns_cancelled()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await operatorClient.CancelAsync(created.Id, "居民来电取消");

        response.ShouldChangeTo(BookingStatus.Cancelled);
        var step = (await resident.GetBookingAsync(created.Id)).Booking.History[^1];
        Assert.Equal((ActorRole.Operator, Channel.Phone), (step.ActorRole, step.Channel));
    }

    [Fact]
    public async Task Cancel_accepted_booking_by_its_provider_returns_cancelled()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await craftsman.CancelAsync(created.Id, "师傅生病");

        response.ShouldChangeTo(BookingStatus.Cancelled);
    }

    [Fact]
    public async Task Cancel_open_job_by_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await craftsman.CancelAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Cancel_booking_of_another_resident_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var other = await app.SignInAsResidentAsync(DemoData.LiGuifangPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await other.CancelAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
        Assert.Equal(BookingStatus.Requested, (await resident.GetBookingAsync(created.Id)).Booking.Status);
    }

    [Fact]
    public async Task Cancel_twice_returns_unchanged()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await resident.CancelAsync(created.Id)).ShouldChangeTo(BookingStatus.Cancelled);

        var again = await resident.CancelAsync(created.Id, "再次取消");

        again.ShouldChangeTo(BookingStatus.Cancelled, changed: false);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("不要了\u0008")]
    public async Task Cancel_with_invalid_reason_returns_400(string reason)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await resident.CancelAsync(created.Id, reason);

        response.ShouldBeInvalidField("reason");
    }

    [Fact]
    public async Task Cancel_with_reason_over_200_characters_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await resident.CancelAsync(created.Id, new string('不', 201));

        response.ShouldBeInvalidField("reason");
    }
}
