using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>
/// A typical repair job: what the resident reports, and the price card items that bill it.
/// <paramref name="PriceCodes"/> lists the items that do the job; a provider without any of
/// them only inspects and bills its visit fee.
/// </summary>
public sealed record RepairJob(RepairCategory Category, string Item, string Symptom, bool PartsMayBeNeeded, string[] PriceCodes, decimal Quantity);

/// <summary>
/// The words and weights of the scenario: what residents ask for and how often. Price card
/// codes are those of the Shenyang demo providers; a card without the code falls back to
/// its first item for the service.
/// </summary>
public static class Catalog
{
    public static readonly (RepairJob Job, int Weight)[] RepairJobs =
    [
        (new(RepairCategory.Appliance, "空调", "制冷效果差，想清洗一下", false, ["AP-AC-CLEAN"], 1m), 12),
        (new(RepairCategory.Appliance, "洗衣机", "不脱水，转起来有异响", true, ["AP-WASHER"], 1m), 9),
        (new(RepairCategory.Appliance, "冰箱", "冷藏室不凉", true, [], 1m), 4),
        (new(RepairCategory.Plumbing, "水龙头", "厨房水龙头关不严，一直滴水", true, ["RP-TAP"], 1m), 12),
        (new(RepairCategory.Plumbing, "水龙头", "卫生间两个水龙头都漏水", true, ["RP-TAP"], 2m), 4),
        (new(RepairCategory.Plumbing, "马桶水箱", "水箱一直流水", true, [], 1m), 4),
        (new(RepairCategory.Electrical, "插座", "客厅插座没电", false, ["AP-ELEC"], 1m), 7),
        (new(RepairCategory.Electrical, "吸顶灯", "卧室灯不亮", true, ["AP-ELEC"], 1m), 5),
        (new(RepairCategory.Electrical, "开关", "两处开关接触不良", false, ["AP-ELEC"], 2m), 3),
        (new(RepairCategory.ShoeRepair, "皮鞋", "鞋跟磨偏了，需要换跟", false, ["RP-SHOE"], 1m), 7),
        (new(RepairCategory.ShoeRepair, "棉鞋", "两双棉鞋都要换跟", false, ["RP-SHOE"], 2m), 3),
        (new(RepairCategory.KeyCutting, "防盗门钥匙", "需要配两把", false, ["RP-KEY-SEC"], 2m), 6),
        (new(RepairCategory.KeyCutting, "普通钥匙", "配三把单排钥匙", false, ["RP-KEY"], 3m), 6),
        (new(RepairCategory.ClothesMending, "裤子", "两条裤子扦裤脚", false, ["RP-MEND"], 2m), 6),
        (new(RepairCategory.ClothesMending, "外套", "拉链坏了需要更换", true, ["RP-MEND"], 1m), 4),
        (new(RepairCategory.Other, "晾衣架", "升降晾衣架卡住不动", false, [], 1m), 8)
    ];

    public static readonly (HousekeepingTask Task, int Weight)[] HousekeepingTasks =
    [
        (HousekeepingTask.RoutineCleaning, 45),
        (HousekeepingTask.DeepCleaning, 15),
        (HousekeepingTask.Windows, 15),
        (HousekeepingTask.KitchenDegreasing, 10),
        (HousekeepingTask.Laundry, 10),
        (HousekeepingTask.AfterRenovation, 5)
    ];

    public static readonly (BathingMode Mode, int Weight)[] BathingModes =
    [
        (BathingMode.InHome, 60),
        (BathingMode.AtCentre, 25),
        (BathingMode.MobileVan, 15)
    ];

    public static readonly (MobilityLevel Level, int Weight)[] Mobility =
    [
        (MobilityLevel.Independent, 15),
        (MobilityLevel.NeedsAssistance, 50),
        (MobilityLevel.WheelchairUser, 25),
        (MobilityLevel.Bedridden, 10)
    ];

    public static string AssessmentSummary(MobilityLevel mobility) => mobility switch
    {
        MobilityLevel.Independent => "可自行行走，血压平稳，可以助浴。",
        MobilityLevel.NeedsAssistance => "行走需搀扶，血压平稳，需两人协助进出浴位。",
        MobilityLevel.WheelchairUser => "使用轮椅，需转移椅和防滑垫，两人协助。",
        _ => "长期卧床，采用床上擦浴，注意皮肤护理。"
    };

    public static readonly string[] CancelReasons = ["临时有事，改天再约", "家人已经帮忙处理好了", "身体不适，先不需要了"];

    public static readonly string[] RescheduleReasons = ["家里临时有事，换个时间", "子女那天过来，想改到方便的时间"];

    public static readonly string[] DeclineReasons = ["该时段人手已满", "所需配件暂时缺货"];

    public static readonly string[] OpenDeclineReasons = ["不在我们的维修范围内", "该时段已有安排"];

    public const string PartsReason = "旧件锈死无法修复，需要更换配件";

    /// <summary>Price card codes that bill a housekeeping task, and whether the quantity is hours, area or one job.</summary>
    public static (string Code, decimal Quantity) HousekeepingCharge(HousekeepingDetails details) => details.Task switch
    {
        HousekeepingTask.DeepCleaning or HousekeepingTask.AfterRenovation => ("HK-DEEP", details.AreaSquareMetres ?? 1m),
        HousekeepingTask.Windows => ("HK-WINDOW", details.AreaSquareMetres ?? 1m),
        HousekeepingTask.KitchenDegreasing => ("HK-HOOD", 1m),
        _ => ("HK-ROUTINE", details.Hours ?? 2m)
    };

    public static string MealCode(MealDetails meal) =>
        meal.Diet.Contains(DietNeed.Soft) || meal.Diet.Contains(DietNeed.Minced)
            ? "MEAL-SOFT"
            : meal.Meal == MealKind.Lunch ? "MEAL-L" : "MEAL-D";

    public const string MealDeliveryCode = "MEAL-DLV";

    public static string BathingCode(BathingMode mode) => mode switch
    {
        BathingMode.MobileVan => "BA-VAN",
        BathingMode.AtCentre => "BA-CENTRE",
        _ => "BA-HOME"
    };

    /// <summary>Picks one value with probability proportional to its weight.</summary>
    public static T Pick<T>(Random random, IReadOnlyList<(T Value, int Weight)> choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }
}
