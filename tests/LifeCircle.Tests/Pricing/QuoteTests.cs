using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Quotes. The preview shown to a resident is the quote the booking records, and hourly work is
/// quoted as a range. Items that break the card are rejected with the line named.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class QuoteTests(AppFixture app)
{
    [Fact]
    public async Task Preview_equals_quote_recorded_by_booking()
    {
        var resident = await app.NewResidentAsync();
        ItemChoice[] items = [new("HK-ROUTINE", 2.5m), new("HK-WINDOW", 12.5m)];

        var preview = (await resident.Client.QuoteAsync(ServiceType.Housekeeping, DemoData.HousekeepingCompany, items))
            .ShouldHaveStatus(200).As<Quote>();
        var created = await resident.Client.CreateBookingAsync(
            app.Requests.Housekeeping(providerId: DemoData.HousekeepingCompany) with { Items = items });
        var view = (await resident.Client.GetBookingAsync(created.Id)).Booking;

        var expected = new Quote(DemoData.HousekeepingCompany, 1,
        [
            new QuoteLine("HK-ROUTINE", "日常保洁", "小时", PriceUnit.PerHour, FeeKind.Service, Money.Of(45m), 2.5m, Money.Of(112.5m)),
            new QuoteLine("HK-WINDOW", "擦玻璃", "平方米", PriceUnit.PerSquareMetre, FeeKind.Service, Money.Of(6m), 12.5m, Money.Of(75m))
        ], Money.Of(187.5m), Money.Of(232.5m));
        preview.ShouldEqualQuote(expected);
        created.Quote.ShouldEqualQuote(expected);
        view.Quote.ShouldEqualQuote(expected);
        Assert.Equal(1, view.CardVersion);
    }

    [Fact]
    public async Task Operator_preview_equals_phone_booking_quote()
    {
        var staff = await app.OperatorAsync();
        ItemChoice[] items = [new("MEAL-SOFT", 2m), new("MEAL-DLV", 1m)];

        var preview = (await staff.QuoteAsync(ServiceType.Meal, DemoData.Canteen, items)).ShouldHaveStatus(200).As<Quote>();
        var created = await staff.CreateBookingAsync(app.Requests.Meal(DemoData.WangXiulan, DemoData.Canteen) with { Items = items });

        Assert.Equal(Money.Of(27m), preview.Total);
        Assert.Equal(Money.Of(27m), preview.TotalHigh);
        created.Quote.ShouldEqualQuote(preview);
        (await staff.GetBookingAsync(created.Id)).Booking.Quote.ShouldEqualQuote(preview);
    }

    [Fact]
    public async Task Hourly_lines_each_add_one_hour_to_high_estimate()
    {
        var housekeeping = await app.RegisterProviderAsync([ServiceType.Housekeeping],
            card: PriceCards.Housekeeping.With(new PriceItemInput("HK-CARE", ServiceType.Housekeeping, "陪护", "居家陪护，按小时计", "小时",
                PriceUnit.PerHour, 60m)));
        var resident = await app.NewResidentAsync();

        var quote = (await resident.Client.QuoteAsync(ServiceType.Housekeeping, housekeeping.Id,
                new ItemChoice("HK-ROUTINE", 3m), new ItemChoice("HK-CARE", 1.5m), new ItemChoice("HK-HOOD", 1m)))
            .ShouldHaveStatus(200).As<Quote>();

        Assert.Equal(Money.Of(135m + 90m + 120m), quote.Total);
        Assert.Equal(Money.Of(135m + 90m + 120m + 45m + 60m), quote.TotalHigh);
    }

    [Fact]
    public async Task Repair_quote_without_hourly_lines_is_exact()
    {
        var resident = await app.NewResidentAsync();

        var quote = (await resident.Client.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman,
            new ItemChoice("RP-TAP", 1m), new ItemChoice("RP-TAP-PART", 1m), new ItemChoice("RP-KEY", 3m))).ShouldHaveStatus(200).As<Quote>();

        Assert.Equal(Money.Of(90m), quote.Total);
        Assert.Equal(Money.Of(90m), quote.TotalHigh);
        Assert.Equal([Money.Of(40m), Money.Of(35m), Money.Of(15m)], quote.Lines.Select(l => l.Amount));
    }

    [Fact]
    public async Task Booking_items_without_provider_return_400()
    {
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair() with { Items = [new("RP-TAP", 1m)] });

        var problem = response.ShouldBeInvalidField("providerId");
        Assert.Contains("服务商", problem["errors"]!["providerId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Preview_without_provider_returns_400()
    {
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.PostAsync("/api/quotes", """{"service": "Repair", "items": [{"code": "RP-TAP", "quantity": 1}]}""");

        response.ShouldBeInvalidField("providerId");
    }

    [Fact]
    public async Task Unknown_item_returns_409_naming_line()
    {
        var resident = await app.NewResidentAsync();
        ItemChoice[] items = [new("RP-TAP", 1m), new("RP-GAS", 1m)];

        var preview = await resident.Client.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman, items);
        var booking = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair(providerId: DemoData.RepairCraftsman) with { Items = items });

        preview.ShouldBeProblem(409, "Quote_ItemNotOnCard").ShouldMention("第 2 项", "RP-GAS", "老王便民修理铺");
        booking.ShouldBeProblem(409, "Quote_ItemNotOnCard").ShouldMention("第 2 项", "RP-GAS", "老王便民修理铺");
    }

    [Fact]
    public async Task Item_of_another_service_is_not_on_card()
    {
        var provider = await app.RegisterProviderAsync([ServiceType.Housekeeping, ServiceType.Repair],
            card: [.. PriceCards.Housekeeping, .. PriceCards.Craftsman]);
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.QuoteAsync(ServiceType.Repair, provider.Id, new ItemChoice("HK-ROUTINE", 2m));

        response.ShouldBeProblem(409, "Quote_ItemNotOnCard").ShouldMention("第 1 项", "HK-ROUTINE");
    }

    public static TheoryData<ServiceType, string, decimal, string, string> QuantitiesNotFittingUnit() => new()
    {
        { ServiceType.Housekeeping, "HK-ROUTINE", 2.3m, "日常保洁", "按小时（以半小时计）" },
        { ServiceType.Housekeeping, "HK-ROUTINE", 0.25m, "日常保洁", "按小时（以半小时计）" },
        { ServiceType.Housekeeping, "HK-DEEP", 60.25m, "深度保洁", "按平方米（最多一位小数）" },
        { ServiceType.Repair, "RP-SHOE", 1.5m, "修鞋换跟", "按件（整数）" },
        { ServiceType.Repair, "RP-VISIT", 2m, "上门检测费", "按次（数量为 1）" },
        { ServiceType.Meal, "MEAL-L", 1.5m, "午餐套餐", "按份（整数）" },
        { ServiceType.Meal, "MEAL-DLV", 2m, "送餐上门", "按次（数量为 1）" }
    };

    [Theory]
    [MemberData(nameof(QuantitiesNotFittingUnit))]
    public async Task Quantity_not_fitting_unit_returns_400(ServiceType service, string code, decimal quantity, string name, string unit)
    {
        var staff = await app.OperatorAsync();
        var provider = service switch
        {
            ServiceType.Housekeeping => DemoData.HousekeepingCompany,
            ServiceType.Repair => DemoData.RepairCraftsman,
            _ => DemoData.Canteen
        };

        var preview = await staff.QuoteAsync(service, provider, new ItemChoice(code, quantity));
        var booking = await staff.PostAsync("/api/bookings",
            app.Requests.For(service, DemoData.LiGuifang, provider) with { Items = [new(code, quantity)] });

        preview.ShouldBeProblem(400, "Charge_QuantityUnit").ShouldMention("第 1 项", name, unit);
        booking.ShouldBeProblem(400, "Charge_QuantityUnit").ShouldMention("第 1 项", name, unit);
    }

    [Theory]
    [InlineData(ServiceType.Housekeeping, "HK-ROUTINE", 2.5)]
    [InlineData(ServiceType.Housekeeping, "HK-DEEP", 60.5)]
    [InlineData(ServiceType.Repair, "RP-SHOE", 2)]
    [InlineData(ServiceType.Repair, "RP-VISIT", 1)]
    [InlineData(ServiceType.Meal, "MEAL-L", 3)]
    public async Task Quantity_fitting_unit_is_quoted(ServiceType service, string code, decimal quantity)
    {
        var staff = await app.OperatorAsync();
        var provider = service switch
        {
            ServiceType.Housekeeping => DemoData.HousekeepingCompany,
            ServiceType.Repair => DemoData.RepairCraftsman,
            _ => DemoData.Canteen
        };

        var quote = (await staff.QuoteAsync(service, provider, new ItemChoice(code, quantity))).ShouldHaveStatus(200).As<Quote>();

        Assert.Equal(quantity, Assert.Single(quote.Lines).Quantity);
    }

    [Fact]
    public async Task Visit_fee_with_service_line_returns_409()
    {
        var resident = await app.NewResidentAsync();
        ItemChoice[] items = [new("RP-VISIT", 1m), new("RP-TAP", 1m)];

        var preview = await resident.Client.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman, items);
        var booking = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair(providerId: DemoData.RepairCraftsman) with { Items = items });
        var alone = await resident.Client.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman, new ItemChoice("RP-VISIT", 1m));

        preview.ShouldBeProblem(409, "Charge_VisitFeeWithService").ShouldMention("上门检测费");
        booking.ShouldBeProblem(409, "Charge_VisitFeeWithService");
        Assert.Equal(Money.Of(30m), alone.ShouldHaveStatus(200).As<Quote>().Total);
    }

    [Fact]
    public async Task Preview_for_unknown_or_unverified_provider_returns_404()
    {
        var resident = await app.NewResidentAsync();
        var unverified = await app.RegisterProviderAsync([ServiceType.Repair], verify: false);

        var unknown = await resident.Client.QuoteAsync(ServiceType.Repair, Guid.NewGuid(), new ItemChoice("RP-TAP", 1m));
        var notVerified = await resident.Client.QuoteAsync(ServiceType.Repair, unverified.Id, new ItemChoice("RP-TAP", 1m));

        unknown.ShouldBeProblem(404, "Provider_NotFound");
        notVerified.ShouldBeProblem(404, "Provider_NotFound");
    }

    [Theory]
    [InlineData("""{"service": "Repair", "providerId": "PROVIDER", "items": []}""", "items")]
    [InlineData("""{"service": "Repair", "providerId": "PROVIDER"}""", "items")]
    [InlineData("""{"providerId": "PROVIDER", "items": [{"code": "RP-TAP", "quantity": 1}]}""", "service")]
    [InlineData("""{"service": "Repair", "providerId": "PROVIDER", "items": [{"code": "RP-TAP", "quantity": 0}]}""", "items[0].quantity")]
    [InlineData("""{"service": "Repair", "providerId": "PROVIDER", "items": [{"code": "RP-TAP", "quantity": 1.125}]}""", "items[0].quantity")]
    [InlineData("""{"service": "Repair", "providerId": "PROVIDER", "items": [{"code": "", "quantity": 1}]}""", "items[0].code")]
    public async Task Preview_with_invalid_shape_returns_400(string body, string field)
    {
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.PostAsync("/api/quotes", body.Replace("PROVIDER", DemoData.RepairCraftsman.ToString()));

        response.ShouldBeInvalidField(field);
    }

    [Fact]
    public async Task Preview_with_21_items_returns_400()
    {
        var resident = await app.NewResidentAsync();
        var items = Enumerable.Repeat(new ItemChoice("RP-KEY", 1m), 21).ToArray();

        var response = await resident.Client.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman, items);

        response.ShouldBeInvalidField("items");
    }

    [Fact]
    public async Task Preview_by_provider_returns_403()
    {
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);

        var byProvider = await craftsman.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman, new ItemChoice("RP-TAP", 1m));
        var anonymous = await app.Anonymous.QuoteAsync(ServiceType.Repair, DemoData.RepairCraftsman, new ItemChoice("RP-TAP", 1m));

        byProvider.ShouldHaveStatus(403);
        anonymous.ShouldHaveStatus(401);
    }
}
