using LifeCircle.Demo;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>The people of the Shenyang demo seed that tests sign in as.</summary>
public static class DemoData
{
    public const string City = "2101";

    /// <summary>王秀兰, born 1939, lives alone in 水源地社区.</summary>
    public const string WangXiulanPhone = "13904001001";

    /// <summary>李桂芳, born 1944, lives alone in 砂阳南社区.</summary>
    public const string LiGuifangPhone = "13904001002";

    /// <summary>赵丽, born 1985, in 水源地社区.</summary>
    public const string ZhaoLiPhone = "13904001006";

    public const string CanteenPhone = "13904002001";
    public const string HousekeepingPhone = "13904002002";

    /// <summary>老王便民修理铺: repairs in the five demo communities only.</summary>
    public const string RepairCraftsmanPhone = "13904002003";

    /// <summary>沈阳安康家电维修服务部: repairs anywhere in the city.</summary>
    public const string ApplianceRepairPhone = "13904002004";

    public const string BathingTeamPhone = "13904002005";

    public const string Operator = "operator1";
    public const string Admin = "admin";

    /// <summary>水源地社区, home of 王秀兰 and 赵丽, served by every demo provider.</summary>
    public const string ShuiyuandiCommunity = "210102001002";

    /// <summary>玉屏二社区, a Heping community outside the repair craftsman's area.</summary>
    public const string YupingCommunity = "210102001012";

    /// <summary>春海社区居委会, a community of Dalian, another city (tenant).</summary>
    public const string DalianCommunity = "210202001002";

    public static Guid WangXiulan => DemoSeeder.Residents[0].Id;
    public static Guid LiGuifang => DemoSeeder.Residents[1].Id;
    public static Guid ZhaoLi => DemoSeeder.Residents[5].Id;

    public static Guid Canteen => DemoSeeder.Providers[0].Id;
    public static Guid HousekeepingCompany => DemoSeeder.Providers[1].Id;
    public static Guid RepairCraftsman => DemoSeeder.Providers[2].Id;
    public static Guid ApplianceRepair => DemoSeeder.Providers[3].Id;
    public static Guid BathingTeam => DemoSeeder.Providers[4].Id;
}
