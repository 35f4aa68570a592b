using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class SettleDecisionTests
{
    private static readonly Booking Completed = Booking(BookingStatus.Completed, ProviderId) with { Total = Money.Of(75.5m) };

    [Theory]
    [InlineData(PaymentMethod.Cash)]
    [InlineData(PaymentMethod.BankCard)]
    [InlineData(PaymentMethod.Online)]
    public void Settle_by_provider_appends_settled(PaymentMethod method)
    {
        var settled = SettleBookingEndpoint.Decide(new SettleBooking(method, 75.5m), Completed, ProviderCaller())
            .ShouldAppend<BookingSettled>();

        Assert.Equal((method, Money.Of(75.5m)), (settled.Method, settled.Amount));
    }

    [Fact]
    public void Settle_online_by_resident_appends_settled()
    {
        SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Online, 75.5m), Completed, ResidentCaller())
            .ShouldAppend<BookingSettled>();
    }

    [Theory]
    [InlineData(PaymentMethod.Cash)]
    [InlineData(PaymentMethod.BankCard)]
    public void Settle_cash_or_card_by_resident_returns_409(PaymentMethod method)
    {
        SettleBookingEndpoint.Decide(new SettleBooking(method, 75.5m), Completed, ResidentCaller())
            .ShouldBeProblem(409, "Settle_ResidentPaysOnlineOnly");
    }

    [Fact]
    public void Settle_by_operator_records_operator()
    {
        var settled = SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Cash, 75.5m), Completed, OperatorCaller())
            .ShouldAppend<BookingSettled>();

        Assert.Equal(ActorRole.Operator, settled.By.Role);
    }

    [Theory]
    [InlineData(75.49)]
    [InlineData(75.51)]
    [InlineData(0)]
    public void Settle_with_amount_other_than_bill_returns_409(decimal amount)
    {
        SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Cash, amount), Completed, ProviderCaller())
            .ShouldBeProblem(409, "Settle_AmountDiffers");
    }

    [Fact]
    public void Settle_settled_job_changes_nothing()
    {
        SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Cash, 75.5m), Completed with { Status = BookingStatus.Settled },
            ProviderCaller()).ShouldBeNoChange();
    }

    [Theory]
    [InlineData(BookingStatus.Requested)]
    [InlineData(BookingStatus.Accepted)]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Cancelled)]
    public void Settle_before_completion_returns_invalid_transition(BookingStatus status)
    {
        SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Cash, 75.5m), Completed with { Status = status }, OperatorCaller())
            .ShouldBeInvalidTransition(status);
    }

    [Fact]
    public void Settle_by_other_resident_returns_404()
    {
        SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Online, 75.5m), Completed, ResidentCaller(OtherResidentId))
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Settle_by_other_provider_returns_404()
    {
        SettleBookingEndpoint.Decide(new SettleBooking(PaymentMethod.Cash, 75.5m), Completed, ProviderCaller(OtherProviderId))
            .ShouldBeProblem(404, "Booking_NotFound");
    }
}
