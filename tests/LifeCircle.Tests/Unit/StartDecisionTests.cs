using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class StartDecisionTests
{
    [Fact]
    public void Start_own_accepted_job_appends_started()
    {
        var caller = ProviderCaller();

        var started = StartBookingEndpoint.Decide(Booking(BookingStatus.Accepted, ProviderId), caller).ShouldAppend<BookingStarted>();

        Assert.Equal((caller.Actor, Now), (started.By, started.At));
    }

    [Fact]
    public void Start_started_job_changes_nothing()
    {
        StartBookingEndpoint.Decide(Booking(BookingStatus.Started, ProviderId), ProviderCaller()).ShouldBeNoChange();
    }

    [Fact]
    public void Start_job_of_another_provider_returns_404()
    {
        StartBookingEndpoint.Decide(Booking(BookingStatus.Accepted, OtherProviderId), ProviderCaller())
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Start_by_resident_returns_404()
    {
        StartBookingEndpoint.Decide(Booking(BookingStatus.Accepted, ProviderId), ResidentCaller())
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    [Theory]
    [InlineData(BookingStatus.Requested)]
    [InlineData(BookingStatus.Expired)]
    [InlineData(BookingStatus.Cancelled)]
    public void Start_job_nobody_accepted_returns_invalid_transition(BookingStatus status)
    {
        StartBookingEndpoint.Decide(Booking(status, targetProviderId: ProviderId), ProviderCaller()).ShouldBeInvalidTransition(status);
    }

    [Theory]
    [InlineData(BookingStatus.Rescheduled)]
    [InlineData(BookingStatus.Completed)]
    [InlineData(BookingStatus.Settled)]
    [InlineData(BookingStatus.NoShow)]
    public void Start_own_job_in_other_status_returns_invalid_transition(BookingStatus status)
    {
        StartBookingEndpoint.Decide(Booking(status, ProviderId), ProviderCaller()).ShouldBeInvalidTransition(status);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Start_first_bath_without_both_prerequisites_returns_409(bool assessed, bool signed)
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId, service: ServiceType.Bathing) with
        {
            AssessmentRecorded = assessed,
            AgreementSigned = signed
        };

        StartBookingEndpoint.Decide(booking, ProviderCaller()).ShouldBeProblem(409, "Bathing_AssessmentAndAgreementFirst");
    }

    [Fact]
    public void Start_bath_with_assessment_and_agreement_appends_started()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId, service: ServiceType.Bathing) with
        {
            AssessmentRecorded = true,
            AgreementSigned = true
        };

        StartBookingEndpoint.Decide(booking, ProviderCaller()).ShouldAppend<BookingStarted>();
    }

    [Fact]
    public void Start_bath_of_cleared_resident_appends_started()
    {
        var booking = Booking(BookingStatus.Accepted, ProviderId, service: ServiceType.Bathing) with { BathingCleared = true };

        StartBookingEndpoint.Decide(booking, ProviderCaller()).ShouldAppend<BookingStarted>();
    }
}
