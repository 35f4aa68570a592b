using System.Globalization;

namespace LifeCircle.Bench.Seeding;

/// <summary>
/// The sign-in phones of the seeded residents and providers. The seed tool gives resident i
/// and provider i these numbers; the load driver signs in with the first few of each.
/// </summary>
public static class BenchAccounts
{
    private const long FirstResidentPhone = 139_0500_0000;
    private const long FirstProviderPhone = 139_0600_0000;

    /// <summary>
    /// The providers below this index take both housekeeping and repair jobs in every
    /// community of the city, so any of them can accept any booking the load driver makes.
    /// </summary>
    public const int LoadAccounts = 64;

    /// <summary>Phones exist for indexes 0 to 99,999 of each kind.</summary>
    public const int MaxPerKind = 100_000;

    public static string ResidentPhone(int index) => Phone(FirstResidentPhone, index);

    public static string ProviderPhone(int index) => Phone(FirstProviderPhone, index);

    private static string Phone(long first, int index)
    {
        if (index is < 0 or >= MaxPerKind)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "Seeded phone numbers cover indexes 0 to 99,999.");
        }

        return (first + index).ToString(CultureInfo.InvariantCulture);
    }
}
