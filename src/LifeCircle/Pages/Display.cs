using System.Globalization;
using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Time;

namespace LifeCircle.Pages;

/// <summary>One labelled value of a booking's service details, as shown on a page.</summary>
public sealed record DetailLine(string Label, string Value);

/// <summary>A booking's quote and charge proposals. <see cref="MayAnswer"/> shows the approve and reject buttons.</summary>
public sealed record ChargesView(BookingView Booking, bool MayAnswer);

/// <summary>How pages show money, times, service details and history steps in Chinese.</summary>
public static class Display
{
    private static readonly Dictionary<string, string> StepNames = new()
    {
        ["Requested"] = "下单",
        ["Accepted"] = "接单",
        ["Declined"] = "拒单",
        ["Expired"] = "超时未接单",
        ["Rescheduled"] = "改约",
        ["RescheduleConfirmed"] = "确认改约",
        ["Started"] = "开始服务",
        ["Completed"] = "完成服务",
        ["Settled"] = "结算",
        ["Cancelled"] = "取消订单",
        ["ResidentAbsent"] = "登记用户不在家",
        ["ProviderAbsent"] = "登记服务人员未到场",
        ["BathingAssessed"] = "登记助浴评估",
        ["BathingAgreementSigned"] = "登记服务协议",
        ["StaffAssigned"] = "指派服务人员",
        ["StaffUnassigned"] = "改约后服务人员时间冲突，取消指派",
        ["ChargesProposed"] = "提出收费",
        ["ChargesApproved"] = "同意收费",
        ["ChargesRejected"] = "不同意收费"
    };

    /// <summary>Statuses in which the resident may still cancel or reschedule.</summary>
    public static readonly BookingStatus[] OpenStatuses = [BookingStatus.Requested, BookingStatus.Accepted, BookingStatus.Rescheduled];

    /// <summary>Statuses after which a booking no longer changes.</summary>
    public static readonly BookingStatus[] FinalStatuses =
        [BookingStatus.Settled, BookingStatus.Cancelled, BookingStatus.Declined, BookingStatus.Expired, BookingStatus.NoShow];

    public static string Money(Money? amount) => amount is { } value ? $"¥{value}" : "—";

    public static string Money(decimal amount) => "¥" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset instant) => ShanghaiTime.Format(instant);

    public static string? Time(DateTimeOffset? instant) => instant is { } value ? ShanghaiTime.Format(value) : null;

    /// <summary>Formats a window in Asia/Shanghai time, giving the end date only when it differs from the start date.</summary>
    public static string Window(TimeWindow window)
    {
        var start = ShanghaiTime.ToLocal(window.Start);
        var end = ShanghaiTime.ToLocal(window.End);
        var endText = start.Date == end.Date ? end.ToString("HH:mm") : end.ToString("yyyy-MM-dd HH:mm");
        return $"{start:yyyy-MM-dd HH:mm} 至 {endText}";
    }

    public static string Step(string action) => StepNames.TryGetValue(action, out var name) ? name : action;

    public static string YesNo(bool value) => value ? "是" : "否";

    /// <summary>Returns the provider's name, or the text shown in its place while no provider has accepted.</summary>
    public static string ProviderOf(string? providerName, BookingStatus status) =>
        providerName ?? (status == BookingStatus.Requested ? "等待服务商接单" : "—");

    /// <summary>Lists the details of the booked service with their on-screen labels.</summary>
    public static IReadOnlyList<DetailLine> Details(ServiceDetails details)
    {
        var lines = new List<DetailLine>();
        if (details.Housekeeping is { } housekeeping)
        {
            lines.Add(new("服务项目", Text.Of(housekeeping.Task)));
            if (housekeeping.Hours is { } hours)
            {
                lines.Add(new("服务时长", $"{Number(hours)} 小时"));
            }

            if (housekeeping.AreaSquareMetres is { } area)
            {
                lines.Add(new("面积", $"{Number(area)} 平方米"));
            }

            lines.Add(new("户型", Text.Of(housekeeping.HomeSize)));
        }

        if (details.Repair is { } repair)
        {
            lines.Add(new("维修类别", Text.Of(repair.Category)));
            lines.Add(new("物品", repair.Item));
            lines.Add(new("故障描述", repair.Symptom));
            lines.Add(new("可能需要更换配件", YesNo(repair.PartsMayBeNeeded)));
        }

        if (details.Meal is { } meal)
        {
            lines.Add(new("用餐日期", meal.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            lines.Add(new("餐次", Text.Of(meal.Meal)));
            lines.Add(new("份数", $"{meal.Portions} 份"));
            lines.Add(new("饮食要求", meal.Diet.Length == 0 ? "无" : string.Join("、", meal.Diet.Select(d => Text.Of(d)))));
            lines.Add(new("就餐方式", Text.Of(meal.Fulfilment)));
        }

        if (details.Bathing is { } bathing)
        {
            lines.Add(new("助浴方式", Text.Of(bathing.Mode)));
            lines.Add(new("行动能力", Text.Of(bathing.Mobility)));
        }

        return lines;
    }

    /// <summary>Returns a one-line summary of the details, for lists.</summary>
    public static string Summary(ServiceType service, ServiceDetails details) => service switch
    {
        ServiceType.Repair when details.Repair is { } repair => $"{Text.Of(repair.Category)}：{repair.Item}",
        ServiceType.Housekeeping when details.Housekeeping is { } housekeeping => Text.Of(housekeeping.Task),
        ServiceType.Meal when details.Meal is { } meal => $"{Text.Of(meal.Meal)} {meal.Portions} 份，{Text.Of(meal.Fulfilment)}",
        ServiceType.Bathing when details.Bathing is { } bathing => Text.Of(bathing.Mode),
        _ => Text.Of(service)
    };

    /// <summary>Returns the CSS modifier of a status badge, so each state keeps one colour on every page.</summary>
    public static string StatusClass(BookingStatus status) => "status-" + status.ToString().ToLowerInvariant();
}
