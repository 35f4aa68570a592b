using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class CancelDecisionTests
{
    [Theory]
    [InlineData(BookingStatus.Requested)]
    [InlineData(BookingStatus.Accepted)]
    [InlineData(BookingStatus.Rescheduled)]
    public void Cancel_open_booking_by_resident_records_previous_status(BookingStatus status)
    {
        var caller = ResidentCaller();

        var cancelled = CancelBookingEndpoint.Decide(new CancelBooking("  不需要了 "), Booking(status, ProviderId), caller)
            .ShouldAppend<BookingCancelled>();

        Assert.Equal((status, "不需要了", caller.Actor, Now), (cancelled.PreviousStatus, cancelled.Reason, cancelled.By, cancelled.At));
    }

    [Fact]
    public void Cancel_by_assigned_provider_appends_cancelled()
    {
        CancelBookingEndpoint.Decide(new CancelBooking("师傅生病"), Booking(BookingStatus.Accepted, ProviderId), ProviderCaller())
            .ShouldAppend<BookingCancelled>();
    }

    [Fact]
    public void Cancel_open_job_by_provider_returns_404()
    {
        CancelBookingEndpoint.Decide(new CancelBooking("不做了"), Booking(BookingStatus.Requested), ProviderCaller())
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Cancel_by_other_resident_returns_404()
    {
        CancelBookingEndpoint.Decide(new CancelBooking("不需要了"), Booking(BookingStatus.Requested), ResidentCaller(OtherResidentId))
            .ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public void Cancel_cancelled_booking_changes_nothing()
    {
        CancelBookingEndpoint.Decide(new CancelBooking("不需要了"), Booking(BookingStatus.Cancelled), OperatorCaller()).ShouldBeNoChange();
    }

    [Theory]
    [InlineData(BookingStatus.Declined)]
    [InlineData(BookingStatus.Expired)]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Completed)]
    [InlineData(BookingStatus.Settled)]
    [InlineData(BookingStatus.NoShow)]
    public void Cancel_closed_booking_returns_invalid_transition(BookingStatus status)
    {
        CancelBookingEndpoint.Decide(new CancelBooking("不需要了"), Booking(status, ProviderId), OperatorCaller())
            .ShouldBeInvalidTransition(status);
    }
}
