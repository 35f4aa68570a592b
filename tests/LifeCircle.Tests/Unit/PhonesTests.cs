using LifeCircle.Core.Identity;

namespace LifeCircle.Tests.Unit;

public sealed class PhonesTests
{
    [Theory]
    [InlineData("13812341234", "+8613812341234")]
    [InlineData("138 1234 1234", "+8613812341234")]
    [InlineData("138-1234-1234", "+8613812341234")]
    [InlineData("+86 138 1234 1234", "+8613812341234")]
    [InlineData("+8619912345678", "+8619912345678")]
    public void NormalizeMobile_returns_e164(string input, string expected)
    {
        Assert.Equal(expected, Phones.NormalizeMobile(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("12812341234")]
    [InlineData("02423456789")]
    [InlineData("+14155550123")]
    [InlineData("1381234123")]
    [InlineData("138123412345")]
    [InlineData("not a phone")]
    [InlineData("138123412341381234123413812341234")]
    public void NormalizeMobile_rejects_non_mobile_numbers(string? input)
    {
        Assert.Null(Phones.NormalizeMobile(input));
    }

    [Theory]
    [InlineData("+8613812341234", "138****1234")]
    [InlineData("13812341234", "138****1234")]
    [InlineData("+8619912345678", "199****5678")]
    [InlineData("1234567", "*******")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_keeps_first_three_and_last_four_digits(string? phone, string expected)
    {
        Assert.Equal(expected, Phones.Mask(phone));
    }

    [Fact]
    public void National_strips_country_code()
    {
        Assert.Equal("13812341234", Phones.National("+8613812341234"));
        Assert.Equal("13812341234", Phones.National("13812341234"));
    }
}
