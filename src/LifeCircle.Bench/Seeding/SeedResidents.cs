using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Tenancy;
using LifeCircle.Identity;
using LifeCircle.Residents;

namespace LifeCircle.Bench.Seeding;

/// <summary>A seeded resident: the events of its stream, the profile they project to, and its account.</summary>
public sealed record SeedResident(object[] Events, ResidentProfile Profile, Account Account);

/// <summary>
/// Generates residents registered in the app (the same events as an app sign-in followed by a
/// profile update), with elder attributes and in-app consent for those aged 70 or over.
/// </summary>
public static class SeedResidents
{
    public static SeedResident Create(int index, Random random, IReadOnlyList<string> communities, DateTimeOffset registeredAt)
    {
        var residentId = Ids.New();
        var accountId = Ids.New();
        var by = new Actor(ActorRole.Resident, accountId, Channel.App, residentId);
        var birthYear = random.Next(1930, 2001);
        var registered = new ResidentRegistered
        {
            ResidentId = residentId,
            Name = $"居民{index:D6}",
            Mobile = Phones.NormalizeMobile(BenchAccounts.ResidentPhone(index))!,
            CommunityCode = communities[random.Next(communities.Count)],
            Address = $"沈阳市和平区{random.Next(1, 40)}号楼{random.Next(1, 7)}单元{random.Next(1, 19)}0{random.Next(1, 5)}",
            BirthYear = birthYear,
            By = by,
            At = registeredAt
        };

        var events = new List<object> { registered };
        var profile = ResidentProfileProjection.Create(registered);
        if (registeredAt.Year - birthYear >= 70)
        {
            var attributes = new ElderAttributesRecorded
            {
                ResidentId = residentId,
                LivesAlone = random.Next(3) == 0,
                HasDisability = random.Next(10) == 0,
                Consent = new Consent(ConsentForm.InApp, ConsentPurposes.ElderPriority, accountId, ActorRole.Resident, registeredAt),
                By = by,
                At = registeredAt
            };
            events.Add(attributes);
            profile = ResidentProfileProjection.Apply(attributes, profile);
        }

        var account = new Account
        {
            Id = accountId,
            Role = Roles.Resident,
            City = City.Shenyang,
            DisplayName = registered.Name,
            Phone = registered.Mobile,
            ResidentId = residentId
        };
        return new SeedResident([.. events], profile, account);
    }
}
