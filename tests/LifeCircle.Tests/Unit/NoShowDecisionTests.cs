using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class NoShowDecisionTests
{
    private static readonly Booking Accepted = Booking(BookingStatus.Accepted, ProviderId);
    private static readonly DateTimeOffset WindowStart = Accepted.Window.Start;

    [Fact]
    public void NoShow_of_resident_at_window_start_appends_no_show()
    {
        var recorded = RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Resident, "敲门无人"), Accepted,
            ProviderCaller(now: WindowStart)).ShouldAppend<NoShowRecorded>();

        Assert.Equal((NoShowParty.Resident, "敲门无人", WindowStart), (recorded.Absent, recorded.Note, recorded.At));
        Assert.Equal((BookingStatus.NoShow, NoShowParty.Resident), (Accepted.Apply(recorded).Status, Accepted.Apply(recorded).Absent));
    }

    [Fact]
    public void NoShow_of_provider_reported_by_resident_appends_no_show()
    {
        RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Provider, null), Accepted, ResidentCaller(now: WindowStart.AddMinutes(30)))
            .ShouldAppend<NoShowRecorded>();
    }

    [Fact]
    public void NoShow_before_window_start_returns_409()
    {
        RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Resident, null), Accepted, ProviderCaller(now: WindowStart.AddTicks(-1)))
            .ShouldBeProblem(409, "NoShow_BeforeWindow");
    }

    [Theory]
    [InlineData(true, NoShowParty.Provider)]
    [InlineData(false, NoShowParty.Resident)]
    public void NoShow_of_own_side_returns_409(bool byProvider, NoShowParty absent)
    {
        var caller = byProvider ? ProviderCaller(now: WindowStart) : ResidentCaller(now: WindowStart);

        RecordNoShowEndpoint.Decide(new RecordNoShow(absent, null), Accepted, caller).ShouldBeProblem(409, "NoShow_ReportOtherSide");
    }

    [Theory]
    [InlineData(NoShowParty.Resident)]
    [InlineData(NoShowParty.Provider)]
    public void NoShow_by_operator_records_either_side(NoShowParty absent)
    {
        RecordNoShowEndpoint.Decide(new RecordNoShow(absent, null), Accepted, OperatorCaller(now: WindowStart))
            .ShouldAppend<NoShowRecorded>();
    }

    [Fact]
    public void NoShow_recorded_again_changes_nothing()
    {
        var booking = Accepted with { Status = BookingStatus.NoShow, Absent = NoShowParty.Resident };

        RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Resident, null), booking, ProviderCaller(now: WindowStart))
            .ShouldBeNoChange();
    }

    [Fact]
    public void NoShow_of_other_side_after_no_show_returns_invalid_transition()
    {
        var booking = Accepted with { Status = BookingStatus.NoShow, Absent = NoShowParty.Resident };

        RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Provider, null), booking, ResidentCaller(now: WindowStart))
            .ShouldBeInvalidTransition(BookingStatus.NoShow);
    }

    [Theory]
    [InlineData(BookingStatus.Requested)]
    [InlineData(BookingStatus.Rescheduled)]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Completed)]
    public void NoShow_outside_accepted_returns_invalid_transition(BookingStatus status)
    {
        RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Provider, null), Accepted with { Status = status },
            ResidentCaller(now: WindowStart)).ShouldBeInvalidTransition(status);
    }

    [Fact]
    public void NoShow_by_other_provider_returns_404()
    {
        RecordNoShowEndpoint.Decide(new RecordNoShow(NoShowParty.Resident, null), Accepted, ProviderCaller(OtherProviderId, WindowStart))
            .ShouldBeProblem(404, "Booking_NotFound");
    }
}
