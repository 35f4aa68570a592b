using System.Diagnostics;
using LifeCircle.Simulator.Api;
using LifeCircle.Simulator.Reporting;
using LifeCircle.Simulator.Scenario;
using Spectre.Console;

namespace LifeCircle.Simulator;

public static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedFailures = 1;
    public const int InvalidOptions = 2;
}

/// <summary>One run: set up the cast, plan the day, run its timeline, read the bookings back, and summarise.</summary>
public static class Simulation
{
    /// <summary>The app's default meal cut-offs: two hours before lunch at 11:00 and dinner at 17:00.</summary>
    private static readonly TimeSpan LunchCutOff = TimeSpan.FromHours(9);
    private static readonly TimeSpan DinnerCutOff = TimeSpan.FromHours(15);

    public static async Task<int> RunAsync(SimulationSettings settings, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromMinutes(settings.MaxMinutes));
        using var http = ApiClient.CreateHttpClient(settings.BaseUrl, settings.Concurrency);
        var log = new RequestLog();
        var api = new ApiClient(http, log);
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 140);
        }

        console.MarkupLine(Markup.Escape(
            $"LifeCircle day simulation: {settings.Bookings} bookings for {settings.Day:yyyy-MM-dd} against {settings.BaseUrl} " +
            $"(seed {settings.Seed}, concurrency {settings.Concurrency}, at most {settings.MaxMinutes} min)"));

        var ready = await api.GetAsync<Ignored>("health/ready", null, limit.Token);
        if (!ready.Succeeded)
        {
            await Console.Error.WriteLineAsync(ready.Status == 0
                ? $"error: cannot reach {settings.BaseUrl}: start the app first, for example with ./ops/run."
                : $"error: {settings.BaseUrl}health/ready returned {ready.Status}: the app or its database is not ready.");
            return ExitCodes.UnexpectedFailures;
        }

        var stopwatch = Stopwatch.StartNew();
        DayPlan? plan = null;
        IReadOnlyList<VerifiedBooking>? verified = null;
        var cutOffCheck = "not run";
        string? stoppedBecause = null;
        var waited = TimeSpan.Zero;
        try
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                    new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var setupTask = new SharedProgress(context.AddTask("Sign-ins and callers"));
                    var dayTask = new SharedProgress(context.AddTask("Bookings of the day", autoStart: false));
                    var checkTask = new SharedProgress(context.AddTask("Final statuses", autoStart: false));

                    var setup = new Setup(api, settings, TokenCache.Load(settings.BaseUrl));
                    Cast cast;
                    try
                    {
                        cast = await setup.RunAsync(setupTask, limit.Token);
                    }
                    finally
                    {
                        waited = setup.Waited;
                    }

                    setupTask.Finish();
                    plan = new DayPlanner(settings, cast).Build();
                    cutOffCheck = await CheckMealCutOffAsync(api, cast, limit.Token);

                    dayTask.SetTotal(plan.Steps.Count);
                    dayTask.Start();
                    await new DayRunner(api, settings).RunAsync(plan, dayTask, limit.Token);

                    checkTask.Start();
                    verified = await new Verifier(api, settings).RunAsync(plan, cast.Operators[0], checkTask, limit.Token);
                });
        }
        catch (SimulationAbortedException e)
        {
            stoppedBecause = e.Message;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            stoppedBecause = cancellation.IsCancellationRequested
                ? "cancelled."
                : $"the run reached --max-minutes {settings.MaxMinutes}.";
        }

        stopwatch.Stop();
        if (stoppedBecause is not null)
        {
            await Console.Error.WriteLineAsync($"error: {stoppedBecause}");
        }

        Summary.Print(console, new RunResult(settings, plan, verified, log, stopwatch.Elapsed, waited, cutOffCheck, stoppedBecause));
        return log.UnexpectedCount == 0 && stoppedBecause is null ? ExitCodes.Success : ExitCodes.UnexpectedFailures;
    }

    /// <summary>
    /// An operator orders today's meal for a caller after its cut-off has passed, and the app
    /// must reject it with 409 Meal_CutOffPassed. Before 09:00 local no cut-off of today has
    /// passed yet, so the check is skipped.
    /// </summary>
    private static async Task<string> CheckMealCutOffAsync(ApiClient api, Cast cast, CancellationToken cancellation)
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, SimulationSettings.Shanghai);
        MealKind? meal = null;
        if (now.TimeOfDay >= DinnerCutOff)
        {
            meal = MealKind.Dinner;
        }
        else if (now.TimeOfDay >= LunchCutOff)
        {
            meal = MealKind.Lunch;
        }

        if (meal is null)
        {
            return $"skipped: it is {now:HH:mm} in Shanghai, before today's first cut-off at 09:00";
        }

        var caller = cast.Members.FirstOrDefault(m => !m.UsesApp) ?? cast.Members[0];
        var by = cast.Operators[0];
        var request = new CreateBookingRequest(ServiceType.Meal, ResidentId: caller.ResidentId,
            Meal: new MealDetails(meal.Value, DateOnly.FromDateTime(now.DateTime), 1, [DietNeed.Soft], MealFulfilment.Delivery));
        var headers = new Dictionary<string, string> { [ApiClient.ChannelHeader] = "phone" };
        var late = await api.PostAsync<BookingCreated>("api/bookings", request, by.Token, cancellation,
            ExpectedFailure.Of(409, "Meal_CutOffPassed"), headers);
        if (late.Value is { } created)
        {
            // The order should not exist: withdraw it so that it does not linger in the canteen's queue.
            await api.PostAsync<BookingChanged>($"api/bookings/{created.Id}/cancel", new CancelRequest("模拟：截止后下单"), by.Token,
                cancellation, headers: headers);
            return $"failed: today's {meal} was accepted after its cut-off";
        }

        return late.Status == 409 ? $"done: today's {meal} rejected with 409 Meal_CutOffPassed" : $"failed: status {late.Status}";
    }
}
