using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Bookings;

/// <summary>The result of a lifecycle rule: the events to append, or the broken rule.</summary>
public sealed record BookingDecision(ProblemDetails? Problem, object[] Events)
{
    public static readonly BookingDecision NoChange = new(null, []);

    public static BookingDecision Reject(ProblemDetails problem) => new(problem, []);

    public static BookingDecision Append(params object[] events) => new(null, events);

    public static implicit operator BookingDecision(ProblemDetails problem) => Reject(problem);
}

/// <summary>The response of every lifecycle command: the booking and its status afterwards.</summary>
public sealed record BookingChanged(Guid Id, BookingStatus Status, bool Changed);

public static class BookingAccess
{
    /// <summary>
    /// True when the caller may act on the booking at all: its resident, an operator, or the
    /// provider it is assigned or addressed to. Anyone else is told it does not exist.
    /// </summary>
    public static bool MayAct(Booking booking, Caller caller) => caller.Role switch
    {
        ActorRole.Resident => caller.ActsFor(booking.ResidentId),
        ActorRole.Operator => true,
        ActorRole.Provider => caller.IsProvider(booking.ProviderId) || caller.IsProvider(booking.TargetProviderId)
                              || (booking.ProviderId is null && booking.TargetProviderId is null),
        _ => false
    };

    /// <summary>Loads the provider of a provider caller, for rules that need its services and area.</summary>
    public static async Task<Provider?> LoadProviderAsync(Caller caller, IQuerySession session, CancellationToken cancellation) =>
        caller.Actor.ProviderId is { } id ? await session.LoadAsync<Provider>(id, cancellation) : null;

    /// <summary>Applies a decision's events to the write model, for the status in the response.</summary>
    public static BookingStatus StatusAfter(Booking booking, BookingDecision decision)
    {
        var state = booking;
        foreach (var e in decision.Events)
        {
            state = e switch
            {
                BookingAccepted x => state.Apply(x),
                StaffAssigned x => state.Apply(x),
                StaffUnassigned x => state.Apply(x),
                BookingDeclined x => state.Apply(x),
                BookingExpired x => state.Apply(x),
                BookingRescheduled x => state.Apply(x),
                RescheduleConfirmed x => state.Apply(x),
                BookingStarted x => state.Apply(x),
                BookingCompleted x => state.Apply(x),
                BookingSettled x => state.Apply(x),
                BookingCancelled x => state.Apply(x),
                NoShowRecorded x => state.Apply(x),
                BathingAssessmentRecorded x => state.Apply(x),
                BathingAgreementSigned x => state.Apply(x),
                _ => state
            };
        }

        return state.Status;
    }

    public static BookingChanged Changed(Booking booking, BookingDecision decision) =>
        new(booking.Id, StatusAfter(booking, decision), decision.Events.Length > 0);
}
