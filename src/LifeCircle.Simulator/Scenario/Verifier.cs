using System.Collections.Concurrent;
using LifeCircle.Simulator.Api;
using LifeCircle.Simulator.Reporting;

namespace LifeCircle.Simulator.Scenario;

/// <summary>A booking as the app returns it at the end of the run.</summary>
public sealed record VerifiedBooking(PlannedBooking Plan, BookingView View);

/// <summary>
/// Reads every created booking back as an operator and compares it with the plan: a
/// booking whose steps all succeeded must end in its planned status and carry the channel
/// it was ordered through.
/// </summary>
public sealed class Verifier(ApiClient api, SimulationSettings settings)
{
    public async Task<IReadOnlyList<VerifiedBooking>> RunAsync(DayPlan plan, OperatorActor by, SharedProgress progress,
        CancellationToken cancellation)
    {
        var created = plan.Bookings.Where(b => b.Id is not null).ToList();
        progress.SetTotal(created.Count);
        var verified = new ConcurrentBag<VerifiedBooking>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellation };
        await Parallel.ForEachAsync(created, options, async (booking, token) =>
        {
            var details = await api.GetAsync<BookingDetails>($"api/bookings/{booking.Id}", by.Token, token);
            if (details.Value is { } found)
            {
                Compare(booking, found.Booking);
                verified.Add(new VerifiedBooking(booking, found.Booking));
            }

            progress.Advance();
        });

        return [.. verified.OrderBy(v => v.Plan.Index)];
    }

    private void Compare(PlannedBooking booking, BookingView view)
    {
        if (booking.Failed)
        {
            return;
        }

        if (view.Status != booking.PlannedStatus)
        {
            api.Log.Unexpected("final status differs from the plan",
                $"booking {booking.Number}: planned {booking.PlannedStatus}, found {view.Status}");
        }

        if (view.RequestedThrough != booking.Channel)
        {
            api.Log.Unexpected("booking channel differs from the plan",
                $"booking {booking.Number}: ordered through {booking.Channel}, recorded {view.RequestedThrough}");
        }
    }
}
