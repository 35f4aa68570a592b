using System.Globalization;
using System.Net;

namespace LifeCircle.Simulator;

/// <summary>The validated options of one simulator run.</summary>
public sealed record SimulationSettings(
    int Bookings,
    DateOnly Day,
    Uri BaseUrl,
    int Concurrency,
    int Seed,
    string Password,
    int MaxMinutes,
    int MaxCodeSends)
{
    public const int MaxBookings = 10_000;
    public const int MaxConcurrency = 64;
    public const int MaxRunMinutes = 600;

    /// <summary>Five providers and ten demo residents sign in by code on every run.</summary>
    public const int MinCodeSends = 15;

    /// <summary>Bookings in the past are rejected by the app, and it accepts up to 30 days ahead.</summary>
    public const int MaxDaysAhead = 25;

    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly TodayInShanghai(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime);

    /// <summary>
    /// Checks the raw option values. Returns the settings, or an error message for the
    /// user; the caller exits with status 2 on an error.
    /// </summary>
    public static (SimulationSettings? Settings, string? Error) Create(int bookings, string? day, string url,
        int concurrency, int seed, string password, int maxMinutes, int maxCodeSends, DateTimeOffset now)
    {
        if (bookings is < 1 or > MaxBookings)
        {
            return (null, $"--bookings must be between 1 and {MaxBookings}, got {bookings}.");
        }

        if (concurrency is < 1 or > MaxConcurrency)
        {
            return (null, $"--concurrency must be between 1 and {MaxConcurrency}, got {concurrency}.");
        }

        if (maxMinutes is < 1 or > MaxRunMinutes)
        {
            return (null, $"--max-minutes must be between 1 and {MaxRunMinutes}, got {maxMinutes}.");
        }

        if (maxCodeSends is < MinCodeSends or > MaxBookings)
        {
            return (null, $"--max-code-sends must be between {MinCodeSends} and {MaxBookings}, got {maxCodeSends}.");
        }

        if (string.IsNullOrEmpty(password))
        {
            return (null, "--password must not be empty.");
        }

        var (baseUrl, urlError) = ParseLoopbackUrl(url);
        if (urlError is not null)
        {
            return (null, urlError);
        }

        var today = TodayInShanghai(now);
        var (date, dayError) = ParseDay(day, today);
        if (dayError is not null)
        {
            return (null, dayError);
        }

        return (new SimulationSettings(bookings, date, baseUrl!, concurrency, seed, password, maxMinutes, maxCodeSends), null);
    }

    /// <summary>
    /// Accepts only http(s) URLs whose host is loopback (localhost, 127.0.0.0/8, ::1), so
    /// the simulator's load never reaches another machine.
    /// </summary>
    public static (Uri? Url, string? Error) ParseLoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"--url must be an absolute http or https URL, got '{url}'.");
        }

        if (!IsLoopbackHost(uri.Host))
        {
            return (null, $"--url host '{uri.Host}' is not a loopback address: the simulator only sends traffic to " +
                          "localhost, 127.0.0.0/8 or ::1. Start the app locally (./ops/run) and point --url at it.");
        }

        var text = uri.GetLeftPart(UriPartial.Path);
        return (new Uri(text.EndsWith('/') ? text : text + "/"), null);
    }

    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static (DateOnly Day, string? Error) ParseDay(string? day, DateOnly today)
    {
        var first = today.AddDays(1);
        var last = today.AddDays(MaxDaysAhead);
        if (string.IsNullOrWhiteSpace(day))
        {
            return (first, null);
        }

        if (!DateOnly.TryParseExact(day.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (default, $"--day must be a date in the form YYYY-MM-DD, got '{day}'.");
        }

        if (date < first || date > last)
        {
            return (default, $"--day must be between {first:yyyy-MM-dd} and {last:yyyy-MM-dd} (tomorrow to {MaxDaysAhead} days " +
                             $"ahead in Asia/Shanghai), got {date:yyyy-MM-dd}: the app rejects bookings in the past.");
        }

        return (date, null);
    }
}
