using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class DeclineDecisionTests
{
    [Fact]
    public void Decline_open_job_is_not_final()
    {
        var declined = DeclineBookingEndpoint.Decide(new DeclineBooking("太远"), Booking(BookingStatus.Requested), ProviderCaller())
            .ShouldAppend<BookingDeclined>();

        Assert.Equal((ProviderId, "太远", false), (declined.ProviderId, declined.Reason, declined.Final));
    }

    [Fact]
    public void Decline_job_addressed_to_caller_is_final()
    {
        var booking = Booking(BookingStatus.Requested, targetProviderId: ProviderId);

        var declined = DeclineBookingEndpoint.Decide(new DeclineBooking(null), booking, ProviderCaller()).ShouldAppend<BookingDeclined>();

        Assert.True(declined.Final);
        Assert.Equal(BookingStatus.Declined, booking.Apply(declined).Status);
    }

    [Fact]
    public void Decline_new_window_of_own_job_is_final()
    {
        var declined = DeclineBookingEndpoint.Decide(new DeclineBooking(null), Booking(BookingStatus.Rescheduled, ProviderId), ProviderCaller())
            .ShouldAppend<BookingDeclined>();

        Assert.True(declined.Final);
    }

    [Fact]
    public void Decline_again_changes_nothing()
    {
        var booking = Booking(BookingStatus.Requested) with { DeclinedBy = [ProviderId] };

        DeclineBookingEndpoint.Decide(new DeclineBooking(null), booking, ProviderCaller()).ShouldBeNoChange();
    }

    [Fact]
    public void Decline_own_accepted_job_returns_invalid_transition()
    {
        DeclineBookingEndpoint.Decide(new DeclineBooking(null), Booking(BookingStatus.Accepted, ProviderId), ProviderCaller())
            .ShouldBeInvalidTransition(BookingStatus.Accepted);
    }

    [Fact]
    public void Decline_job_of_another_provider_returns_404()
    {
        DeclineBookingEndpoint.Decide(new DeclineBooking(null), Booking(BookingStatus.Accepted, OtherProviderId), ProviderCaller())
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Decline_rescheduled_job_of_another_provider_returns_404()
    {
        DeclineBookingEndpoint.Decide(new DeclineBooking(null), Booking(BookingStatus.Rescheduled, OtherProviderId), ProviderCaller())
            .ShouldBeProblem(404, "Booking_NotFound");
    }
}
