using System.Globalization;
using System.Text.Json.Nodes;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// Request bodies for <c>POST /api/bookings</c>. Windows are tomorrow in Asia/Shanghai, so
/// they are in the future and within the 30 days a booking may look ahead.
/// </summary>
public static class BookingBodies
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Tomorrow's date in Asia/Shanghai.</summary>
    public static DateOnly Tomorrow() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Shanghai).Date).AddDays(1);

    /// <summary>Today's date in Asia/Shanghai, the key of the dashboard's daily statistics.</summary>
    public static string Today() => DateTimeOffset.UtcNow.ToOffset(Shanghai).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A repair open to every provider. <paramref name="marker"/> goes into the symptom, so a
    /// scenario can find the booking in the read model by it.
    /// </summary>
    public static JsonObject Repair(string marker, Guid? residentId = null, int startHour = 10, string item = "水龙头") => new()
    {
        ["service"] = "Repair",
        ["residentId"] = residentId?.ToString(),
        ["windowStart"] = At(startHour),
        ["windowEnd"] = At(startHour + 2),
        ["repair"] = new JsonObject
        {
            ["category"] = "Plumbing",
            ["item"] = item,
            ["symptom"] = $"关不紧，一直滴水 {marker}",
            ["partsMayBeNeeded"] = false
        }
    };

    /// <summary>Two hours of routine cleaning, which the demo housekeeping company takes.</summary>
    public static JsonObject Housekeeping(Guid? residentId = null, int startHour = 14) => new()
    {
        ["service"] = "Housekeeping",
        ["residentId"] = residentId?.ToString(),
        ["windowStart"] = At(startHour),
        ["windowEnd"] = At(startHour + 3),
        ["housekeeping"] = new JsonObject
        {
            ["task"] = "RoutineCleaning",
            ["hours"] = 2,
            ["homeSize"] = "TwoBedrooms"
        }
    };

    private static string At(int hour) =>
        new DateTimeOffset(Tomorrow().ToDateTime(new TimeOnly(hour, 0)), Shanghai).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
