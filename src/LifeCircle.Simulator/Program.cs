using System.CommandLine;
using LifeCircle.Simulator;

var bookings = new Option<int>("--bookings")
{
    Description = "Number of bookings to place for the simulated day.",
    DefaultValueFactory = _ => 300
};
var day = new Option<string?>("--day")
{
    Description = "Local date (Asia/Shanghai) whose service windows are booked, as YYYY-MM-DD, from tomorrow to "
                  + $"{SimulationSettings.MaxDaysAhead} days ahead. Default: tomorrow."
};
var url = new Option<string>("--url")
{
    Description = "Base URL of the running app. Only loopback hosts are accepted.",
    DefaultValueFactory = _ => "http://127.0.0.1:5080"
};
var concurrency = new Option<int>("--concurrency")
{
    Description = "Maximum number of requests in flight at once.",
    DefaultValueFactory = _ => 8
};
var seed = new Option<int>("--seed")
{
    Description = "Seed of the random choices: the same seed and options give the same plan.",
    DefaultValueFactory = _ => 42
};
var password = new Option<string>("--password")
{
    Description = "Password of the operator accounts operator1 and operator2.",
    DefaultValueFactory = _ => "LifeCircle-2026"
};
var maxMinutes = new Option<int>("--max-minutes")
{
    Description = "Upper bound on the whole run, in minutes; the run stops and fails when it is reached.",
    DefaultValueFactory = _ => 20
};
var maxCodeSends = new Option<int>("--max-code-sends")
{
    Description = "One-time codes the run may request: each provider and each resident in the app needs one, unless a "
                  + "token from an earlier run is still valid. The app in Development allows 200 per 10 minutes from one address.",
    DefaultValueFactory = _ => 180
};

var root = new RootCommand(
    "Drives a realistic day of LifeCircle bookings through the HTTP API of an app running in Development "
    + "(./ops/run), then prints a summary. Exits with 0 when no unexpected failure occurred, 1 otherwise, "
    + "and 2 on invalid options.")
{
    bookings, day, url, concurrency, seed, password, maxMinutes, maxCodeSends
};

root.SetAction(async (parse, cancellation) =>
{
    var (settings, error) = SimulationSettings.Create(parse.GetValue(bookings), parse.GetValue(day), parse.GetValue(url)!,
        parse.GetValue(concurrency), parse.GetValue(seed), parse.GetValue(password)!, parse.GetValue(maxMinutes),
        parse.GetValue(maxCodeSends), DateTimeOffset.UtcNow);
    if (settings is null)
    {
        await Console.Error.WriteLineAsync($"error: {error}");
        return ExitCodes.InvalidOptions;
    }

    return await Simulation.RunAsync(settings, cancellation);
});

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var parseError in parseResult.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {parseError.Message}");
    }

    await Console.Error.WriteLineAsync("Run with --help to see the options.");
    return ExitCodes.InvalidOptions;
}

return await parseResult.InvokeAsync();
