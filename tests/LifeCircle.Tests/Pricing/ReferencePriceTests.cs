using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using Marten;
using static LifeCircle.Tests.Pricing.PricingApi;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// The reference price on the price board: the lowest unit price actually charged for an item
/// in the 7 days before now, with charged-at times set by the fake clock.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class ReferencePriceTests(AppFixture app)
{
    private const string Board = $"/api/price-board?community={DemoData.ShuiyuandiCommunity}&service=Repair";

    [Fact]
    public async Task Reference_window_includes_exactly_7_days_back()
    {
        var craftsman = await app.NewCraftsmanAsync(PriceCards.Craftsman.WithPrice("RP-SHOE", 20m));
        var resident = await app.NewResidentAsync();
        var atTwenty = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-SHOE", 1m)));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-SHOE", 30m));
        var atThirty = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-SHOE", 2m)));

        var firstChargedAt = app.Clock.GetUtcNow();
        (await craftsman.Client.BillAsync(atTwenty, Card("RP-SHOE", 1m))).ShouldChangeTo(BookingStatus.Completed);
        var atChargeTime = await ReferencePriceAsync(craftsman.Id, "RP-SHOE");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await craftsman.Client.BillAsync(atThirty, Card("RP-SHOE", 2m))).ShouldChangeTo(BookingStatus.Completed);
        var oneSecondLater = await ReferencePriceAsync(craftsman.Id, "RP-SHOE");

        app.Clock.SetUtcNow(firstChargedAt + TimeSpan.FromDays(7));
        var sevenDaysAfterFirst = await ReferencePriceAsync(craftsman.Id, "RP-SHOE");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var sevenDaysAfterSecond = await ReferencePriceAsync(craftsman.Id, "RP-SHOE");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterBoth = await ReferencePriceAsync(craftsman.Id, "RP-SHOE");

        Assert.Null(atChargeTime);
        Assert.Equal(Money.Of(20m), oneSecondLater);
        Assert.Equal(Money.Of(20m), sevenDaysAfterFirst);
        Assert.Equal(Money.Of(30m), sevenDaysAfterSecond);
        Assert.Null(afterBoth);
    }

    [Fact]
    public async Task Reference_price_is_lowest_charge_per_item()
    {
        var craftsman = await app.NewCraftsmanAsync(PriceCards.Craftsman.WithPrice("RP-KEY", 6m));
        var resident = await app.NewResidentAsync();
        var atSix = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-KEY", 3m)));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-KEY", 4.5m));
        var atFourFifty = await resident.Client.StartedJobAsync(craftsman.Client,
            app.RepairWith(craftsman.Id, new ItemChoice("RP-KEY", 1m), new ItemChoice("RP-SHOE", 1m)));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-KEY", 8m));
        var atEight = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-KEY", 1m)));

        (await craftsman.Client.BillAsync(atSix, Card("RP-KEY", 3m))).ShouldChangeTo(BookingStatus.Completed);
        (await craftsman.Client.BillAsync(atFourFifty, Card("RP-KEY", 1m), Card("RP-SHOE", 1m))).ShouldChangeTo(BookingStatus.Completed);
        (await craftsman.Client.BillAsync(atEight, Card("RP-KEY", 1m))).ShouldChangeTo(BookingStatus.Completed);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var entry = await BoardEntryAsync(craftsman.Id);
        Assert.Equal(3, entry.CardVersion);
        Assert.Equal(PriceCards.Craftsman.Select(i => i.Code), entry.Items.Select(i => i.Item.Code));
        var references = entry.Items.ToDictionary(i => i.Item.Code, i => i.ReferencePrice);
        Assert.Equal(Money.Of(4.5m), references["RP-KEY"]);
        Assert.Equal(Money.Of(25m), references["RP-SHOE"]);
        Assert.All(references.Where(r => r.Key is not ("RP-KEY" or "RP-SHOE")), r => Assert.Null(r.Value));
        Assert.Equal(Money.Of(8m), entry.Items.Single(i => i.Item.Code == "RP-KEY").Item.Price);
    }

    [Fact]
    public async Task Free_lines_and_other_providers_do_not_count()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var other = await app.NewCraftsmanAsync(PriceCards.Craftsman.WithPrice("RP-TAP", 30m));
        var resident = await app.NewResidentAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));
        var proposal = await craftsman.Client.ProposedAsync(id, ProposalKind.Extra, Free("生料带", 1m, "卷", 2m));
        (await resident.Client.ApproveAsync(id, proposal)).ShouldChangeTo(BookingStatus.Started);
        var atOther = await resident.Client.StartedJobAsync(other.Client, app.RepairWith(other.Id, new ItemChoice("RP-TAP", 1m)));

        (await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m), Free("生料带", 1m, "卷", 2m))).ShouldChangeTo(BookingStatus.Completed);
        (await other.Client.BillAsync(atOther, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Money.Of(40m), await ReferencePriceAsync(craftsman.Id, "RP-TAP"));
        Assert.Equal(Money.Of(30m), await ReferencePriceAsync(other.Id, "RP-TAP"));
        await using var session = app.Store.QuerySession(DemoData.City);
        var records = await session.Query<ChargeRecord>().Where(r => r.ProviderId == craftsman.Id).ToListAsync();
        Assert.Equal(["RP-TAP"], records.Select(r => r.ItemCode));
    }

    /// <summary>
    /// The clock of the test host only moves forward, so a charge recorded after now (as a node
    /// with a clock ahead could record it) is stored directly as the projection would store it.
    /// </summary>
    [Fact]
    public async Task Charge_after_now_does_not_count()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var now = app.Clock.GetUtcNow();
        await using (var session = app.Store.LightweightSession(DemoData.City))
        {
            session.Store(
                new ChargeRecord { Id = Guid.CreateVersion7(), ProviderId = craftsman.Id, ItemCode = "RP-KEY", UnitPrice = 1m, At = now.AddSeconds(1) },
                new ChargeRecord { Id = Guid.CreateVersion7(), ProviderId = craftsman.Id, ItemCode = "RP-KEY", UnitPrice = 2m, At = now.AddDays(1) },
                new ChargeRecord { Id = Guid.CreateVersion7(), ProviderId = craftsman.Id, ItemCode = "RP-KEY", UnitPrice = 4m, At = now.AddSeconds(-1) },
                new ChargeRecord { Id = Guid.CreateVersion7(), ProviderId = craftsman.Id, ItemCode = "RP-SHOE", UnitPrice = 3m, At = now });
            await session.SaveChangesAsync();
        }

        Assert.Equal(Money.Of(4m), await ReferencePriceAsync(craftsman.Id, "RP-KEY"));
        Assert.Null(await ReferencePriceAsync(craftsman.Id, "RP-SHOE"));
    }

    [Theory]
    [InlineData("/api/price-board?service=Repair")]
    [InlineData($"/api/price-board?community={DemoData.ShuiyuandiCommunity}")]
    [InlineData("/api/price-board")]
    public async Task Board_without_community_or_service_returns_400(string url)
    {
        var response = await app.Anonymous.GetAsync(url);

        response.ShouldBeProblem(400, "PriceBoard_CommunityAndService");
    }

    [Fact]
    public async Task Board_lists_serving_providers_only()
    {
        var craftsman = await app.NewCraftsmanAsync();

        var inArea = (await app.Anonymous.GetAsync(Board)).ShouldHaveStatus(200).As<List<BoardEntry>>();
        var outside = (await app.Anonymous.GetAsync($"/api/price-board?community={DemoData.YupingCommunity}&service=Repair"))
            .ShouldHaveStatus(200).As<List<BoardEntry>>();
        var meals = (await app.Anonymous.GetAsync($"/api/price-board?community={DemoData.ShuiyuandiCommunity}&service=Meal"))
            .ShouldHaveStatus(200).As<List<BoardEntry>>();

        var entry = Assert.Single(inArea, e => e.ProviderId == craftsman.Id);
        Assert.Equal((craftsman.Name, ProviderKind.Craftsman, 1), (entry.ProviderName, entry.Kind, entry.CardVersion));
        Assert.NotNull(entry.CardChangedAt);
        Assert.All(entry.Items, i => Assert.Equal(ServiceType.Repair, i.Item.Service));
        Assert.Contains(inArea, e => e.ProviderId == DemoData.ApplianceRepair);
        Assert.DoesNotContain(outside, e => e.ProviderId == craftsman.Id);
        Assert.Contains(outside, e => e.ProviderId == DemoData.ApplianceRepair);
        Assert.DoesNotContain(meals, e => e.ProviderId == craftsman.Id);
        Assert.Contains(meals, e => e.ProviderId == DemoData.Canteen);
    }

    private async Task<BoardEntry> BoardEntryAsync(Guid providerId)
    {
        var board = (await app.Anonymous.GetAsync(Board)).ShouldHaveStatus(200).As<List<BoardEntry>>();
        return Assert.Single(board, e => e.ProviderId == providerId);
    }

    private async Task<Money?> ReferencePriceAsync(Guid providerId, string code) =>
        (await BoardEntryAsync(providerId)).Items.Single(i => i.Item.Code == code).ReferencePrice;
}
