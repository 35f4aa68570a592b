using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using Wolverine.Tracking;
using static LifeCircle.Tests.Pricing.PricingApi;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Card versions: a booking keeps the card version it was quoted from, a card with a later
/// effective time changes nothing until its timer fires, and withdrawing an item publishes
/// a version without it.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class PriceCardVersionTests(AppFixture app)
{
    [Fact]
    public async Task New_card_leaves_earlier_booking_at_old_price()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var before = await resident.Client.CreateBookingAsync(app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));

        var published = await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m));
        var after = await resident.Client.CreateBookingAsync(app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));

        Assert.Equal(new PriceCardPublishedResponse(craftsman.Id, 2, app.Clock.GetUtcNow(), InEffect: true), published);
        Assert.Equal(1, before.Quote!.CardVersion);
        Assert.Equal(Money.Of(40m), before.Quote.Total);
        Assert.Equal(2, after.Quote!.CardVersion);
        Assert.Equal(Money.Of(50m), after.Quote.Total);

        foreach (var id in new[] { before.Id, after.Id })
        {
            (await craftsman.Client.AcceptAsync(id)).ShouldChangeTo(BookingStatus.Accepted);
            (await craftsman.Client.StartAsync(id)).ShouldChangeTo(BookingStatus.Started);
        }

        (await craftsman.Client.BillAsync(before.Id, Card("RP-TAP", 1m, 50m)))
            .ShouldBeProblem(409, "Charge_PriceDiffers").ShouldMention("第 1 项", "更换水龙头", "50.00", "40.00");
        (await craftsman.Client.BillAsync(before.Id, Card("RP-TAP", 1m, 40m))).ShouldChangeTo(BookingStatus.Completed);
        (await craftsman.Client.BillAsync(after.Id, Card("RP-TAP", 1m, 40m)))
            .ShouldBeProblem(409, "Charge_PriceDiffers").ShouldMention("第 1 项", "更换水龙头", "40.00", "50.00");
        (await craftsman.Client.BillAsync(after.Id, Card("RP-TAP", 1m, 50m))).ShouldChangeTo(BookingStatus.Completed);

        var beforeView = (await resident.Client.GetBookingAsync(before.Id)).Booking;
        beforeView.Quote.ShouldEqualQuote(before.Quote);
        Assert.Equal(1, beforeView.CardVersion);
        Assert.Equal([new ChargeLine("更换水龙头", 1m, "个", Money.Of(40m), Money.Of(40m), "RP-TAP", 1)], beforeView.Charges);
        var afterView = (await resident.Client.GetBookingAsync(after.Id)).Booking;
        Assert.Equal([new ChargeLine("更换水龙头", 1m, "个", Money.Of(50m), Money.Of(50m), "RP-TAP", 2)], afterView.Charges);
    }

    [Fact]
    public async Task Bill_by_code_without_price_uses_quoted_version()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m));

        (await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);

        Assert.Equal(Money.Of(40m), (await resident.Client.GetBookingAsync(id)).Booking.Total);
    }

    [Fact]
    public async Task Future_card_changes_quotes_only_when_timer_fires()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var staff = await app.OperatorAsync();
        var effectiveFrom = app.Clock.GetUtcNow().AddDays(2);

        var published = await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m), effectiveFrom);

        Assert.Equal(new PriceCardPublishedResponse(craftsman.Id, 2, effectiveFrom, InEffect: false), published);
        Assert.Equal(1, (await app.ProviderAsync(craftsman.Id)).CardVersion);
        Assert.Null((await app.CardVersionsAsync(craftsman.Id))[1].TookEffectAt);
        await AssertQuotedAsync(staff, craftsman.Id, version: 1, price: 40m);

        var early = await app.Host.InvokeMessageAndWaitAsync(new ActivatePriceCard(craftsman.Id, 2), DemoData.City, 60_000);

        Assert.Equal(1, (await app.ProviderAsync(craftsman.Id)).CardVersion);
        Assert.Null((await app.CardVersionsAsync(craftsman.Id))[1].TookEffectAt);
        Assert.Equal(new ActivatePriceCard(craftsman.Id, 2), early.Scheduled.SingleMessage<ActivatePriceCard>());
        Assert.Equal(effectiveFrom, early.Scheduled.SingleEnvelope<ActivatePriceCard>().ScheduledTime);

        app.Clock.Advance(TimeSpan.FromDays(2));
        staff = await app.OperatorAsync();
        await app.Host.InvokeMessageAndWaitAsync(new ActivatePriceCard(craftsman.Id, 2), DemoData.City, 60_000);
        var tookEffectAt = app.Clock.GetUtcNow();

        var provider = await app.ProviderAsync(craftsman.Id);
        Assert.Equal(2, provider.CardVersion);
        Assert.Equal(tookEffectAt, provider.CardChangedAt);
        Assert.Contains(provider.PriceCard, i => i.Code == "RP-TAP" && i.Price == Money.Of(50m));
        Assert.Equal(tookEffectAt, (await app.CardVersionsAsync(craftsman.Id))[1].TookEffectAt);
        await AssertQuotedAsync(staff, craftsman.Id, version: 2, price: 50m);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Host.InvokeMessageAndWaitAsync(new ActivatePriceCard(craftsman.Id, 2), DemoData.City, 60_000);

        var again = await app.ProviderAsync(craftsman.Id);
        Assert.Equal(2, again.CardVersion);
        Assert.Equal(tookEffectAt, again.CardChangedAt);
        Assert.Equal(tookEffectAt, (await app.CardVersionsAsync(craftsman.Id))[1].TookEffectAt);
    }

    [Fact]
    public async Task Scheduled_timer_carries_city_and_activates_card()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var effectiveFrom = app.Clock.GetUtcNow().AddDays(1);

        var tracked = await app.TrackAsync(async () =>
            await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-KEY", 6m), effectiveFrom));

        var envelope = tracked.Scheduled.SingleEnvelope<ActivatePriceCard>();
        Assert.Equal(new ActivatePriceCard(craftsman.Id, 2), envelope.Message);
        Assert.Equal(DemoData.City, envelope.TenantId);
        Assert.Equal(effectiveFrom, envelope.ScheduledTime);

        app.Clock.Advance(TimeSpan.FromDays(1));
        await tracked.PlayScheduledMessagesAsync(TimeSpan.FromSeconds(60));

        var provider = await app.ProviderAsync(craftsman.Id);
        Assert.Equal(2, provider.CardVersion);
        Assert.Contains(provider.PriceCard, i => i.Code == "RP-KEY" && i.Price == Money.Of(6m));
    }

    [Fact]
    public async Task Timer_of_older_version_after_newer_does_nothing()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var now = app.Clock.GetUtcNow();
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m), now.AddDays(5));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 45m), now.AddDays(2));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.Host.InvokeMessageAndWaitAsync(new ActivatePriceCard(craftsman.Id, 3), DemoData.City, 60_000);
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.Host.InvokeMessageAndWaitAsync(new ActivatePriceCard(craftsman.Id, 2), DemoData.City, 60_000);
        await app.Host.InvokeMessageAndWaitAsync(new ActivatePriceCard(craftsman.Id, 9), DemoData.City, 60_000);

        var provider = await app.ProviderAsync(craftsman.Id);
        Assert.Equal(3, provider.CardVersion);
        Assert.Contains(provider.PriceCard, i => i.Code == "RP-TAP" && i.Price == Money.Of(45m));
        var versions = await app.CardVersionsAsync(craftsman.Id);
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        Assert.Null(versions[1].TookEffectAt);
        await AssertQuotedAsync(await app.OperatorAsync(), craftsman.Id, version: 3, price: 45m);
    }

    [Fact]
    public async Task Withdrawn_item_cannot_be_quoted()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m));

        var withdrawn = (await craftsman.Client.WithdrawItemAsync(craftsman.Id, "RP-TAP")).ShouldHaveStatus(201)
            .As<PriceCardPublishedResponse>();

        Assert.Equal(new PriceCardPublishedResponse(craftsman.Id, 3, app.Clock.GetUtcNow(), InEffect: true), withdrawn);
        var provider = await app.ProviderAsync(craftsman.Id);
        Assert.Equal(PriceCards.Craftsman.Without("RP-TAP").Select(i => i.Code), provider.PriceCard.Select(i => i.Code));
        (await resident.Client.QuoteAsync(ServiceType.Repair, craftsman.Id, new ItemChoice("RP-KEY", 2m), new ItemChoice("RP-TAP", 1m)))
            .ShouldBeProblem(409, "Quote_ItemNotOnCard").ShouldMention("第 2 项", "RP-TAP", craftsman.Name);
        (await resident.Client.PostAsync("/api/bookings", app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m))))
            .ShouldBeProblem(409, "Quote_ItemNotOnCard").ShouldMention("第 1 项", "RP-TAP");

        var history = (await app.Anonymous.GetAsync($"/api/providers/{craftsman.Id}/price-history/RP-TAP")).ShouldHaveStatus(200)
            .As<List<PriceHistoryEntry>>();
        (int, Money?, bool)[] expected = [(1, Money.Of(40m), false), (2, Money.Of(50m), false), (3, null, true)];
        Assert.Equal(expected, history.Select(h => (h.Version, h.Price, h.Withdrawn)));
        Assert.All(history, h => Assert.NotNull(h.TookEffectAt));

        (await craftsman.Client.WithdrawItemAsync(craftsman.Id, "RP-TAP")).ShouldBeProblem(404, "PriceCard_ItemNotFound")
            .ShouldMention("RP-TAP");
        Assert.Equal(3, (await app.ProviderAsync(craftsman.Id)).CardVersion);
    }

    [Fact]
    public async Task History_starts_at_version_that_added_item()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var zip = new PriceItemInput("RP-ZIP", ServiceType.Repair, "换拉链", "人工费，拉链按零售价另计", "条", PriceUnit.PerPiece, 15m);
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.With(zip));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.With(zip with { Price = 18m }));

        var history = (await app.Anonymous.GetAsync($"/api/providers/{craftsman.Id}/price-history/RP-ZIP")).ShouldHaveStatus(200)
            .As<List<PriceHistoryEntry>>();
        var unknown = await app.Anonymous.GetAsync($"/api/providers/{craftsman.Id}/price-history/RP-NONE");

        Assert.Equal([(2, Money.Of(15m), false), (3, Money.Of(18m), false)], history.Select(h => (h.Version, h.Price!.Value, h.Withdrawn)));
        unknown.ShouldBeProblem(404, "PriceCard_ItemNotFound").ShouldMention("RP-NONE");
    }

    [Fact]
    public async Task Versions_of_unknown_provider_return_404()
    {
        var unknown = Guid.NewGuid();

        var versions = await app.Anonymous.GetAsync($"/api/providers/{unknown}/price-card/versions");
        var history = await app.Anonymous.GetAsync($"/api/providers/{unknown}/price-history/RP-TAP");

        versions.ShouldBeProblem(404, "Provider_NotFound").ShouldMention(unknown.ToString());
        history.ShouldBeProblem(404, "PriceCard_ItemNotFound");
    }

    [Fact]
    public async Task Booking_quoted_before_withdrawal_bills_withdrawn_item()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-KEY", 2m)));
        (await craftsman.Client.WithdrawItemAsync(craftsman.Id, "RP-KEY")).ShouldHaveStatus(201);

        (await craftsman.Client.BillAsync(id, Card("RP-KEY", 2m, 5m))).ShouldChangeTo(BookingStatus.Completed);

        Assert.Equal(Money.Of(10m), (await resident.Client.GetBookingAsync(id)).Booking.Total);
    }

    [Fact]
    public async Task Card_with_past_effective_time_takes_effect_now()
    {
        var craftsman = await app.NewCraftsmanAsync();

        var published = await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-KEY", 6m),
            app.Clock.GetUtcNow().AddDays(-1));

        Assert.Equal(new PriceCardPublishedResponse(craftsman.Id, 2, app.Clock.GetUtcNow(), InEffect: true), published);
        Assert.Equal(2, (await app.ProviderAsync(craftsman.Id)).CardVersion);
    }

    [Fact]
    public async Task Card_takes_effect_at_most_30_days_ahead()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var now = app.Clock.GetUtcNow();

        var inThirty = await craftsman.Client.PublishCardAsync(craftsman.Id, PriceCards.Craftsman, now.AddDays(30));
        var inThirtyOne = await craftsman.Client.PublishCardAsync(craftsman.Id, PriceCards.Craftsman, now.AddDays(30).AddSeconds(1));

        Assert.False(inThirty.ShouldHaveStatus(201).As<PriceCardPublishedResponse>().InEffect);
        inThirtyOne.ShouldBeProblem(400, "PriceCard_TooFarAhead").ShouldMention("30");
        Assert.Equal([1, 2], (await app.CardVersionsAsync(craftsman.Id)).Select(v => v.Version));
    }

    public static TheoryData<string, string, string> InvalidCards() => new()
    {
        { "no items", """{"items": []}""", "items" },
        { "null items", """{"items": null}""", "items" },
        { "duplicate codes", $"{{\"items\": [{Item()}, {Item()}]}}", "items" },
        { "code with space", $"{{\"items\": [{Item(code: "RP TAP")}]}}", "items[0].code" },
        { "no service", $"{{\"items\": [{Item(service: "null")}]}}", "items[0].service" },
        { "empty name", $"{{\"items\": [{Item(name: "")}]}}", "items[0].name" },
        { "no unit kind", $"{{\"items\": [{Item(unitKind: "null")}]}}", "items[0].unitKind" },
        { "price with 3 decimals", $"{{\"items\": [{Item(price: "40.125")}]}}", "items[0].price" },
        { "negative price", $"{{\"items\": [{Item(price: "-1")}]}}", "items[0].price" },
        { "comparable in capitals", $"{{\"items\": [{Item(comparable: "\"Repair.Tap\"")}]}}", "items[0].comparable" }
    };

    [Theory]
    [MemberData(nameof(InvalidCards))]
    public async Task Publish_invalid_card_returns_400_naming_field(string name, string body, string field)
    {
        var craftsman = await app.NewCraftsmanAsync();

        var response = await craftsman.Client.PostAsync($"/api/providers/{craftsman.Id}/price-card", body);

        Assert.True(response.Status == 400, $"{name}: {response}");
        response.ShouldBeInvalidField(field);
        Assert.Single(await app.CardVersionsAsync(craftsman.Id));
    }

    [Fact]
    public async Task Publish_item_of_service_not_offered_returns_409()
    {
        var craftsman = await app.NewCraftsmanAsync();

        var response = await craftsman.Client.PublishCardAsync(craftsman.Id, PriceCards.Craftsman.With(PriceCards.Canteen[0]));

        response.ShouldBeProblem(409, "PriceCard_ServiceNotOffered").ShouldMention("午餐套餐", "助餐");
    }

    [Fact]
    public async Task Publish_card_of_another_provider_returns_404()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var other = await app.NewCraftsmanAsync();

        var publish = await other.Client.PublishCardAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m));
        var withdraw = await other.Client.WithdrawItemAsync(craftsman.Id, "RP-TAP");

        publish.ShouldBeProblem(404, "Provider_NotFound");
        withdraw.ShouldBeProblem(404, "Provider_NotFound");
        Assert.Single(await app.CardVersionsAsync(craftsman.Id));
    }

    [Fact]
    public async Task Publish_by_admin_or_resident_returns_403()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();

        var byAdmin = await (await app.AdminAsync()).PublishCardAsync(craftsman.Id, PriceCards.Craftsman);
        var byResident = await resident.Client.PublishCardAsync(craftsman.Id, PriceCards.Craftsman);
        var anonymous = await app.Anonymous.PublishCardAsync(craftsman.Id, PriceCards.Craftsman);

        byAdmin.ShouldHaveStatus(403);
        byResident.ShouldHaveStatus(403);
        anonymous.ShouldHaveStatus(401);
    }

    private static async Task AssertQuotedAsync(ApiClient client, Guid providerId, int version, decimal price)
    {
        var quote = (await client.QuoteAsync(ServiceType.Repair, providerId, new ItemChoice("RP-TAP", 1m))).ShouldHaveStatus(200)
            .As<Quote>();
        Assert.Equal(version, quote.CardVersion);
        Assert.Equal(Money.Of(price), quote.Total);
    }

    private static string Item(string code = "RP-TAP", string service = "\"Repair\"", string name = "更换水龙头", string unitKind = "\"PerPiece\"",
        string price = "40", string comparable = "null") =>
        $$"""{"code": "{{code}}", "service": {{service}}, "name": "{{name}}", "includes": "人工费", "unit": "个", "unitKind": {{unitKind}}, "price": {{price}}, "comparable": {{comparable}}}""";
}
