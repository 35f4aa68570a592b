using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>
/// One resident of the simulated population. The profile values are replaced by the app's
/// stored profile once the resident is registered or found, so a re-run uses what the app holds.
/// </summary>
public sealed class Member
{
    /// <summary>The 11-digit national mobile number.</summary>
    public required string Phone { get; init; }
    public required string Name { get; init; }
    public required string CommunityCode { get; set; }
    public string? Address { get; init; }
    public int? BirthYear { get; set; }
    public bool LivesAlone { get; set; }
    public bool HasDisability { get; set; }

    /// <summary>True when the resident books in the app themselves; otherwise they phone an operator.</summary>
    public required bool UsesApp { get; init; }

    public bool IsDemo { get; init; }
    public Guid ResidentId { get; set; }
    public string? Token { get; set; }

    /// <summary>True when the stored profile has no community, so bookings must name one.</summary>
    public bool LacksCommunity { get; set; }

    /// <summary>China's elderly age (老年人) starts at 60.</summary>
    public bool IsElderlyIn(int year) => BirthYear is { } born && year - born >= 60;

    public void Adopt(ResidentProfile profile)
    {
        ResidentId = profile.Id;
        BirthYear = profile.BirthYear;
        LivesAlone = profile.LivesAlone;
        HasDisability = profile.HasDisability;
        LacksCommunity = profile.CommunityCode is null;
        if (profile.CommunityCode is { } community)
        {
            CommunityCode = community;
        }
    }
}

/// <summary>
/// The residents of the simulated day: the ten demo residents, who sign in to the app, and
/// callers registered by operators with phones 1390500xxxx. A caller's details depend only
/// on their number, not on the seed, so every run registers or finds the same people.
/// </summary>
public static class Population
{
    /// <summary>Demo communities of Heping district, Shenyang, where every demo provider works.</summary>
    public static readonly string[] Communities = ["210102001002", "210102001003", "210102001005", "210102001007", "210102001010"];

    public static readonly string[] DemoResidentPhones = Enumerable.Range(1, 10).Select(i => $"139040010{i:D2}").ToArray();

    public static readonly string[] ProviderPhones = Enumerable.Range(1, 5).Select(i => $"1390400200{i}").ToArray();

    public const int MaxCallers = 9_999;

    /// <summary>
    /// Picks the callers for <paramref name="bookings"/> bookings, enough that most residents
    /// book once in the day: phone callers for the phoned-in share, and app users for the rest,
    /// beyond the demo residents and within <paramref name="appCallerBudget"/> sign-ins. Callers
    /// are taken in number order, so runs with the same options use the same people.
    /// </summary>
    public static List<Member> Callers(int bookings, int appCallerBudget, int demoElderly, int demoYounger,
        IReadOnlyDictionary<string, string> communityNames)
    {
        var elderlyBookings = bookings * Mix.ElderlyBookingShare;
        var youngerBookings = bookings - elderlyBookings;
        static int Residents(double groupBookings) => (int)Math.Ceiling(groupBookings * Mix.ResidentsPerBooking);

        var elderlyInApp = Math.Max(0, Residents(elderlyBookings * (1 - Mix.PhoneShare(true))) - demoElderly);
        var youngerInApp = Math.Max(0, Residents(youngerBookings * (1 - Mix.PhoneShare(false))) - demoYounger);
        if (elderlyInApp + youngerInApp > appCallerBudget)
        {
            var scaled = (int)Math.Floor((double)appCallerBudget * elderlyInApp / (elderlyInApp + youngerInApp));
            (elderlyInApp, youngerInApp) = (scaled, appCallerBudget - scaled);
        }

        var needed = new Dictionary<(bool Elderly, bool UsesApp), int>
        {
            [(true, false)] = Residents(elderlyBookings * Mix.PhoneShare(true)),
            [(false, false)] = Residents(youngerBookings * Mix.PhoneShare(false)),
            [(true, true)] = elderlyInApp,
            [(false, true)] = youngerInApp
        };

        var callers = new List<Member>();
        for (var index = 1; index <= MaxCallers && needed.Values.Any(n => n > 0); index++)
        {
            var caller = Caller(index, communityNames);
            var group = (IsElderlyNumber(index), caller.UsesApp);
            if (needed[group] > 0)
            {
                needed[group]--;
                callers.Add(caller);
            }
        }

        return callers;
    }

    private static bool IsElderlyNumber(int index) => index % 5 < 3;

    public static IEnumerable<Member> DemoResidents() => DemoResidentPhones.Select(phone => new Member
    {
        Phone = phone,
        Name = "",
        CommunityCode = Communities[0],
        UsesApp = true,
        IsDemo = true
    });

    /// <summary>
    /// The caller with number <paramref name="index"/> (1-based). Three in five are elderly
    /// (born 1935–1955), nearly half of them living alone; the others were born 1970–2004. A
    /// quarter of the elderly and most younger residents use the app.
    /// </summary>
    public static Member Caller(int index, IReadOnlyDictionary<string, string> communityNames)
    {
        var random = new Random(unchecked(index * 7919 + 104_729));
        var elderly = IsElderlyNumber(index);
        var female = random.NextDouble() < 0.55;
        var community = Communities[index % Communities.Length];
        var communityName = communityNames.GetValueOrDefault(community, "");
        var givenNames = (elderly, female) switch
        {
            (true, true) => ElderlyWomen,
            (true, false) => ElderlyMen,
            (false, true) => YoungerWomen,
            _ => YoungerMen
        };

        return new Member
        {
            Phone = $"1390500{index:D4}",
            Name = Surnames[random.Next(Surnames.Length)] + givenNames[random.Next(givenNames.Length)],
            CommunityCode = community,
            Address = $"沈阳市和平区{communityName}{random.Next(1, 21)}号楼{random.Next(1, 7)}单元{random.Next(1, 19)}0{random.Next(1, 5)}",
            BirthYear = elderly ? random.Next(1935, 1956) : random.Next(1970, 2005),
            LivesAlone = random.NextDouble() < (elderly ? 0.45 : 0.15),
            HasDisability = random.NextDouble() < (elderly ? 0.06 : 0.02),
            UsesApp = random.NextDouble() < (elderly ? 0.25 : 0.875)
        };
    }

    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "于"];

    private static readonly string[] ElderlyWomen = ["秀兰", "桂英", "玉兰", "淑芬", "凤英", "秀珍", "桂兰", "淑珍", "玉珍", "素梅"];

    private static readonly string[] ElderlyMen = ["建国", "德胜", "国华", "振华", "志刚", "树林", "长海", "宝山", "福生", "永利"];

    private static readonly string[] YoungerWomen = ["静", "丽", "婷", "敏", "晓燕", "雪", "丹", "佳琪", "欣怡", "莉莉"];

    private static readonly string[] YoungerMen = ["伟", "磊", "强", "洋", "浩", "鹏", "宇", "超", "凯", "俊杰"];
}
