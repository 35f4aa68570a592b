using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class CompleteDecisionTests
{
    private static readonly PriceCardVersion Card = new(1, Now.AddDays(-30),
    [
        new PriceItem("RP-TAP", ServiceType.Repair, "更换水龙头", "人工费", "个", Money.Of(40m), PriceUnit.PerPiece),
        new PriceItem("HK-HOUR", ServiceType.Repair, "小时工", "按小时计", "小时", Money.Of(45m), PriceUnit.PerHour),
        new PriceItem("RP-VISIT", ServiceType.Repair, "上门检测费", "仅检测时收取", "次", Money.Of(30m), PriceUnit.PerJob,
            FeeKind.InspectionVisitFee)
    ], Now.AddDays(-31), Now.AddDays(-30));

    [Fact]
    public void Complete_prices_card_items_from_the_card()
    {
        var booking = Started(budget: 200m);
        var command = new CompleteBooking([new ChargeInput(null, 1.5m, ItemCode: "HK-HOUR"), new ChargeInput("更换水龙头", 2m)], "已修好");

        var completed = CompleteBookingEndpoint.Decide(command, booking, Card, ProviderCaller()).ShouldAppend<BookingCompleted>();

        Assert.Equal(
        [
            new ChargeLine("小时工", 1.5m, "小时", Money.Of(45m), Money.Of(67.5m), "HK-HOUR", 1, FeeKind.Service),
            new ChargeLine("更换水龙头", 2m, "个", Money.Of(40m), Money.Of(80m), "RP-TAP", 1, FeeKind.Service)
        ], completed.Charges);
        Assert.Equal(Money.Of(147.5m), completed.Total);
        Assert.Equal("已修好", completed.Note);
    }

    [Theory]
    [InlineData(0.35, 3, 1.05)]
    [InlineData(1.99, 0.33, 0.66)]
    [InlineData(0.25, 0.5, 0.13)]
    [InlineData(0.05, 0.1, 0.01)]
    [InlineData(19.99, 7, 139.93)]
    public void Complete_rounds_each_free_line_half_away_from_zero(double unitPrice, double quantity, double amount)
    {
        var line = new ChargeLine("配件", (decimal)quantity, "个", Money.Of((decimal)unitPrice), Money.Of((decimal)amount));
        var booking = Started(budget: 0m, approved: line);
        var command = new CompleteBooking([new ChargeInput(" 配件 ", (decimal)quantity, " 个 ", (decimal)unitPrice)], null);

        var completed = CompleteBookingEndpoint.Decide(command, booking, Card, ProviderCaller()).ShouldAppend<BookingCompleted>();

        Assert.Equal(Money.Of((decimal)amount), Assert.Single(completed.Charges).Amount);
        Assert.Equal(Money.Of((decimal)amount), completed.Total);
        Assert.Equal(("配件", "个"), (completed.Charges[0].Item, completed.Charges[0].Unit));
    }

    [Fact]
    public void Complete_totals_rounded_lines()
    {
        var parts = new ChargeLine("密封圈", 0.33m, "个", Money.Of(1.99m), Money.Of(0.66m));
        var tape = new ChargeLine("生料带", 3m, "卷", Money.Of(0.35m), Money.Of(1.05m));
        var booking = Started(budget: 100m, approved: [parts, tape]);
        var command = new CompleteBooking(
        [
            new ChargeInput(null, 1.5m, ItemCode: "HK-HOUR"),
            new ChargeInput("密封圈", 0.33m, "个", 1.99m),
            new ChargeInput("生料带", 3m, "卷", 0.35m)
        ], null);

        var completed = CompleteBookingEndpoint.Decide(command, booking, Card, ProviderCaller()).ShouldAppend<BookingCompleted>();

        Assert.Equal(Money.Of(69.21m), completed.Total);
    }

    [Fact]
    public void Complete_with_price_other_than_card_returns_409()
    {
        var command = new CompleteBooking([new ChargeInput(null, 1m, UnitPrice: 50m, ItemCode: "RP-TAP")], null);

        CompleteBookingEndpoint.Decide(command, Started(budget: 200m), Card, ProviderCaller()).ShouldBeProblem(409, "Charge_PriceDiffers");
    }

    [Fact]
    public void Complete_with_quantity_the_unit_forbids_returns_400()
    {
        var command = new CompleteBooking([new ChargeInput(null, 1.5m, ItemCode: "RP-TAP")], null);

        CompleteBookingEndpoint.Decide(command, Started(budget: 200m), Card, ProviderCaller()).ShouldBeProblem(400, "Charge_QuantityUnit");
    }

    [Fact]
    public void Complete_with_unapproved_free_line_returns_409()
    {
        var command = new CompleteBooking([new ChargeInput("额外材料", 1m, "份", 10m)], null);

        CompleteBookingEndpoint.Decide(command, Started(budget: 200m), Card, ProviderCaller()).ShouldBeProblem(409, "Charge_NeedsApproval");
    }

    [Fact]
    public void Complete_above_agreed_budget_returns_409()
    {
        var command = new CompleteBooking([new ChargeInput(null, 3m, ItemCode: "RP-TAP")], null);

        CompleteBookingEndpoint.Decide(command, Started(budget: 100m), Card, ProviderCaller()).ShouldBeProblem(409, "Charge_AboveQuote");
    }

    [Fact]
    public void Complete_completed_job_changes_nothing()
    {
        var command = new CompleteBooking([new ChargeInput(null, 1m, ItemCode: "RP-VISIT")], null);

        CompleteBookingEndpoint.Decide(command, Booking(BookingStatus.Completed, ProviderId), Card, ProviderCaller()).ShouldBeNoChange();
    }

    [Theory]
    [InlineData(BookingStatus.Accepted)]
    [InlineData(BookingStatus.Settled)]
    public void Complete_own_job_not_started_returns_invalid_transition(BookingStatus status)
    {
        var command = new CompleteBooking([new ChargeInput(null, 1m, ItemCode: "RP-VISIT")], null);

        CompleteBookingEndpoint.Decide(command, Booking(status, ProviderId), Card, ProviderCaller()).ShouldBeInvalidTransition(status);
    }

    [Fact]
    public void Complete_job_of_another_provider_returns_404()
    {
        var command = new CompleteBooking([new ChargeInput(null, 1m, ItemCode: "RP-VISIT")], null);

        CompleteBookingEndpoint.Decide(command, Booking(BookingStatus.Started, OtherProviderId), Card, ProviderCaller())
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    /// <summary>A started job whose quote allows <paramref name="budget"/> yuan, with approved free lines.</summary>
    private static Booking Started(decimal budget, params ChargeLine[] approved) =>
        Booking(BookingStatus.Started, ProviderId) with
        {
            CardVersion = 1,
            Quote = new Quote(ProviderId, 1, [], Money.Of(budget), Money.Of(budget)),
            Proposals = approved.Length == 0
                ? []
                :
                [
                    new ChargeProposal(Guid.NewGuid(), ProposalKind.Extra, approved,
                        approved.Aggregate(Money.Zero, (sum, line) => sum + line.Amount), "材料", ProposalStatus.Approved)
                ]
        };
}
