using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;

namespace LifeCircle.Core.Resilience;

/// <summary>
/// Recognizes a write that lost a race with another one: two providers accepting one job, two
/// requests with one idempotency key, or two assignments claiming one staff slot.
/// </summary>
public static class WriteRaces
{
    public static bool IsLost(Exception exception) => exception is EventStreamUnexpectedMaxEventIdException
        or ConcurrencyException or DocumentAlreadyExistsException
        or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        or Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException;
}
