using System.Text.Json;
using LifeCircle.Core;
using LifeCircle.Core.Http;

namespace LifeCircle.Tests.Unit;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.01")]
    [InlineData("12.5")]
    [InlineData("100000000")]
    public void Of_accepts_non_negative_amounts_with_two_decimals(string yuan)
    {
        var amount = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(Money.IsValid(amount));
        Assert.Equal(amount, Money.Of(amount).Yuan);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("12.345")]
    [InlineData("0.001")]
    [InlineData("100000000.01")]
    public void Of_rejects_negative_oversized_or_three_decimal_amounts(string yuan)
    {
        var amount = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(Money.IsValid(amount));
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.Of(amount));
    }

    [Fact]
    public void Equal_amounts_with_different_scale_are_equal()
    {
        Assert.Equal(Money.Of(12.5m), Money.Of(12.50m));
        Assert.Equal("12.50", Money.Of(12.5m).ToString());
    }

    [Theory]
    [InlineData("45", "1.5", "67.50")]
    [InlineData("0.25", "0.5", "0.13")]
    [InlineData("0.35", "3", "1.05")]
    [InlineData("1.99", "0.33", "0.66")]
    [InlineData("0.01", "0.4", "0.00")]
    public void Times_rounds_half_away_from_zero_to_fen(string price, string quantity, string expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;

        var amount = Money.Of(decimal.Parse(price, culture)).Times(decimal.Parse(quantity, culture));

        Assert.Equal(expected, amount.ToString());
    }

    [Fact]
    public void Sum_adds_amounts()
    {
        Assert.Equal(Money.Of(10.05m), Money.Of(9.99m) + Money.Of(0.06m));
        Assert.True(Money.Of(1m).CompareTo(Money.Of(0.99m)) > 0);
    }

    [Fact]
    public void Json_writes_two_decimals()
    {
        Assert.Equal("{\"a\":12.50,\"b\":0.00}", JsonSerializer.Serialize(new { a = Money.Of(12.5m), b = Money.Zero }, ApiJson.Options));
    }

    [Theory]
    [InlineData("12.5", "12.50")]
    [InlineData("\"7.25\"", "7.25")]
    [InlineData("0", "0.00")]
    public void Json_reads_numbers_and_numeric_strings(string json, string expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize<Money>(json, ApiJson.Options).ToString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.005")]
    public void Json_rejects_invalid_amounts(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>(json, ApiJson.Options));
    }
}
