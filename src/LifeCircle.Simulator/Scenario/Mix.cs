using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>
/// The shares of the simulated day. docs/simulation.md describes the same figures; change
/// both together.
/// </summary>
public static class Mix
{
    /// <summary>Service mix of the day, in percent.</summary>
    public static readonly (ServiceType Service, int Share)[] Services =
    [
        (ServiceType.Meal, 40),
        (ServiceType.Repair, 25),
        (ServiceType.Housekeeping, 25),
        (ServiceType.Bathing, 10)
    ];

    /// <summary>
    /// Intended outcomes, in hundredths of a percent: 75 % go through a provider's acceptance
    /// to the end shown, 8 % are cancelled, 7 % rescheduled, 3 % declined and 7 % left waiting.
    /// </summary>
    public static readonly (Outcome Outcome, int Share)[] Outcomes =
    [
        (Outcome.Settle, 6375),
        (Outcome.CompleteOnly, 375),
        (Outcome.StartOnly, 375),
        (Outcome.AcceptOnly, 375),
        (Outcome.CancelBeforeAccept, 400),
        (Outcome.CancelAfterAccept, 400),
        (Outcome.RescheduleBeforeAccept, 250),
        (Outcome.RescheduleAfterAccept, 250),
        (Outcome.ReschedulePending, 200),
        (Outcome.Decline, 300),
        (Outcome.LeaveRequested, 700)
    ];

    /// <summary>Share of each service's bookings made for elderly residents.</summary>
    public static double ElderlyShare(ServiceType service) => service switch
    {
        ServiceType.Meal => 0.85,
        ServiceType.Bathing => 1.0,
        _ => 0.32
    };

    /// <summary>Share of all bookings made for elderly residents over the service mix: 0.6.</summary>
    public static double ElderlyBookingShare =>
        Services.Sum(s => s.Share * ElderlyShare(s.Service)) / Services.Sum(s => s.Share);

    /// <summary>
    /// Share of bookings phoned in to an operator: three in four for the elderly, one in eight
    /// for younger residents, so about half over the day.
    /// </summary>
    public static double PhoneShare(bool elderly) => elderly ? 0.75 : 0.125;

    /// <summary>Residents per booking of a group: most residents book once in the day, some twice.</summary>
    public const double ResidentsPerBooking = 0.85;

    /// <summary>
    /// The maximum number of bookings one app user makes in a run. The app allows a resident account 30
    /// bookings per hour (its default), so two runs within an hour stay below that limit.
    /// </summary>
    public const int MaxAppBookingsPerResident = 12;
}
