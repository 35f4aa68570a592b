using LifeCircle.Providers;

namespace LifeCircle.Tests.Unit.Pricing;

/// <summary>Statistics and the reference-price window, without a host.</summary>
public sealed class PriceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<decimal[], int, decimal, decimal, decimal> Prices() => new()
    {
        { [7m], 1, 7m, 7m, 7m },
        { [15.5m, 9.9m, 12m], 3, 9.9m, 12m, 15.5m },
        { [20m, 10m, 13.25m, 12.5m], 4, 10m, 12.88m, 20m },
        { [1m, 2m, 3m, 4m], 4, 1m, 2.5m, 4m },
        { [0.02m, 0.03m], 2, 0.02m, 0.03m, 0.03m },
        { [12.5m, 13.23m], 2, 12.5m, 12.87m, 13.23m },
        { [5m, 5m, 5m, 9m], 4, 5m, 5m, 9m },
        { [30m, 8m, 9.99m, 12m, 12m], 5, 8m, 12m, 30m }
    };

    [Theory]
    [MemberData(nameof(Prices))]
    public void Summarize_returns_count_min_median_max(decimal[] prices, int count, decimal min, decimal median, decimal max)
    {
        var summary = PriceRules.Summarize(prices);

        Assert.Equal(count, summary.Count);
        Assert.Equal(min, summary.Min);
        Assert.Equal(median, summary.Median);
        Assert.Equal(max, summary.Max);
    }

    [Fact]
    public void Summarize_leaves_input_unsorted()
    {
        decimal[] prices = [3m, 1m, 2m];

        PriceRules.Summarize(prices);

        Assert.Equal([3m, 1m, 2m], prices);
    }

    public static TheoryData<TimeSpan, bool> ChargeTimes() => new()
    {
        { -TimeSpan.FromDays(7), true },
        { -TimeSpan.FromDays(7) + TimeSpan.FromTicks(1), true },
        { -TimeSpan.FromDays(7) - TimeSpan.FromTicks(1), false },
        { -TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1), false },
        { -TimeSpan.FromDays(3), true },
        { -TimeSpan.FromTicks(1), true },
        { TimeSpan.Zero, false },
        { TimeSpan.FromSeconds(1), false },
        { TimeSpan.FromDays(1), false }
    };

    [Theory]
    [MemberData(nameof(ChargeTimes))]
    public void InReferenceWindow_counts_the_7_days_before_now(TimeSpan fromNow, bool counts)
    {
        Assert.Equal(counts, PriceRules.InReferenceWindow(Now + fromNow, Now));
    }

    [Fact]
    public void InReferenceWindow_compares_instants_not_offsets()
    {
        var exactlySevenDaysInShanghai = (Now - TimeSpan.FromDays(7)).ToOffset(TimeSpan.FromHours(8));

        Assert.True(PriceRules.InReferenceWindow(exactlySevenDaysInShanghai, Now));
        Assert.False(PriceRules.InReferenceWindow(Now.ToOffset(TimeSpan.FromHours(8)), Now));
    }
}
