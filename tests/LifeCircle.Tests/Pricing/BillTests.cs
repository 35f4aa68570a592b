using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using static LifeCircle.Tests.Pricing.PricingApi;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Completing a job with a bill that breaks the posted card: each way is rejected with the
/// line named, and the booking stays in progress with no charges.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class BillTests(AppFixture app)
{
    [Fact]
    public async Task Bill_at_other_than_posted_price_returns_409()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();

        var byCode = await craftsman.BillAsync(id, Card("RP-TAP", 1m, 45m));
        var byName = await craftsman.BillAsync(id, new ChargeInput("更换水龙头", 1m, "个", 38m));

        byCode.ShouldBeProblem(409, "Charge_PriceDiffers").ShouldMention("第 1 项", "更换水龙头", "45.00", "40.00");
        byName.ShouldBeProblem(409, "Charge_PriceDiffers").ShouldMention("第 1 项", "更换水龙头", "38.00", "40.00");
        await AssertStillStartedAsync(resident, id);
    }

    [Fact]
    public async Task Bill_problem_in_english_names_line()
    {
        var (_, craftsman, id) = await StartedTapRepairAsync();

        var response = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Free("生料带", 1m, "卷", 0.5m));
        var english = await craftsman.PostAsync($"/api/bookings/{id}/complete",
            new CompleteBooking([Card("RP-TAP", 1m, 45m)], null), ("Accept-Language", "en"));

        response.ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 2 项“生料带”不在价目表上");
        english.ShouldBeProblem(409, "Charge_PriceDiffers")
            .ShouldMention("Line 1, \"更换水龙头\": the unit price 45.00 yuan differs from the posted 40.00 yuan.");
    }

    [Fact]
    public async Task Bill_item_not_on_quoted_version_returns_409()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));
        var zip = new PriceItemInput("RP-ZIP", ServiceType.Repair, "换拉链", "人工费", "条", PriceUnit.PerPiece, 15m);
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.With(zip));

        var unknown = await craftsman.Client.BillAsync(id, Card("RP-GAS", 1m));
        var onLaterVersion = await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m), Card("RP-ZIP", 1m));

        unknown.ShouldBeProblem(409, "Charge_NotOnCard").ShouldMention("第 1 项", "RP-GAS", "第 1 版");
        onLaterVersion.ShouldBeProblem(409, "Charge_NotOnCard").ShouldMention("第 2 项", "RP-ZIP", "第 1 版");
        await AssertStillStartedAsync(resident.Client, id);
    }

    [Theory]
    [InlineData("RP-TAP", 1.5, "更换水龙头", "按件（整数）")]
    [InlineData("RP-VISIT", 2, "上门检测费", "按次（数量为 1）")]
    [InlineData("RP-SHOE", 0.5, "修鞋换跟", "按件（整数）")]
    public async Task Bill_quantity_not_fitting_unit_returns_400(string code, decimal quantity, string name, string unit)
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();

        var response = await craftsman.BillAsync(id, Card(code, quantity));

        response.ShouldBeProblem(400, "Charge_QuantityUnit").ShouldMention("第 1 项", name, unit);
        await AssertStillStartedAsync(resident, id);
    }

    [Fact]
    public async Task Free_line_without_approval_returns_409()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();

        var response = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Free("生料带", 1m, "卷", 0.5m));

        response.ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 2 项", "生料带");
        await AssertStillStartedAsync(resident, id);
    }

    [Fact]
    public async Task Free_line_beyond_approved_quantity_returns_409()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var proposal = await craftsman.ProposedAsync(id, ProposalKind.Extra, Free("生料带", 2m, "卷", 0.5m));
        (await resident.ApproveAsync(id, proposal)).ShouldChangeTo(BookingStatus.Started);

        var moreThanApproved = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Free("生料带", 3m, "卷", 0.5m));
        var otherPrice = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Free("生料带", 2m, "卷", 0.6m));

        moreThanApproved.ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 2 项", "生料带");
        otherPrice.ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 2 项", "生料带");
        await AssertStillStartedAsync(resident, id);
    }

    [Fact]
    public async Task Approved_free_line_is_billed_only_once()
    {
        var resident = await app.NewResidentAsync();
        var housekeeping = await app.SignInAsProviderAsync(DemoData.HousekeepingPhone);
        var id = await resident.Client.StartedJobAsync(housekeeping,
            app.Requests.Housekeeping(providerId: DemoData.HousekeepingCompany) with { Items = [new("HK-ROUTINE", 2m)] });
        var proposal = await housekeeping.ProposedAsync(id, ProposalKind.Extra, Free("除垢剂", 1m, "瓶", 20m));
        (await resident.Client.ApproveAsync(id, proposal)).ShouldChangeTo(BookingStatus.Started);

        var twice = await housekeeping.BillAsync(id, Card("HK-ROUTINE", 2m), Free("除垢剂", 1m, "瓶", 20m), Free("除垢剂", 1m, "瓶", 20m));
        var otherUnit = await housekeeping.BillAsync(id, Card("HK-ROUTINE", 2m), Free("除垢剂", 1m, "桶", 20m));
        var once = await housekeeping.BillAsync(id, Card("HK-ROUTINE", 2m), Free("除垢剂", 1m, "瓶", 20m));

        twice.ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 3 项", "除垢剂");
        otherUnit.ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 2 项", "除垢剂");
        once.ShouldChangeTo(BookingStatus.Completed);
        Assert.Equal(Money.Of(110m), (await resident.Client.GetBookingAsync(id)).Booking.Total);
    }

    [Fact]
    public async Task Bill_above_quote_returns_409()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();

        var twoTaps = await craftsman.BillAsync(id, Card("RP-TAP", 2m));
        var withPart = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m));

        twoTaps.ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("80.00", "40.00");
        withPart.ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("75.00", "40.00");
        await AssertStillStartedAsync(resident, id);
    }

    [Fact]
    public async Task Approved_visit_fee_with_repair_returns_409()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var proposal = await craftsman.ProposedAsync(id, ProposalKind.Extra, Card("RP-VISIT", 1m));
        (await resident.ApproveAsync(id, proposal)).ShouldChangeTo(BookingStatus.Started);

        var response = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Card("RP-VISIT", 1m));

        response.ShouldBeProblem(409, "Charge_VisitFeeWithService").ShouldMention("上门检测费");
        await AssertStillStartedAsync(resident, id);
    }

    [Fact]
    public async Task Visit_fee_alone_is_billed()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();

        (await craftsman.BillAsync(id, Card("RP-VISIT", 1m))).ShouldChangeTo(BookingStatus.Completed);

        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal([new ChargeLine("上门检测费", 1m, "次", Money.Of(30m), Money.Of(30m), "RP-VISIT", 1, FeeKind.InspectionVisitFee)],
            view.Charges);
        Assert.Equal(Money.Of(30m), view.Total);
    }

    [Fact]
    public async Task Bill_within_quote_records_card_lines()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var id = await resident.Client.StartedJobAsync(craftsman,
            app.RepairWith(DemoData.RepairCraftsman, new ItemChoice("RP-TAP", 1m), new ItemChoice("RP-TAP-PART", 1m)));

        var response = await craftsman.BillAsync(id, Card("RP-TAP", 1m, 40m), new ChargeInput("水龙头（配件）", 1m, "个", 35m));

        response.ShouldChangeTo(BookingStatus.Completed);
        var view = (await resident.Client.GetBookingAsync(id)).Booking;
        Assert.Equal(
        [
            new ChargeLine("更换水龙头", 1m, "个", Money.Of(40m), Money.Of(40m), "RP-TAP", 1),
            new ChargeLine("水龙头（配件）", 1m, "个", Money.Of(35m), Money.Of(35m), "RP-TAP-PART", 1, FeeKind.PartsAtRetail)
        ], view.Charges);
        Assert.Equal(Money.Of(75m), view.Total);
        (await craftsman.SettleAsync(id, PaymentMethod.Cash, 75m)).ShouldChangeTo(BookingStatus.Settled);
    }

    [Fact]
    public async Task Hourly_bill_may_use_the_extra_hour()
    {
        var resident = await app.NewResidentAsync();
        var housekeeping = await app.SignInAsProviderAsync(DemoData.HousekeepingPhone);
        var id = await resident.Client.StartedJobAsync(housekeeping,
            app.Requests.Housekeeping(providerId: DemoData.HousekeepingCompany) with { Items = [new("HK-ROUTINE", 2m)] });

        var threeAndHalf = await housekeeping.BillAsync(id, Card("HK-ROUTINE", 3.5m));
        var three = await housekeeping.BillAsync(id, Card("HK-ROUTINE", 3m));

        threeAndHalf.ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("157.50", "135.00");
        three.ShouldChangeTo(BookingStatus.Completed);
        Assert.Equal(Money.Of(135m), (await resident.Client.GetBookingAsync(id)).Booking.Total);
    }

    private async Task<(ApiClient Resident, ApiClient Craftsman, Guid Id)> StartedTapRepairAsync()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var id = await resident.Client.StartedJobAsync(craftsman, app.RepairWith(DemoData.RepairCraftsman, new ItemChoice("RP-TAP", 1m)));
        return (resident.Client, craftsman, id);
    }

    private static async Task AssertStillStartedAsync(ApiClient resident, Guid id)
    {
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(BookingStatus.Started, view.Status);
        Assert.Empty(view.Charges);
        Assert.Null(view.Total);
    }
}
