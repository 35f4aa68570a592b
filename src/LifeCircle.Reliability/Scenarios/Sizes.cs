namespace LifeCircle.Reliability.Scenarios;

public sealed record RestartSizes(int Clients, int Restarts, TimeSpan LoadBetweenRestarts, TimeSpan RecoveryBound);

/// <summary>
/// <see cref="StaffRounds"/> rounds of one provider assigning a new staff member to
/// <see cref="Racers"/> of its accepted, overlapping jobs at the same instant.
/// </summary>
public sealed record RaceSizes(int Jobs, int Racers, int ParallelJobs, int StaffRounds);

/// <summary>Every <see cref="ChangedEvery"/>th key also gets retries with a changed body.</summary>
public sealed record IdempotencySizes(int Keys, int Retries, int ChangedEvery, int ParallelKeys);

/// <summary>At most <see cref="Limit"/> requests, chosen with <see cref="Seed"/>; null sends every generated request.</summary>
public sealed record BadInputSizes(int? Limit, int Seed);

/// <summary>
/// <see cref="RepairTimeout"/> is the acceptance timeout of repairs on every node, so the
/// timer bookings expire soon; <see cref="FailoverBound"/> is how long to wait for the
/// dashboard projection to move again after the kill.
/// </summary>
public sealed record NodeSizes(int Nodes, int LoadClients, int TimerBookings, TimeSpan RepairTimeout, TimeSpan FailoverBound);

/// <summary>
/// <see cref="Kills"/> SIGKILLs of the app node, each after a random time of load between
/// <see cref="MinLoad"/> and <see cref="MaxLoad"/> drawn with <see cref="Seed"/>;
/// <see cref="CatchUpBound"/> is how long the dashboard projection may take to catch up afterwards.
/// </summary>
public sealed record CrashSizes(int Kills, int ResidentClients, TimeSpan MinLoad, TimeSpan MaxLoad, int Seed, TimeSpan CatchUpBound);

/// <summary>The sizes of all six scenarios for one kind of run.</summary>
public sealed record Sizes(
    string Profile,
    RestartSizes Restart,
    RaceSizes Races,
    IdempotencySizes Idempotency,
    BadInputSizes BadInput,
    NodeSizes Nodes,
    CrashSizes Crash)
{
    /// <summary>
    /// The sizes the reliability targets name: 5 restarts under 8 clients, 1,000 accept races and 100 staff assignment races,
    /// 200 keys × 10 retries, 20 kills of the app under load.
    /// </summary>
    public static readonly Sizes Full = new("full",
        new RestartSizes(Clients: 8, Restarts: 5, LoadBetweenRestarts: TimeSpan.FromSeconds(10), RecoveryBound: TimeSpan.FromSeconds(60)),
        new RaceSizes(Jobs: 1000, Racers: 4, ParallelJobs: 4, StaffRounds: 100),
        new IdempotencySizes(Keys: 200, Retries: 10, ChangedEvery: 5, ParallelKeys: 8),
        new BadInputSizes(Limit: null, Seed: 20261204),
        new NodeSizes(Nodes: 3, LoadClients: 4, TimerBookings: 40, RepairTimeout: TimeSpan.FromSeconds(20),
            FailoverBound: TimeSpan.FromMinutes(5)),
        new CrashSizes(Kills: 20, ResidentClients: 6, MinLoad: TimeSpan.FromSeconds(1), MaxLoad: TimeSpan.FromSeconds(4), Seed: 20261204,
            CatchUpBound: TimeSpan.FromMinutes(5)));

    public static readonly Sizes Quick = new("quick",
        new RestartSizes(Clients: 4, Restarts: 2, LoadBetweenRestarts: TimeSpan.FromSeconds(5), RecoveryBound: TimeSpan.FromSeconds(60)),
        new RaceSizes(Jobs: 100, Racers: 3, ParallelJobs: 4, StaffRounds: 10),
        new IdempotencySizes(Keys: 40, Retries: 10, ChangedEvery: 5, ParallelKeys: 8),
        new BadInputSizes(Limit: 250, Seed: 20261204),
        new NodeSizes(Nodes: 3, LoadClients: 2, TimerBookings: 10, RepairTimeout: TimeSpan.FromSeconds(20),
            FailoverBound: TimeSpan.FromMinutes(5)),
        new CrashSizes(Kills: 5, ResidentClients: 6, MinLoad: TimeSpan.FromSeconds(1), MaxLoad: TimeSpan.FromSeconds(4), Seed: 20261204,
            CatchUpBound: TimeSpan.FromMinutes(5)));

    /// <summary>The reduced sizes of the CI tests, which share two cores with the other test projects.</summary>
    public static readonly Sizes Ci = new("ci",
        new RestartSizes(Clients: 4, Restarts: 2, LoadBetweenRestarts: TimeSpan.FromSeconds(4), RecoveryBound: TimeSpan.FromSeconds(60)),
        new RaceSizes(Jobs: 60, Racers: 3, ParallelJobs: 4, StaffRounds: 5),
        new IdempotencySizes(Keys: 30, Retries: 6, ChangedEvery: 3, ParallelKeys: 6),
        new BadInputSizes(Limit: null, Seed: 20261204),
        new NodeSizes(Nodes: 3, LoadClients: 2, TimerBookings: 8, RepairTimeout: TimeSpan.FromSeconds(10),
            FailoverBound: TimeSpan.FromMinutes(4)),
        new CrashSizes(Kills: 3, ResidentClients: 4, MinLoad: TimeSpan.FromSeconds(1), MaxLoad: TimeSpan.FromSeconds(4), Seed: 20261204,
            CatchUpBound: TimeSpan.FromMinutes(3)));
}
