using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using static LifeCircle.Tests.Pricing.PricingApi;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Guidance prices and the administrators' price flags: prices above guidance, cards
/// published more than 3 times in 30 days, and each provider's share of bills that needed
/// an approved extra charge.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class PriceFlagTests(AppFixture app)
{
    [Fact]
    public async Task Item_above_guidance_is_flagged()
    {
        var key = $"flags.{Guid.NewGuid():N}"[..30];
        var above = await app.NewCraftsmanAsync(WithComparable(PriceCards.Craftsman, "RP-TAP", key));
        var atGuidance = await app.NewCraftsmanAsync(WithComparable(PriceCards.Craftsman.WithPrice("RP-TAP", 35m), "RP-TAP", key));
        var admin = await app.AdminAsync();

        var set = await admin.PutAsync($"/api/guidance-prices/{key}", new SetGuidancePrice(35m));
        var flags = await FlagsAsync();

        var guidance = set.ShouldHaveStatus(200).As<GuidancePrice>();
        Assert.Equal((key, Money.Of(35m), app.Clock.GetUtcNow()), (guidance.Id, guidance.Price, guidance.SetAt));
        Assert.Equal([new AboveGuidanceFlag(above.Id, above.Name, "RP-TAP", "更换水龙头", key, Money.Of(40m), Money.Of(35m))],
            flags.AboveGuidance.Where(f => f.Comparable == key));
        Assert.DoesNotContain(flags.AboveGuidance, f => f.ProviderId == atGuidance.Id);
        var listed = (await app.Anonymous.GetAsync("/api/guidance-prices")).ShouldHaveStatus(200).As<List<GuidancePrice>>();
        Assert.Equal(Money.Of(35m), Assert.Single(listed, g => g.Id == key).Price);
        var board = (await app.Anonymous.GetAsync($"/api/price-board?community={DemoData.ShuiyuandiCommunity}&service=Repair"))
            .ShouldHaveStatus(200).As<List<BoardEntry>>();
        var tap = Assert.Single(board, e => e.ProviderId == above.Id).Items.Single(i => i.Item.Code == "RP-TAP");
        Assert.Equal(Money.Of(35m), tap.GuidancePrice);
    }

    [Fact]
    public async Task Guidance_price_is_replaced_when_set_again()
    {
        var key = $"flags.{Guid.NewGuid():N}"[..30];
        var craftsman = await app.NewCraftsmanAsync(WithComparable(PriceCards.Craftsman, "RP-TAP", key));
        var admin = await app.AdminAsync();
        (await admin.PutAsync($"/api/guidance-prices/{key}", new SetGuidancePrice(30m))).ShouldHaveStatus(200);

        (await admin.PutAsync($"/api/guidance-prices/{key}", new SetGuidancePrice(45m))).ShouldHaveStatus(200);

        Assert.DoesNotContain((await FlagsAsync()).AboveGuidance, f => f.ProviderId == craftsman.Id);
        var listed = (await app.Anonymous.GetAsync("/api/guidance-prices")).ShouldHaveStatus(200).As<List<GuidancePrice>>();
        Assert.Equal(Money.Of(45m), Assert.Single(listed, g => g.Id == key).Price);
    }

    [Theory]
    [InlineData("Repair.Tap")]
    [InlineData("repair tap")]
    [InlineData("repair_tap")]
    public async Task Guidance_key_in_wrong_format_returns_400(string key)
    {
        var admin = await app.AdminAsync();

        var response = await admin.PutAsync($"/api/guidance-prices/{Uri.EscapeDataString(key)}", new SetGuidancePrice(10m));

        response.ShouldBeProblem(400, "Guidance_KeyFormat");
    }

    [Fact]
    public async Task Guidance_key_of_41_characters_returns_400()
    {
        var admin = await app.AdminAsync();

        var response = await admin.PutAsync($"/api/guidance-prices/{new string('a', 41)}", new SetGuidancePrice(10m));

        response.ShouldBeProblem(400, "Guidance_KeyFormat");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("10.005")]
    public async Task Guidance_price_invalid_returns_400(string price)
    {
        var admin = await app.AdminAsync();

        var response = await admin.PutAsync("/api/guidance-prices/repair.tap", $"{{\"price\": {price}}}");

        response.ShouldBeInvalidField("price");
    }

    [Fact]
    public async Task Card_published_4_times_in_30_days_is_flagged()
    {
        var frequent = await app.NewCraftsmanAsync();
        var steady = await app.NewCraftsmanAsync();
        var publishedAt = app.Clock.GetUtcNow();
        foreach (var price in new[] { 41m, 42m, 43m })
        {
            await frequent.Client.PublishCardOkAsync(frequent.Id, PriceCards.Craftsman.WithPrice("RP-TAP", price));
        }

        foreach (var price in new[] { 41m, 42m })
        {
            await steady.Client.PublishCardOkAsync(steady.Id, PriceCards.Craftsman.WithPrice("RP-TAP", price));
        }

        var flags = await FlagsAsync();
        app.Clock.SetUtcNow(publishedAt + TimeSpan.FromDays(30));
        var atThirtyDays = await FlagsAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterThirtyDays = await FlagsAsync();

        Assert.Equal([new FrequentChangeFlag(frequent.Id, frequent.Name, 4, 30)], flags.FrequentChanges.Where(f => f.ProviderId == frequent.Id));
        Assert.DoesNotContain(flags.FrequentChanges, f => f.ProviderId == steady.Id);
        Assert.Contains(atThirtyDays.FrequentChanges, f => f.ProviderId == frequent.Id);
        Assert.DoesNotContain(afterThirtyDays.FrequentChanges, f => f.ProviderId == frequent.Id);
    }

    [Fact]
    public async Task Approval_share_counts_bills_with_approved_extra()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();

        await BillWithApprovedExtraAsync(craftsman, resident.Client, billExtra: true);
        var plain = await TapJobAsync(craftsman, resident.Client);
        (await craftsman.Client.BillAsync(plain, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);
        (await craftsman.Client.SettleAsync(plain, PaymentMethod.Cash, 40m)).ShouldChangeTo(BookingStatus.Settled);
        var rejected = await TapJobAsync(craftsman, resident.Client);
        var rejectedProposal = await craftsman.Client.ProposedAsync(rejected, ProposalKind.Extra, Card("RP-TAP-PART", 1m));
        (await resident.Client.RejectAsync(rejected, rejectedProposal)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.Client.BillAsync(rejected, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);
        var pool = await resident.Client.StartedJobAsync(craftsman.Client, app.Requests.Repair());
        var quoteProposal = await craftsman.Client.ProposedAsync(pool, ProposalKind.Quote, Card("RP-SHOE", 1m));
        (await resident.Client.ApproveAsync(pool, quoteProposal)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.Client.BillAsync(pool, Card("RP-SHOE", 1m))).ShouldChangeTo(BookingStatus.Completed);
        var unfinished = await TapJobAsync(craftsman, resident.Client);
        var unfinishedProposal = await craftsman.Client.ProposedAsync(unfinished, ProposalKind.Extra, Card("RP-TAP-PART", 1m));
        (await resident.Client.ApproveAsync(unfinished, unfinishedProposal)).ShouldChangeTo(BookingStatus.Started);

        var fourBills = await FlagsAsync();
        await BillWithApprovedExtraAsync(craftsman, resident.Client, billExtra: false);
        var fiveBills = await FlagsAsync();

        Assert.Equal(new ApprovalShareFlag(craftsman.Id, craftsman.Name, 4, 1, 0.25m, Flagged: false),
            Assert.Single(fourBills.ApprovalShares, s => s.ProviderId == craftsman.Id));
        Assert.Equal(new ApprovalShareFlag(craftsman.Id, craftsman.Name, 5, 2, 0.4m, Flagged: true),
            Assert.Single(fiveBills.ApprovalShares, s => s.ProviderId == craftsman.Id));
    }

    [Fact]
    public async Task Provider_without_bills_has_no_approval_share()
    {
        var craftsman = await app.NewCraftsmanAsync();

        var flags = await FlagsAsync();

        Assert.DoesNotContain(flags.ApprovalShares, s => s.ProviderId == craftsman.Id);
    }

    [Fact]
    public async Task Flags_and_guidance_are_for_admins_only()
    {
        var resident = await app.NewResidentAsync();
        var staff = await app.OperatorAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);

        foreach (var client in new[] { resident.Client, staff, craftsman })
        {
            (await client.GetAsync("/api/price-flags")).ShouldHaveStatus(403);
            (await client.PutAsync("/api/guidance-prices/repair.tap", new SetGuidancePrice(1m))).ShouldHaveStatus(403);
        }

        (await app.Anonymous.GetAsync("/api/price-flags")).ShouldHaveStatus(401);
        (await app.Anonymous.PutAsync("/api/guidance-prices/repair.tap", new SetGuidancePrice(1m))).ShouldHaveStatus(401);
        var listed = (await app.Anonymous.GetAsync("/api/guidance-prices")).ShouldHaveStatus(200).As<List<GuidancePrice>>();
        Assert.DoesNotContain(listed, g => g.Id == "repair.tap" && g.Price == Money.Of(1m));
    }

    private async Task<PriceFlags> FlagsAsync() =>
        (await (await app.AdminAsync()).GetAsync("/api/price-flags")).ShouldHaveStatus(200).As<PriceFlags>();

    private async Task<Guid> TapJobAsync(RegisteredProvider craftsman, ApiClient resident) =>
        await resident.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));

    /// <summary>Completes a tap job after the resident approved an extra part, billing the part or not.</summary>
    private async Task BillWithApprovedExtraAsync(RegisteredProvider craftsman, ApiClient resident, bool billExtra)
    {
        var id = await TapJobAsync(craftsman, resident);
        var proposal = await craftsman.Client.ProposedAsync(id, ProposalKind.Extra, Card("RP-TAP-PART", 1m));
        (await resident.ApproveAsync(id, proposal)).ShouldChangeTo(BookingStatus.Started);
        ChargeInput[] bill = billExtra ? [Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m)] : [Card("RP-TAP", 1m)];
        (await craftsman.Client.BillAsync(id, bill)).ShouldChangeTo(BookingStatus.Completed);
    }

    private static PriceItemInput[] WithComparable(PriceItemInput[] card, string code, string comparable) =>
        card.Select(i => i.Code == code ? i with { Comparable = comparable } : i).ToArray();
}
