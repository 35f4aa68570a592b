using Npgsql;

namespace LifeCircle.Bookings;

/// <summary>
/// Allocates the short booking numbers that people read aloud on the phone: digits only,
/// from one PostgreSQL sequence, so they are unique per city (and across cities).
/// </summary>
public sealed class BookingNumbers(NpgsqlDataSource dataSource)
{
    public const string SequenceSchema = "lifecircle";
    public const string SequenceName = "booking_number";
    public const long FirstNumber = 10_000_001;

    public async Task<string> NextAsync(CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand($"select nextval('{SequenceSchema}.{SequenceName}')");
        var value = (long)(await command.ExecuteScalarAsync(cancellation))!;
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
