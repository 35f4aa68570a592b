using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Price statistics per comparable item and district, on a small data set of providers
/// registered for the test, with comparable keys no other test uses. The expected figures
/// are worked out by hand from the prices below.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class PriceStatisticsTests(AppFixture app)
{
    private const string Shuiyuandi = DemoData.ShuiyuandiCommunity;
    private const string Shayangnan = "210102001003";

    /// <summary>永顺社区 in 沈河区 (210103), another district of Shenyang.</summary>
    private const string Yongshun = "210103005003";

    [Fact]
    public async Task Statistics_summarize_current_prices_by_district()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var keyA = $"stats.{suffix}.a";
        var keyB = $"stats.{suffix}.b";

        // Heping (210102): key A 12.00, 9.90, 15.50; key B 10.00, 12.50, 13.23, 20.00.
        await ProviderWithAsync([], (keyA, 12m), (keyB, 10m));
        await ProviderWithAsync([Shuiyuandi], (keyA, 9.9m), (keyB, 12.5m));
        await ProviderWithAsync([Shuiyuandi, Yongshun], (keyA, 15.5m), (keyB, 13.23m));
        await ProviderWithAsync([Shayangnan], (keyB, 20m));

        // Only in Shenhe (210103), or not counted at all: unverified, suspended, or a price that was replaced.
        await ProviderWithAsync([Yongshun], (keyA, 1m), (keyB, 1m));
        await ProviderWithAsync([Shuiyuandi], verify: false, prices: [(keyA, 100m), (keyB, 100m)]);
        var suspended = await ProviderWithAsync([Shuiyuandi], (keyA, 0.5m), (keyB, 0.5m));
        (await (await app.AdminAsync()).PostAsync($"/api/providers/{suspended.Id}/suspend", new SuspendProvider("多次超标价收费")))
            .ShouldHaveStatus(200);
        var repriced = await ProviderWithAsync([Shayangnan], (keyA, 2m));
        await repriced.Client.PublishCardOkAsync(repriced.Id, CardOf((keyA, 14m)));

        var heping = await StatisticsAsync("210102", keyA, keyB);
        var shenhe = await StatisticsAsync("210103", keyA, keyB);

        // Heping A: 9.90, 12.00, 14.00, 15.50 (the repriced provider's 14.00 replaces its 2.00), so the median is (12.00 + 14.00) / 2.
        // Heping B: 10.00, 12.50, 13.23, 20.00, so the median is (12.50 + 13.23) / 2 = 12.865, rounded half away from zero
        // to 12.87 (rounding half to even would give 12.86).
        Assert.Equal(
        [
            new ItemStatistics(keyA, ServiceType.Repair, 4, Money.Of(9.9m), Money.Of(13m), Money.Of(15.5m), null),
            new ItemStatistics(keyB, ServiceType.Repair, 4, Money.Of(10m), Money.Of(12.87m), Money.Of(20m), null)
        ], heping);

        // Shenhe A: 1.00, 12.00 (whole city), 15.50. Shenhe B: 1.00, 10.00, 13.23.
        Assert.Equal(
        [
            new ItemStatistics(keyA, ServiceType.Repair, 3, Money.Of(1m), Money.Of(12m), Money.Of(15.5m), null),
            new ItemStatistics(keyB, ServiceType.Repair, 3, Money.Of(1m), Money.Of(10m), Money.Of(13.23m), null)
        ], shenhe);
    }

    [Fact]
    public async Task Statistics_show_guidance_price_and_odd_median()
    {
        var key = $"stats.{Guid.NewGuid():N}"[..30];
        await ProviderWithAsync([Shuiyuandi], (key, 8m));
        await ProviderWithAsync([Shuiyuandi], (key, 9.99m));
        await ProviderWithAsync([Shuiyuandi], (key, 30m));
        (await (await app.AdminAsync()).PutAsync($"/api/guidance-prices/{key}", new SetGuidancePrice(10m))).ShouldHaveStatus(200);

        var stats = await StatisticsAsync("210102", key);

        Assert.Equal([new ItemStatistics(key, ServiceType.Repair, 3, Money.Of(8m), Money.Of(9.99m), Money.Of(30m), Money.Of(10m))], stats);
    }

    [Theory]
    [InlineData("/api/price-stats")]
    [InlineData("/api/price-stats?district=2101")]
    [InlineData("/api/price-stats?district=21010a")]
    [InlineData("/api/price-stats?district=2101020")]
    public async Task Statistics_without_district_code_return_400(string url)
    {
        var response = await app.Anonymous.GetAsync(url);

        response.ShouldBeProblem(400, "PriceStats_DistrictCode");
    }

    private async Task<List<ItemStatistics>> StatisticsAsync(string district, params string[] keys)
    {
        var all = (await app.Anonymous.GetAsync($"/api/price-stats?district={district}")).ShouldHaveStatus(200).As<List<ItemStatistics>>();
        return all.Where(s => keys.Contains(s.Comparable)).ToList();
    }

    private Task<RegisteredProvider> ProviderWithAsync(string[] area, params (string Comparable, decimal Price)[] prices) =>
        ProviderWithAsync(area, verify: true, prices);

    private Task<RegisteredProvider> ProviderWithAsync(string[] area, bool verify, (string Comparable, decimal Price)[] prices) =>
        app.RegisterProviderAsync([ServiceType.Repair], area, CardOf(prices), verify);

    private static PriceItemInput[] CardOf(params (string Comparable, decimal Price)[] prices) =>
        prices.Select((p, i) => PriceCards.Single($"ST-{i + 1}", ServiceType.Repair, p.Price, p.Comparable)[0]).ToArray();
}
