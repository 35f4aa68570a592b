using System.Globalization;
using LifeCircle.Simulator.Api;
using LifeCircle.Simulator.Scenario;
using Spectre.Console;

namespace LifeCircle.Simulator.Reporting;

/// <summary>What a run produced, for the summary; parts are missing when the run stopped early.</summary>
public sealed record RunResult(
    SimulationSettings Settings,
    DayPlan? Plan,
    IReadOnlyList<VerifiedBooking>? Verified,
    RequestLog Log,
    TimeSpan WallTime,
    TimeSpan WaitedForCodeLimits,
    string MealCutOffCheck,
    string? StoppedBecause);

/// <summary>Prints the end-of-run summary: bookings by service and final status, figures, and failures by kind.</summary>
public static class Summary
{
    /// <summary>Statuses in lifecycle order, with the terms shown on the app's screens.</summary>
    public static readonly (BookingStatus Status, string Term)[] StatusColumns =
    [
        (BookingStatus.Requested, "待接单"),
        (BookingStatus.Accepted, "已接单"),
        (BookingStatus.Rescheduled, "已改约"),
        (BookingStatus.Started, "服务中"),
        (BookingStatus.Completed, "已完成"),
        (BookingStatus.Settled, "已结算"),
        (BookingStatus.Cancelled, "已取消"),
        (BookingStatus.Declined, "已拒单"),
        (BookingStatus.Expired, "超时未接单")
    ];

    public static readonly (ServiceType Service, string Term)[] ServiceRows =
    [
        (ServiceType.Housekeeping, "家政保洁"),
        (ServiceType.Repair, "维修"),
        (ServiceType.Meal, "助餐"),
        (ServiceType.Bathing, "助浴")
    ];

    public static void Print(IAnsiConsole console, RunResult result)
    {
        console.WriteLine();
        if (result.Verified is { } verified)
        {
            console.Write(StatusTable(verified));
        }

        console.Write(Figures(result));
        console.Write(Failures(result.Log));

        if (result.Log.Samples.Count > 0)
        {
            console.MarkupLine("[bold]First unexpected failures[/]");
            foreach (var sample in result.Log.Samples)
            {
                console.WriteLine($"  {sample}");
            }

            console.WriteLine();
        }

        if (result.Log.Kinds().Any(k => k.Kind == "429 RateLimit_Exceeded" && k.Unexpected > 0))
        {
            console.WriteLine("The app's hourly booking limits were reached (by default 30 per resident account and 3000 per operator " +
                              "account, over a sliding hour). Runs within the same hour add up: wait, or start the app with higher " +
                              "LifeCircle__Limits__BookingsPerOperatorPerHour and LifeCircle__Limits__BookingsPerResidentPerHour.");
            console.WriteLine();
        }

        var unexpected = result.Log.UnexpectedCount;
        if (unexpected == 0 && result.StoppedBecause is null)
        {
            console.MarkupLine("[green]Result: no unexpected failure.[/]");
        }
        else
        {
            var reason = result.StoppedBecause is null ? "" : $" The run stopped early: {result.StoppedBecause}";
            console.MarkupLine($"[red]Result: {unexpected} unexpected failure(s).{Markup.Escape(reason)}[/]");
        }
    }

    private static Table StatusTable(IReadOnlyList<VerifiedBooking> verified)
    {
        var table = new Table().Title("Bookings by service and final status (as GET /api/bookings/{id} returns them)");
        table.AddColumn("服务");
        foreach (var (_, term) in StatusColumns)
        {
            table.AddColumn(new TableColumn(term).RightAligned());
        }

        var other = verified.Count(v => StatusColumns.All(c => c.Status != v.View.Status));
        if (other > 0)
        {
            table.AddColumn(new TableColumn("其他").RightAligned());
        }

        table.AddColumn(new TableColumn("合计").RightAligned());
        foreach (var (service, term) in ServiceRows)
        {
            table.AddRow(Row(term, verified.Where(v => v.View.Service == service).ToList(), other > 0));
        }

        table.AddRow(Row("合计", verified, other > 0));
        return table;
    }

    private static string[] Row(string label, IReadOnlyList<VerifiedBooking> bookings, bool withOther)
    {
        var cells = new List<string> { label };
        cells.AddRange(StatusColumns.Select(c => Count(bookings.Count(b => b.View.Status == c.Status))));
        if (withOther)
        {
            cells.Add(Count(bookings.Count(b => StatusColumns.All(c => c.Status != b.View.Status))));
        }

        cells.Add(Count(bookings.Count));
        return [.. cells];
    }

    private static Table Figures(RunResult result)
    {
        var table = new Table().Title("Figures").HideHeaders();
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        var settings = result.Settings;
        table.AddRow("Simulated day (Asia/Shanghai)", settings.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow("Seed", settings.Seed.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Concurrency", settings.Concurrency.ToString(CultureInfo.InvariantCulture));

        if (result.Plan is { } plan)
        {
            var bookings = plan.Bookings;
            table.AddRow("Bookings planned", Count(bookings.Count));
            table.AddRow("Bookings created", Count(bookings.Count(b => b.Id is not null)));
            var perResident = bookings.GroupBy(b => b.Resident).Select(g => g.Count()).ToList();
            table.AddRow("Residents who booked", Count(perResident.Count));
            table.AddRow("  of which booked once", Percent(perResident.Count(n => n == 1), perResident.Count));
            table.AddRow("  most bookings by one resident", Count(perResident.DefaultIfEmpty(0).Max()));
            table.AddRow("Made for elderly residents (60+)", Percent(bookings.Count(b => b.Elderly), bookings.Count));
            table.AddRow("Made by operators (phone)", Percent(bookings.Count(b => b.Channel == Channel.Phone), bookings.Count));
            table.AddRow("Steps on the timeline", Count(plan.Steps.Count));
        }

        if (result.Verified is { } verified)
        {
            var waits = verified
                .Where(v => v.View.AcceptedAt is not null)
                .Select(v => (v.View.AcceptedAt!.Value - v.View.RequestedAt).TotalSeconds)
                .Order()
                .ToList();
            table.AddRow("Median time to acceptance", waits.Count == 0
                ? "-"
                : $"{Median(waits).ToString("0.00", CultureInfo.InvariantCulture)} s ({Count(waits.Count)} bookings)");
        }

        table.AddRow("Meal cut-off check", result.MealCutOffCheck);
        table.AddRow("Requests sent", Count(result.Log.Requests));
        table.AddRow("Wall time", $"{result.WallTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        if (result.WaitedForCodeLimits > TimeSpan.Zero)
        {
            table.AddRow("  of which waiting for the app's code limits",
                $"{result.WaitedForCodeLimits.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        }

        var seconds = Math.Max(result.WallTime.TotalSeconds, 0.001);
        table.AddRow("Requests per second", (result.Log.Requests / seconds).ToString("0", CultureInfo.InvariantCulture));
        return table;
    }

    private static Table Failures(RequestLog log)
    {
        var table = new Table().Title("Failures by kind (status code and problem code)");
        table.AddColumn("kind");
        table.AddColumn(new TableColumn("expected").RightAligned());
        table.AddColumn(new TableColumn("unexpected").RightAligned());
        foreach (var (kind, expected, unexpected) in log.Kinds())
        {
            table.AddRow(Markup.Escape(kind), Count(expected), unexpected == 0 ? "0" : $"[red]{Count(unexpected)}[/]");
        }

        table.AddRow("[bold]total[/]", $"[bold]{Count(log.ExpectedCount)}[/]", $"[bold]{Count(log.UnexpectedCount)}[/]");
        return table;
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : $"{(100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture)} % ({Count(part)})";
}
