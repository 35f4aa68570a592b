using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class SettleBookingTests(AppFixture app)
{
    [Theory]
    [InlineData(PaymentMethod.Cash)]
    [InlineData(PaymentMethod.BankCard)]
    [InlineData(PaymentMethod.Online)]
    public async Task Settle_by_provider_records_payment(PaymentMethod method)
    {
        var (resident, craftsman, id) = await CompletedRepairAsync(45.5m);

        var response = await craftsman.SettleAsync(id, method, 45.5m);

        response.ShouldChangeTo(BookingStatus.Settled);
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(method, view.Payment);
        Assert.Equal(Money.Of(45.5m), view.AmountPaid);
    }

    [Fact]
    public async Task Settle_online_by_resident_returns_settled()
    {
        var (resident, _, id) = await CompletedRepairAsync(30m);

        var response = await resident.SettleAsync(id, PaymentMethod.Online, 30m);

        response.ShouldChangeTo(BookingStatus.Settled);
        Assert.Equal(ActorRole.Resident, (await resident.GetBookingAsync(id)).Booking.History[^1].ActorRole);
    }

    [Theory]
    [InlineData(PaymentMethod.Cash)]
    [InlineData(PaymentMethod.BankCard)]
    public async Task Settle_cash_or_card_by_resident_returns_409(PaymentMethod method)
    {
        var (resident, _, id) = await CompletedRepairAsync(30m);

        var response = await resident.SettleAsync(id, method, 30m);

        response.ShouldBeProblem(409, "Settle_ResidentPaysOnlineOnly");
    }

    [Fact]
    public async Task Settle_by_operator_returns_settled()
    {
        var (_, _, id) = await CompletedRepairAsync(30m);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.SettleAsync(id, PaymentMethod.Cash, 30m);

        response.ShouldChangeTo(BookingStatus.Settled);
    }

    [Theory]
    [InlineData(29.99)]
    [InlineData(30.01)]
    [InlineData(0)]
    public async Task Settle_with_amount_other_than_bill_returns_409(decimal amount)
    {
        var (_, craftsman, id) = await CompletedRepairAsync(30m);

        var response = await craftsman.SettleAsync(id, PaymentMethod.Cash, amount);

        response.ShouldBeProblem(409, "Settle_AmountDiffers");
    }

    [Fact]
    public async Task Settle_twice_returns_unchanged()
    {
        var (_, craftsman, id) = await CompletedRepairAsync(30m);
        (await craftsman.SettleAsync(id, PaymentMethod.Cash, 30m)).ShouldChangeTo(BookingStatus.Settled);

        var again = await craftsman.SettleAsync(id, PaymentMethod.Cash, 30m);

        again.ShouldChangeTo(BookingStatus.Settled, changed: false);
    }

    [Theory]
    [InlineData("-30")]
    [InlineData("30.001")]
    [InlineData("100000000.01")]
    public async Task Settle_with_invalid_amount_returns_400(string amount)
    {
        var (_, craftsman, id) = await CompletedRepairAsync(30m);

        var response = await craftsman.PostAsync($"/api/bookings/{id}/settle", $"{{\"method\": \"Cash\", \"amount\": {amount}}}");

        response.ShouldBeInvalidField("amount");
    }

    [Fact]
    public async Task Settle_without_method_returns_400()
    {
        var (_, craftsman, id) = await CompletedRepairAsync(30m);

        var response = await craftsman.PostAsync($"/api/bookings/{id}/settle", new SettleBooking(null, 30m));

        response.ShouldBeInvalidField("method");
    }

    [Fact]
    public async Task Settle_with_unknown_method_returns_400()
    {
        var (_, craftsman, id) = await CompletedRepairAsync(30m);

        var response = await craftsman.PostAsync($"/api/bookings/{id}/settle", "{\"method\": \"Bitcoin\", \"amount\": 30}");

        response.ShouldHaveStatus(400);
    }

    [Fact]
    public async Task Settle_booking_of_another_resident_returns_404()
    {
        var (_, _, id) = await CompletedRepairAsync(30m);
        var other = await app.SignInAsResidentAsync(DemoData.LiGuifangPhone);

        var response = await other.SettleAsync(id, PaymentMethod.Online, 30m);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    private async Task<(ApiClient Resident, ApiClient Provider, Guid Id)> CompletedRepairAsync(decimal bill)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.CompleteAsync(created.Id, new ChargeInput("维修费", 1m, "项", bill))).ShouldChangeTo(BookingStatus.Completed);
        return (resident, craftsman, created.Id);
    }
}
