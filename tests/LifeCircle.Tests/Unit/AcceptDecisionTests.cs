using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class AcceptDecisionTests
{
    [Fact]
    public void Accept_open_job_appends_accepted_by_caller()
    {
        var caller = ProviderCaller();

        var accepted = AcceptBookingEndpoint.Decide(Booking(BookingStatus.Requested), Provider(), caller).ShouldAppend<BookingAccepted>();

        Assert.Equal((ProviderId, "老王便民修理铺", caller.Actor, Now), (accepted.ProviderId, accepted.ProviderName, accepted.By, accepted.At));
    }

    [Fact]
    public void Accept_job_addressed_to_caller_appends_accepted()
    {
        var booking = Booking(BookingStatus.Requested, targetProviderId: ProviderId);

        AcceptBookingEndpoint.Decide(booking, Provider(), ProviderCaller()).ShouldAppend<BookingAccepted>();
    }

    [Fact]
    public void Accept_own_accepted_job_changes_nothing()
    {
        AcceptBookingEndpoint.Decide(Booking(BookingStatus.Accepted, ProviderId), Provider(), ProviderCaller()).ShouldBeNoChange();
    }

    [Fact]
    public void Accept_own_rescheduled_job_confirms_new_window()
    {
        var confirmed = AcceptBookingEndpoint.Decide(Booking(BookingStatus.Rescheduled, ProviderId), Provider(), ProviderCaller())
            .ShouldAppend<RescheduleConfirmed>();

        Assert.Equal(ProviderId, confirmed.ProviderId);
    }

    [Theory]
    [InlineData(BookingStatus.Accepted)]
    [InlineData(BookingStatus.Rescheduled)]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Completed)]
    public void Accept_job_held_by_another_provider_returns_409(BookingStatus status)
    {
        var booking = Booking(status, OtherProviderId);

        AcceptBookingEndpoint.Decide(booking, Provider(), ProviderCaller()).ShouldBeProblem(409, "Booking_TakenByAnother");
    }

    [Fact]
    public void Accept_job_addressed_to_another_provider_returns_404()
    {
        var booking = Booking(BookingStatus.Requested, targetProviderId: OtherProviderId);

        AcceptBookingEndpoint.Decide(booking, Provider(), ProviderCaller()).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Accept_without_provider_record_returns_404()
    {
        AcceptBookingEndpoint.Decide(Booking(BookingStatus.Requested), null, ProviderCaller()).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Accept_by_provider_of_another_service_returns_404()
    {
        var canteen = Provider(service: ServiceType.Meal);

        AcceptBookingEndpoint.Decide(Booking(BookingStatus.Requested), canteen, ProviderCaller()).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Accept_outside_service_area_returns_404()
    {
        var elsewhere = Provider(area: "210102001012");

        AcceptBookingEndpoint.Decide(Booking(BookingStatus.Requested), elsewhere, ProviderCaller()).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Accept_inside_listed_service_area_appends_accepted()
    {
        var local = Provider(area: Community);

        AcceptBookingEndpoint.Decide(Booking(BookingStatus.Requested), local, ProviderCaller()).ShouldAppend<BookingAccepted>();
    }

    [Fact]
    public void Accept_by_unverified_provider_returns_409()
    {
        var unverified = Provider(verified: false);

        AcceptBookingEndpoint.Decide(Booking(BookingStatus.Requested), unverified, ProviderCaller())
            .ShouldBeProblem(409, "Provider_NotVerified");
    }

    [Fact]
    public void Accept_after_declining_returns_409()
    {
        var booking = Booking(BookingStatus.Requested) with { DeclinedBy = [ProviderId] };

        AcceptBookingEndpoint.Decide(booking, Provider(), ProviderCaller()).ShouldBeProblem(409, "Booking_YouDeclined");
    }

    [Theory]
    [InlineData(BookingStatus.Declined)]
    [InlineData(BookingStatus.Expired)]
    [InlineData(BookingStatus.Cancelled)]
    public void Accept_closed_open_job_returns_invalid_transition(BookingStatus status)
    {
        AcceptBookingEndpoint.Decide(Booking(status), Provider(), ProviderCaller()).ShouldBeInvalidTransition(status);
    }

    [Theory]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Completed)]
    [InlineData(BookingStatus.Settled)]
    [InlineData(BookingStatus.NoShow)]
    public void Accept_own_job_after_acceptance_returns_invalid_transition(BookingStatus status)
    {
        AcceptBookingEndpoint.Decide(Booking(status, ProviderId), Provider(), ProviderCaller()).ShouldBeInvalidTransition(status);
    }
}
