using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LifeCircle.Core;

/// <summary>
/// An amount in yuan with exactly two decimals, never negative.
/// Serialized as a plain JSON number such as <c>12.50</c>.
/// </summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money : IComparable<Money>
{
    public decimal Yuan { get; }

    private Money(decimal yuan) => Yuan = yuan;

    public static Money Zero => new(0m);

    /// <summary>Creates an amount, rejecting negatives and more than two decimals.</summary>
    public static Money Of(decimal yuan)
    {
        if (!IsValid(yuan))
        {
            throw new ArgumentOutOfRangeException(nameof(yuan), yuan,
                "Money must be zero or positive, with at most two decimals.");
        }

        return new Money(decimal.Round(yuan, 2) + 0.00m);
    }

    public static bool IsValid(decimal yuan) =>
        yuan >= 0m && yuan <= 100_000_000m && decimal.Round(yuan, 2) == yuan;

    public static Money operator +(Money left, Money right) => new(left.Yuan + right.Yuan);

    public Money Times(decimal quantity) => Of(decimal.Round(Yuan * quantity, 2, MidpointRounding.AwayFromZero));

    public int CompareTo(Money other) => Yuan.CompareTo(other.Yuan);

    public override string ToString() => Yuan.ToString("0.00", CultureInfo.InvariantCulture);
}

public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType == JsonTokenType.String
            ? decimal.Parse(reader.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
            : reader.GetDecimal();

        if (!Money.IsValid(value))
        {
            throw new JsonException($"Invalid amount {value}: money must be zero or positive, with at most two decimals.");
        }

        return Money.Of(value);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(decimal.Round(value.Yuan, 2) + 0.00m);
}
