using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Tenancy;
using LifeCircle.Demo;
using LifeCircle.Identity;
using LifeCircle.Providers;

namespace LifeCircle.Bench.Seeding;

/// <summary>
/// Generates providers as the <see cref="Provider"/> documents their onboarding streams would
/// project to (verified, staffed, with a price card in effect), and their sign-in accounts.
/// No provider stream is written: every reader of providers loads the document.
/// </summary>
public static class SeedProviders
{
    private static readonly ServiceType[][] ServiceMixes =
    [
        [ServiceType.Housekeeping],
        [ServiceType.Repair],
        [ServiceType.Housekeeping, ServiceType.Repair],
        [ServiceType.Meal],
        [ServiceType.Bathing],
        [ServiceType.Repair, ServiceType.Bathing]
    ];

    private static readonly ProviderKind[] Kinds =
        [ProviderKind.Company, ProviderKind.Craftsman, ProviderKind.CommunityCanteen, ProviderKind.CareOrganisation, ProviderKind.VolunteerTeam];

    public static Provider Create(int index, Random random, IReadOnlyList<string> communities, DateTimeOffset onboardedAt)
    {
        var forLoad = index < BenchAccounts.LoadAccounts;
        var services = forLoad
            ? [ServiceType.Housekeeping, ServiceType.Repair]
            : ServiceMixes[random.Next(ServiceMixes.Length)];

        // Half the providers serve the whole city (an empty area), the rest one to five communities.
        var area = forLoad || random.Next(2) == 0
            ? new List<string>()
            : Enumerable.Range(0, random.Next(1, 6)).Select(_ => communities[random.Next(communities.Count)]).Distinct().ToList();

        var items = PriceCardFor(services, random);
        var verified = forLoad || random.Next(20) != 0;
        return new Provider
        {
            Id = Ids.New(),
            Name = $"沈阳便民服务点{index:D6}",
            Kind = Kinds[random.Next(Kinds.Length)],
            Services = [.. services],
            ServiceArea = area,
            Phone = Phones.NormalizeMobile(BenchAccounts.ProviderPhone(index))!,
            Verified = verified,
            Staff = StaffFor(services, random, onboardedAt),
            PriceCard = items,
            CardVersion = 1,
            CardChangedAt = onboardedAt,
            CardVersions = [new PriceCardVersion(1, onboardedAt, [.. items], onboardedAt, onboardedAt)]
        };
    }

    public static Account AccountOf(Provider provider) => new()
    {
        Id = Ids.New(),
        Role = Roles.Provider,
        City = City.Shenyang,
        DisplayName = provider.Name,
        Phone = provider.Phone,
        ProviderId = provider.Id
    };

    /// <summary>The demo providers' card items for the services offered, each price moved by up to 20 %.</summary>
    private static List<PriceItem> PriceCardFor(IReadOnlyCollection<ServiceType> services, Random random) =>
        DemoSeeder.Providers
            .SelectMany(p => p.PriceCard)
            .Where(item => services.Contains(item.Service))
            .DistinctBy(item => item.Code)
            .Select(item => item with { Price = Money.Of(decimal.Round(item.Price.Yuan * (0.8m + (decimal)random.NextDouble() * 0.4m))) })
            .ToList();

    private static List<StaffMember> StaffFor(IReadOnlyCollection<ServiceType> services, Random random, DateTimeOffset onboardedAt)
    {
        var expires = DateOnly.FromDateTime(onboardedAt.UtcDateTime).AddYears(2);
        return Enumerable.Range(1, random.Next(1, 4))
            .Select(n => new StaffMember(Ids.New(), $"服务人员{n}号", [.. services],
            [
                new StaffCredential(CredentialKind.HomeServiceCreditRecord, $"LN{random.Next(1_000_000):D6}", expires),
                new StaffCredential(CredentialKind.HealthCertificate, $"JK{random.Next(1_000_000):D6}", expires)
            ]))
            .ToList();
    }
}
