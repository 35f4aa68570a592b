using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using Microsoft.AspNetCore.Mvc;
using BillRules = LifeCircle.Bookings.Pricing;

namespace LifeCircle.Tests.Unit.Pricing;

/// <summary>The rules that bind quotes and bills to a posted card, without a host.</summary>
public sealed class PricingRulesTests
{
    private static readonly PriceItem Visit = Item("RP-VISIT", "上门检测费", "次", 30m, PriceUnit.PerJob, FeeKind.InspectionVisitFee);
    private static readonly PriceItem Tap = Item("RP-TAP", "更换水龙头", "个", 40m, PriceUnit.PerPiece);
    private static readonly PriceItem TapPart = Item("RP-TAP-PART", "水龙头（配件）", "个", 35m, PriceUnit.PerPiece, FeeKind.PartsAtRetail);
    private static readonly PriceItem Cleaning = Item("HK-ROUTINE", "日常保洁", "小时", 45m, PriceUnit.PerHour, service: ServiceType.Housekeeping);
    private static readonly PriceItem Care = Item("HK-CARE", "陪护", "小时", 33.33m, PriceUnit.PerHour, service: ServiceType.Housekeeping);
    private static readonly PriceItem Windows = Item("HK-WINDOW", "擦玻璃", "平方米", 6m, PriceUnit.PerSquareMetre, service: ServiceType.Housekeeping);

    private static readonly Guid ProviderId = Guid.Parse("0190f000-0000-7000-8000-000000000999");

    public static TheoryData<PriceUnit, decimal, bool> Quantities() => new()
    {
        { PriceUnit.PerHour, 0.5m, true },
        { PriceUnit.PerHour, 2.5m, true },
        { PriceUnit.PerHour, 3m, true },
        { PriceUnit.PerHour, 2.3m, false },
        { PriceUnit.PerHour, 0.25m, false },
        { PriceUnit.PerJob, 1m, true },
        { PriceUnit.PerJob, 1.0m, true },
        { PriceUnit.PerJob, 2m, false },
        { PriceUnit.PerJob, 0.5m, false },
        { PriceUnit.PerPiece, 3m, true },
        { PriceUnit.PerPiece, 1.5m, false },
        { PriceUnit.PerPortion, 2m, true },
        { PriceUnit.PerPortion, 2.01m, false },
        { PriceUnit.PerSquareMetre, 12.5m, true },
        { PriceUnit.PerSquareMetre, 0.1m, true },
        { PriceUnit.PerSquareMetre, 12.25m, false },
        { PriceUnit.PerKmBeyond, 1.2m, true },
        { PriceUnit.PerKmBeyond, 1.05m, false },
        { PriceUnit.PerHour, 0m, false },
        { PriceUnit.PerPiece, 0m, false },
        { PriceUnit.PerSquareMetre, -1m, false }
    };

    [Theory]
    [MemberData(nameof(Quantities))]
    public void QuantityFits_follows_unit(PriceUnit unit, decimal quantity, bool fits)
    {
        Assert.Equal(fits, BillRules.QuantityFits(unit, quantity));
    }

    [Fact]
    public void QuoteOf_prices_items_from_card_in_effect()
    {
        var provider = ProviderWith(3, Tap, TapPart, Visit);

        var (quote, problem) = BillRules.QuoteOf(provider, ServiceType.Repair, [new("RP-TAP", 2m), new("RP-TAP-PART", 1m)]);

        Assert.Null(problem);
        Assert.NotNull(quote);
        Assert.Equal((ProviderId, 3), (quote.ProviderId, quote.CardVersion));
        Assert.Equal(
        [
            new QuoteLine("RP-TAP", "更换水龙头", "个", PriceUnit.PerPiece, FeeKind.Service, Money.Of(40m), 2m, Money.Of(80m)),
            new QuoteLine("RP-TAP-PART", "水龙头（配件）", "个", PriceUnit.PerPiece, FeeKind.PartsAtRetail, Money.Of(35m), 1m, Money.Of(35m))
        ], quote.Lines);
        Assert.Equal(Money.Of(115m), quote.Total);
        Assert.Equal(Money.Of(115m), quote.TotalHigh);
    }

    [Fact]
    public void QuoteOf_adds_one_hour_per_hourly_line_to_high()
    {
        var provider = ProviderWith(1, Cleaning, Care, Windows);

        var (quote, _) = BillRules.QuoteOf(provider, ServiceType.Housekeeping,
            [new("HK-ROUTINE", 2m), new("HK-CARE", 1.5m), new("HK-WINDOW", 10.5m)]);

        // 45 × 2 = 90; 33.33 × 1.5 = 49.995, rounded half away from zero to 50.00; 6 × 10.5 = 63.
        Assert.Equal([Money.Of(90m), Money.Of(50m), Money.Of(63m)], quote!.Lines.Select(l => l.Amount));
        Assert.Equal(Money.Of(203m), quote.Total);
        Assert.Equal(Money.Of(203m + 45m + 33.33m), quote.TotalHigh);
    }

    [Fact]
    public void QuoteOf_unknown_item_names_line_and_code()
    {
        var provider = ProviderWith(1, Tap);

        var (quote, problem) = BillRules.QuoteOf(provider, ServiceType.Repair, [new("RP-TAP", 1m), new("RP-GAS", 1m)]);

        Assert.Null(quote);
        AssertProblem(problem, 409, "Quote_ItemNotOnCard", "RP-GAS", "测试修理铺");
    }

    [Fact]
    public void QuoteOf_item_of_other_service_is_not_on_card()
    {
        var provider = ProviderWith(1, Tap, Cleaning);

        var (_, problem) = BillRules.QuoteOf(provider, ServiceType.Repair, [new("HK-ROUTINE", 2m)]);

        AssertProblem(problem, 409, "Quote_ItemNotOnCard", "HK-ROUTINE");
    }

    [Fact]
    public void QuoteOf_uses_card_in_effect_not_later_versions()
    {
        var provider = ProviderWith(1, Tap);
        provider.CardVersions.Add(new PriceCardVersion(2, DateTimeOffset.UnixEpoch.AddDays(1), [Tap with { Price = Money.Of(50m) }],
            DateTimeOffset.UnixEpoch, null));

        var (quote, _) = BillRules.QuoteOf(provider, ServiceType.Repair, [new("RP-TAP", 1m)]);

        Assert.Equal((1, Money.Of(40m)), (quote!.CardVersion, quote.Total));
    }

    [Fact]
    public void QuoteOf_quantity_not_fitting_unit_returns_400()
    {
        var provider = ProviderWith(1, Cleaning);

        var (_, problem) = BillRules.QuoteOf(provider, ServiceType.Housekeeping, [new("HK-ROUTINE", 2.3m)]);

        AssertProblem(problem, 400, "Charge_QuantityUnit", "日常保洁");
    }

    [Fact]
    public void QuoteOf_visit_fee_stands_alone()
    {
        var provider = ProviderWith(1, Tap, Visit);

        var (withRepair, problem) = BillRules.QuoteOf(provider, ServiceType.Repair, [new("RP-VISIT", 1m), new("RP-TAP", 1m)]);
        var (alone, none) = BillRules.QuoteOf(provider, ServiceType.Repair, [new("RP-VISIT", 1m)]);

        Assert.Null(withRepair);
        AssertProblem(problem, 409, "Charge_VisitFeeWithService");
        Assert.Null(none);
        Assert.Equal(Money.Of(30m), alone!.Total);
    }

    [Fact]
    public void Resolve_prices_card_lines_and_keeps_free_lines()
    {
        var card = Card(2, Tap, TapPart, Visit);

        var (lines, problem) = BillRules.Resolve(
        [
            new ChargeInput(null, 1m, ItemCode: "RP-TAP"),
            new ChargeInput(" 水龙头（配件） ", 1m, "件", 35m),
            new ChargeInput(" 生料带 ", 2m, " 卷 ", 1.5m)
        ], card);

        Assert.Null(problem);
        Assert.NotNull(lines);
        Assert.Equal(
        [
            new ChargeLine("更换水龙头", 1m, "个", Money.Of(40m), Money.Of(40m), "RP-TAP", 2),
            new ChargeLine("水龙头（配件）", 1m, "个", Money.Of(35m), Money.Of(35m), "RP-TAP-PART", 2, FeeKind.PartsAtRetail),
            new ChargeLine("生料带", 2m, "卷", Money.Of(1.5m), Money.Of(3m))
        ], lines);
    }

    [Fact]
    public void Resolve_code_not_on_version_names_line_and_version()
    {
        var (lines, problem) = BillRules.Resolve([new ChargeInput(null, 1m, ItemCode: "RP-TAP"), new ChargeInput(null, 1m, ItemCode: "RP-ZIP")],
            Card(4, Tap));

        Assert.Null(lines);
        AssertProblem(problem, 409, "Charge_NotOnCard", "RP-ZIP", "4");
    }

    [Fact]
    public void Resolve_code_without_card_is_not_on_card()
    {
        var (_, problem) = BillRules.Resolve([new ChargeInput(null, 1m, ItemCode: "RP-TAP")], null);

        AssertProblem(problem, 409, "Charge_NotOnCard", "RP-TAP");
    }

    [Fact]
    public void Resolve_price_other_than_posted_returns_409()
    {
        var (_, problem) = BillRules.Resolve([new ChargeInput(null, 1m, UnitPrice: 39.99m, ItemCode: "RP-TAP")], Card(1, Tap));

        AssertProblem(problem, 409, "Charge_PriceDiffers", "更换水龙头", "39.99", "40.00");
    }

    [Fact]
    public void Resolve_quantity_not_fitting_unit_returns_400()
    {
        var (_, problem) = BillRules.Resolve([new ChargeInput("上门检测费", 2m, "次", 30m)], Card(1, Visit));

        AssertProblem(problem, 400, "Charge_QuantityUnit", "上门检测费");
    }

    [Fact]
    public void CheckBill_allows_total_up_to_high_estimate()
    {
        var quote = QuoteOf(ProviderWith(1, Cleaning), ServiceType.Housekeeping, new ItemChoice("HK-ROUTINE", 2m));

        Assert.Null(BillRules.CheckBill([Line(Cleaning, 3m)], quote, []));
        AssertProblem(BillRules.CheckBill([Line(Cleaning, 3.5m)], quote, []), 409, "Charge_AboveQuote", "157.50", "135.00");
    }

    [Fact]
    public void CheckBill_without_quote_or_approval_allows_nothing()
    {
        AssertProblem(BillRules.CheckBill([Line(Visit, 1m)], null, []), 409, "Charge_AboveQuote", "30.00", "0.00");
    }

    [Fact]
    public void CheckBill_budget_adds_approved_proposals()
    {
        var quote = QuoteOf(ProviderWith(1, Tap, TapPart), ServiceType.Repair, new ItemChoice("RP-TAP", 1m));
        var approved = Proposal(ProposalKind.Extra, Line(TapPart, 1m));

        Assert.Null(BillRules.CheckBill([Line(Tap, 1m), Line(TapPart, 1m)], quote, [approved]));
        AssertProblem(BillRules.CheckBill([Line(Tap, 1m), Line(TapPart, 2m)], quote, [approved]), 409, "Charge_AboveQuote", "110.00", "75.00");
    }

    [Fact]
    public void CheckBill_approved_quote_prices_booking_without_quote()
    {
        var approved = Proposal(ProposalKind.Quote, Line(Tap, 1m), Line(TapPart, 1m));

        Assert.Null(BillRules.CheckBill([Line(Tap, 1m), Line(TapPart, 1m)], null, [approved]));
        Assert.Null(BillRules.CheckBill([Line(Tap, 1m)], null, [approved]));
    }

    [Fact]
    public void CheckBill_free_line_needs_matching_approval()
    {
        var quote = QuoteOf(ProviderWith(1, Tap), ServiceType.Repair, new ItemChoice("RP-TAP", 1m));
        var tape = new ChargeLine("生料带", 2m, "卷", Money.Of(1.5m), Money.Of(3m));
        var approved = Proposal(ProposalKind.Extra, tape);

        Assert.Null(BillRules.CheckBill([Line(Tap, 1m), tape], quote, [approved]));
        Assert.Null(BillRules.CheckBill([Line(Tap, 1m), tape with { Quantity = 1m, Amount = Money.Of(1.5m) }], quote, [approved]));
        AssertProblem(BillRules.CheckBill([Line(Tap, 1m), tape], quote, []), 409, "Charge_NeedsApproval", "生料带");
        AssertProblem(BillRules.CheckBill([Line(Tap, 1m), tape with { Quantity = 3m, Amount = Money.Of(4.5m) }], quote, [approved]),
            409, "Charge_NeedsApproval", "生料带");
        AssertProblem(BillRules.CheckBill([Line(Tap, 1m), tape with { UnitPrice = Money.Of(1.6m), Amount = Money.Of(3.2m) }], quote, [approved]),
            409, "Charge_NeedsApproval", "生料带");
        AssertProblem(BillRules.CheckBill([Line(Tap, 1m), tape with { Item = "密封圈" }], quote, [approved]), 409, "Charge_NeedsApproval", "密封圈");
    }

    [Fact]
    public void CheckBill_counts_approved_free_quantity_across_lines()
    {
        var quote = QuoteOf(ProviderWith(1, Cleaning), ServiceType.Housekeeping, new ItemChoice("HK-ROUTINE", 2m));
        var bottle = new ChargeLine("除垢剂", 1m, "瓶", Money.Of(20m), Money.Of(20m));
        var oneBottle = Proposal(ProposalKind.Extra, bottle);
        var anotherBottle = Proposal(ProposalKind.Extra, bottle);

        Assert.Null(BillRules.CheckBill([Line(Cleaning, 2m), bottle], quote, [oneBottle]));
        AssertProblem(BillRules.CheckBill([Line(Cleaning, 2m), bottle, bottle], quote, [oneBottle]), 409, "Charge_NeedsApproval", "除垢剂");
        Assert.Null(BillRules.CheckBill([Line(Cleaning, 2m), bottle, bottle], quote, [oneBottle, anotherBottle]));
        AssertProblem(BillRules.CheckBill([Line(Cleaning, 2m), bottle with { Unit = "桶" }], quote, [oneBottle]), 409, "Charge_NeedsApproval", "除垢剂");
    }

    [Fact]
    public void CheckBill_visit_fee_stands_alone()
    {
        var quote = QuoteOf(ProviderWith(1, Tap, Visit), ServiceType.Repair, new ItemChoice("RP-TAP", 1m));
        var approvedVisit = Proposal(ProposalKind.Extra, Line(Visit, 1m));

        Assert.Null(BillRules.CheckBill([Line(Visit, 1m)], quote, []));
        AssertProblem(BillRules.CheckBill([Line(Tap, 1m), Line(Visit, 1m)], quote, [approvedVisit]), 409, "Charge_VisitFeeWithService");
    }

    private static PriceItem Item(string code, string name, string unit, decimal price, PriceUnit unitKind, FeeKind fee = FeeKind.Service,
        ServiceType service = ServiceType.Repair) =>
        new(code, service, name, "服务内容", unit, Money.Of(price), unitKind, fee);

    private static Provider ProviderWith(int version, params PriceItem[] items) => new()
    {
        Id = ProviderId,
        Name = "测试修理铺",
        Services = [ServiceType.Repair, ServiceType.Housekeeping],
        Verified = true,
        PriceCard = [.. items],
        CardVersion = version,
        CardVersions = [Card(version, items)]
    };

    private static PriceCardVersion Card(int version, params PriceItem[] items) =>
        new(version, DateTimeOffset.UnixEpoch, items, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static Quote QuoteOf(Provider provider, ServiceType service, params ItemChoice[] choices) =>
        BillRules.QuoteOf(provider, service, choices).Quote!;

    private static ChargeLine Line(PriceItem item, decimal quantity) =>
        new(item.Name, quantity, item.Unit, item.Price, item.Price.Times(quantity), item.Code, 1, item.Fee);

    private static ChargeProposal Proposal(ProposalKind kind, params ChargeLine[] lines) =>
        new(Guid.NewGuid(), kind, lines, BillRules.Sum(lines.Select(l => l.Amount)), "原因", ProposalStatus.Approved);

    private static void AssertProblem(ProblemDetails? problem, int status, string code, params string[] mentioned)
    {
        Assert.NotNull(problem);
        Assert.Equal(status, problem.Status);
        Assert.Equal(code, problem.Extensions["code"]);
        foreach (var part in mentioned)
        {
            Assert.Contains(part, problem.Detail);
        }
    }
}
