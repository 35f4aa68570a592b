using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Tenancy;
using LifeCircle.Identity;
using LifeCircle.Providers;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace LifeCircle.Demo;

/// <summary>
/// The Shenyang demo set: residents of five Heping district communities (several elderly
/// and living alone), four providers with posted prices in line with common practice, and
/// operator and administrator accounts. Ids are fixed, so seeding twice stores nothing new.
/// </summary>
public sealed class DemoSeeder(IDocumentStore store, IConfiguration configuration)
{
    public const string DefaultPassword = "LifeCircle-2026";

    /// <summary>Communities of Heping district, Shenyang (street 浑河湾街道 and 新华街道).</summary>
    public static readonly string[] Communities = ["210102001002", "210102001003", "210102001005", "210102001007", "210102001010"];

    public static readonly IReadOnlyList<ResidentProfile> Residents =
    [
        Resident(1, "王秀兰", "13904001001", 0, "水源地社区3号楼2单元501", 1939, livesAlone: true),
        Resident(2, "李桂芳", "13904001002", 1, "砂阳南社区7号楼1单元302", 1944, livesAlone: true),
        Resident(3, "张德明", "13904001003", 2, "南京南社区12号楼3单元101", 1948, livesAlone: false),
        Resident(4, "刘淑珍", "13904001004", 3, "河北社区5号楼4单元602", 1952, livesAlone: true),
        Resident(5, "陈国庆", "13904001005", 4, "万和社区2号楼1单元201", 1956, livesAlone: false, disability: true),
        Resident(6, "赵丽", "13904001006", 0, "水源地社区8号楼2单元1102", 1985, livesAlone: false),
        Resident(7, "孙伟", "13904001007", 1, "砂阳南社区1号楼3单元702", 1990, livesAlone: false),
        Resident(8, "周敏", "13904001008", 2, "南京南社区6号楼1单元401", 1978, livesAlone: false),
        Resident(9, "吴建华", "13904001009", 3, "河北社区9号楼2单元302", 1941, livesAlone: false),
        Resident(10, "郑玉梅", "13904001010", 4, "万和社区4号楼5单元502", 1946, livesAlone: true)
    ];

    public static readonly IReadOnlyList<Provider> Providers =
    [
        new()
        {
            Id = Fixed(101), Name = "和平区幸福里社区长者食堂", Kind = ProviderKind.CommunityCanteen, Phone = "+8613904002001",
            Services = [ServiceType.Meal], ServiceArea = [.. Communities], Verified = true,
            PriceCard =
            [
                Item("MEAL-L", ServiceType.Meal, "午餐套餐", "两荤一素一汤，米饭或馒头", "份", 12m, PriceUnit.PerPortion, "meal.lunch-set"),
                Item("MEAL-D", ServiceType.Meal, "晚餐套餐", "一荤两素一粥", "份", 10m, PriceUnit.PerPortion, "meal.dinner-set"),
                Item("MEAL-SOFT", ServiceType.Meal, "软食套餐", "软烂易嚼，少盐少油", "份", 12m, PriceUnit.PerPortion, "meal.soft-set"),
                Item("MEAL-DLV", ServiceType.Meal, "送餐上门", "社区内送餐到户", "次", 3m, PriceUnit.PerJob, "meal.delivery")
            ]
        },
        new()
        {
            Id = Fixed(102), Name = "沈阳家佳家政服务有限公司", Kind = ProviderKind.Company, Phone = "+8613904002002",
            Services = [ServiceType.Housekeeping], ServiceArea = [], Verified = true,
            PriceCard =
            [
                Item("HK-ROUTINE", ServiceType.Housekeeping, "日常保洁", "客厅、卧室、厨房、卫生间除尘擦拭，2小时起", "小时", 45m, PriceUnit.PerHour, "housekeeping.routine-hour"),
                Item("HK-DEEP", ServiceType.Housekeeping, "深度保洁", "全屋深度清洁，含厨卫除垢", "平方米", 8m, PriceUnit.PerSquareMetre, "housekeeping.deep-sqm"),
                Item("HK-WINDOW", ServiceType.Housekeeping, "擦玻璃", "室内外玻璃及窗框（高层仅室内）", "平方米", 6m, PriceUnit.PerSquareMetre, "housekeeping.window-sqm"),
                Item("HK-HOOD", ServiceType.Housekeeping, "油烟机清洗", "拆洗油烟机内外及滤网", "台", 120m, PriceUnit.PerPiece, "housekeeping.hood")
            ]
        },
        new()
        {
            Id = Fixed(103), Name = "老王便民修理铺", Kind = ProviderKind.Craftsman, Phone = "+8613904002003",
            Services = [ServiceType.Repair], ServiceArea = [.. Communities], Verified = true,
            PriceCard =
            [
                Item("RP-VISIT", ServiceType.Repair, "上门检测费", "仅检测未维修时收取；维修则免收", "次", 30m, PriceUnit.PerJob, "repair.visit", FeeKind.InspectionVisitFee),
                Item("RP-SHOE", ServiceType.Repair, "修鞋换跟", "更换鞋跟，含普通鞋跟配件", "双", 25m, PriceUnit.PerPiece, "repair.shoe-heel"),
                Item("RP-KEY", ServiceType.Repair, "配钥匙（普通）", "普通单排钥匙", "把", 5m, PriceUnit.PerPiece, "repair.key-basic"),
                Item("RP-KEY-SEC", ServiceType.Repair, "配钥匙（防盗门）", "防盗门叶片/十字钥匙", "把", 15m, PriceUnit.PerPiece, "repair.key-security"),
                Item("RP-MEND", ServiceType.Repair, "衣物缝补", "扦裤脚、换拉链（拉链另计）", "件", 10m, PriceUnit.PerPiece, "repair.mending"),
                Item("RP-TAP", ServiceType.Repair, "更换水龙头", "人工费，配件按零售价另计，配件保修6个月", "个", 40m, PriceUnit.PerPiece, "repair.tap"),
                Item("RP-TAP-PART", ServiceType.Repair, "水龙头（配件）", "普通单把混水龙头，按零售价", "个", 35m, PriceUnit.PerPiece,
                    "repair.tap-part", FeeKind.PartsAtRetail)
            ]
        },
        new()
        {
            Id = Fixed(104), Name = "沈阳安康家电维修服务部", Kind = ProviderKind.Company, Phone = "+8613904002004",
            Services = [ServiceType.Repair], ServiceArea = [], Verified = true,
            PriceCard =
            [
                Item("AP-VISIT", ServiceType.Repair, "上门检测费", "仅检测未维修时收取；维修则免收", "次", 30m, PriceUnit.PerJob, "repair.visit", FeeKind.InspectionVisitFee),
                Item("AP-AC-CLEAN", ServiceType.Repair, "空调清洗", "挂机内机拆洗消毒", "台", 80m, PriceUnit.PerPiece, "repair.ac-clean"),
                Item("AP-WASHER", ServiceType.Repair, "洗衣机维修", "人工费，配件按零售价另计，配件保修6个月", "项", 60m, PriceUnit.PerJob, "repair.washer"),
                Item("AP-ELEC", ServiceType.Repair, "电路检修", "插座、开关、灯具更换人工费", "处", 30m, PriceUnit.PerPiece, "repair.electrical-point")
            ]
        },
        new()
        {
            Id = Fixed(105), Name = "和平区夕阳红助浴服务队", Kind = ProviderKind.CareOrganisation, Phone = "+8613904002005",
            Services = [ServiceType.Bathing], ServiceArea = [.. Communities], Verified = true,
            PriceCard =
            [
                Item("BA-HOME", ServiceType.Bathing, "上门助浴", "两名助浴员，含助浴用品与洗后护理", "次", 128m, PriceUnit.PerJob, "bathing.home"),
                Item("BA-VAN", ServiceType.Bathing, "助浴车上门", "移动助浴车到楼下，两名助浴员", "次", 198m, PriceUnit.PerJob, "bathing.van"),
                Item("BA-CENTRE", ServiceType.Bathing, "中心助浴", "在服务中心助浴，含接送", "次", 99m, PriceUnit.PerJob, "bathing.centre")
            ]
        }
    ];

    public async Task<(int Residents, int Providers)> SeedAsync(CancellationToken cancellation)
    {
        var password = configuration["LifeCircle:Demo:Password"] ?? DefaultPassword;
        var hasher = new PasswordHasher<Account>();

        await using var session = store.LightweightSession(City.Shenyang);
        foreach (var resident in Residents)
        {
            if (await session.Events.FetchStreamStateAsync(resident.Id, cancellation) is null)
            {
                session.Events.StartStream<ResidentProfile>(resident.Id, RegistrationOf(resident));
            }
        }

        foreach (var provider in Providers)
        {
            if (await session.Events.FetchStreamStateAsync(provider.Id, cancellation) is null)
            {
                session.Events.StartStream<Provider>(provider.Id, OnboardingOf(provider));
            }
        }

        var accounts = Residents.Select(r => new Account
            {
                Id = Fixed(1000 + (int)(r.Id.ToByteArray()[15])), Role = Roles.Resident, City = City.Shenyang,
                DisplayName = r.Name, Phone = r.Phone, ResidentId = r.Id
            })
            .Concat(Providers.Select(p => new Account
            {
                Id = Fixed(2000 + p.Id.ToByteArray()[15]), Role = Roles.Provider, City = City.Shenyang,
                DisplayName = p.Name, Phone = p.Phone, ProviderId = p.Id
            }))
            .Concat(Staff("operator1", "客服坐席 小林", Roles.Operator, 3001))
            .Concat(Staff("operator2", "客服坐席 小周", Roles.Operator, 3002))
            .Concat(Staff("admin", "和平区商务局管理员", Roles.Admin, 3003))
            .ToArray();
        foreach (var account in accounts.Where(a => a.UserName is not null))
        {
            account.PasswordHash = hasher.HashPassword(account, password);
        }

        session.Store(accounts);
        await session.SaveChangesAsync(cancellation);
        return (Residents.Count, Providers.Count);
    }

    /// <summary>The events that register a demo resident: contact, then elder attributes with in-app consent.</summary>
    private static object[] RegistrationOf(ResidentProfile resident)
    {
        var by = new Actor(ActorRole.Resident, Fixed(1000 + resident.Id.ToByteArray()[15]), Channel.App, resident.Id);
        return
        [
            new ResidentRegistered
            {
                ResidentId = resident.Id, Name = resident.Name, Mobile = resident.Phone, CommunityCode = resident.CommunityCode,
                Address = resident.Address, BirthYear = resident.BirthYear, By = by, At = resident.RegisteredAt
            },
            new ElderAttributesRecorded
            {
                ResidentId = resident.Id, LivesAlone = resident.LivesAlone, HasDisability = resident.HasDisability,
                Consent = new Consent(ConsentForm.InApp, ConsentPurposes.ElderPriority, by.AccountId, by.Role, resident.RegisteredAt),
                By = by, At = resident.RegisteredAt
            }
        ];
    }

    /// <summary>
    /// The events that onboard a demo provider: registration, verification, two staff members
    /// with credentials valid to the end of 2027, and its first price card.
    /// </summary>
    private static object[] OnboardingOf(Provider provider)
    {
        var admin = new Actor(ActorRole.Admin, Fixed(3003), Channel.App);
        var at = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var events = new List<object>
        {
            new ProviderRegistered(provider.Id, provider.Name, provider.Kind, [.. provider.Services], [.. provider.ServiceArea],
                provider.Phone, admin, at),
            new ProviderVerified(provider.Id, admin, at)
        };
        foreach (var (name, index) in StaffNames(provider).Select((n, i) => (n, i)))
        {
            var staffId = Fixed(5000 + provider.Id.ToByteArray()[15] * 10 + index);
            events.Add(new StaffMemberAdded(provider.Id, staffId, name, [.. provider.Services], admin, at));
            foreach (var kind in new[] { CredentialKind.HomeServiceCreditRecord, CredentialKind.HealthCertificate })
            {
                events.Add(new CredentialRecorded(provider.Id, staffId, kind, $"LN{staffId.ToByteArray()[15]:D3}{(int)kind}",
                    new DateOnly(2027, 12, 31), admin, at));
            }
        }

        events.Add(new PriceCardPublished(provider.Id, 1, at, [.. provider.PriceCard], admin, at));
        events.Add(new PriceCardTookEffect(provider.Id, 1, at));
        return [.. events];
    }

    private static string[] StaffNames(Provider provider) => provider.Kind switch
    {
        ProviderKind.CommunityCanteen => ["食堂配餐员 马师傅", "送餐员 小孙"],
        ProviderKind.Craftsman => ["王师傅"],
        ProviderKind.CareOrganisation => ["助浴员 李护工", "助浴员 赵护工"],
        _ => ["服务人员 刘师傅", "服务人员 陈师傅"]
    };

    public static Guid Fixed(int number) => Guid.Parse($"0190f000-0000-7000-8000-{number:D12}");

    private static IEnumerable<Account> Staff(string userName, string name, string role, int number) =>
    [
        new Account { Id = Fixed(number), Role = role, City = City.Shenyang, DisplayName = name, UserName = userName }
    ];

    private static ResidentProfile Resident(int number, string name, string mobile, int community, string address,
        int birthYear, bool livesAlone, bool disability = false) => new()
    {
        Id = Fixed(number),
        Name = name,
        Phone = Phones.NormalizeMobile(mobile)!,
        CommunityCode = Communities[community],
        Address = $"沈阳市和平区{address}",
        BirthYear = birthYear,
        LivesAlone = livesAlone,
        HasDisability = disability,
        RegisteredAt = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.FromHours(8))
    };

    private static PriceItem Item(string code, ServiceType service, string name, string includes, string unit, decimal price,
        PriceUnit unitKind, string comparable, FeeKind fee = FeeKind.Service) =>
        new(code, service, name, includes, unit, Money.Of(price), unitKind, fee, comparable);
}
