using LifeCircle.Bookings;
using LifeCircle.Residents;

namespace LifeCircle.Tests.Unit;

public sealed class PriorityOfTests
{
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Shanghai, where ages are counted.
    private static readonly DateTimeOffset NewYearInShanghai = new(2026, 12, 31, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1946, false, false, ElderPriority.Aged80OrOver)]
    [InlineData(1930, true, true, ElderPriority.Aged80OrOver)]
    [InlineData(1947, false, false, ElderPriority.None)]
    [InlineData(1956, true, false, ElderPriority.Aged70LivingAlone)]
    [InlineData(1947, true, true, ElderPriority.Aged70LivingAlone)]
    [InlineData(1957, true, false, ElderPriority.None)]
    [InlineData(1957, true, true, ElderPriority.Disability)]
    [InlineData(1990, false, true, ElderPriority.Disability)]
    [InlineData(1990, false, false, ElderPriority.None)]
    public void PriorityOf_follows_age_living_alone_and_disability(int birthYear, bool livesAlone, bool disability, ElderPriority expected)
    {
        var resident = new ResidentProfile { BirthYear = birthYear, LivesAlone = livesAlone, HasDisability = disability };

        Assert.Equal(expected, CreateBookingEndpoint.PriorityOf(resident, Now));
    }

    [Fact]
    public void PriorityOf_without_birth_year_uses_disability_only()
    {
        Assert.Equal(ElderPriority.None, CreateBookingEndpoint.PriorityOf(new ResidentProfile { LivesAlone = true }, Now));
        Assert.Equal(ElderPriority.Disability, CreateBookingEndpoint.PriorityOf(new ResidentProfile { HasDisability = true }, Now));
    }

    [Fact]
    public void PriorityOf_counts_age_by_year_in_shanghai()
    {
        var resident = new ResidentProfile { BirthYear = 1947 };

        Assert.Equal(ElderPriority.Aged80OrOver, CreateBookingEndpoint.PriorityOf(resident, NewYearInShanghai));
    }
}
