using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class ExpireDecisionTests
{
    [Theory]
    [InlineData(BookingStatus.Requested)]
    [InlineData(BookingStatus.Rescheduled)]
    public void Expire_at_deadline_expires_booking_awaiting_provider(BookingStatus status)
    {
        var booking = Booking(status);

        var expired = Assert.IsType<BookingExpired>(Assert.Single(ExpireBookingHandler.Decide(booking, booking.AcceptBy)));

        Assert.Equal((booking.Id, booking.AcceptBy, Actor.System, booking.AcceptBy), (expired.BookingId, expired.AcceptBy, expired.By, expired.At));
        Assert.Equal(BookingStatus.Expired, booking.Apply(expired).Status);
    }

    [Fact]
    public void Expire_before_deadline_changes_nothing()
    {
        var booking = Booking(BookingStatus.Requested);

        Assert.Empty(ExpireBookingHandler.Decide(booking, booking.AcceptBy.AddTicks(-1)));
    }

    [Theory]
    [InlineData(BookingStatus.Accepted)]
    [InlineData(BookingStatus.Declined)]
    [InlineData(BookingStatus.Expired)]
    [InlineData(BookingStatus.Started)]
    [InlineData(BookingStatus.Completed)]
    [InlineData(BookingStatus.Settled)]
    [InlineData(BookingStatus.Cancelled)]
    [InlineData(BookingStatus.NoShow)]
    public void Expire_booking_no_longer_awaiting_provider_changes_nothing(BookingStatus status)
    {
        var booking = Booking(status, ProviderId);

        Assert.Empty(ExpireBookingHandler.Decide(booking, booking.AcceptBy.AddDays(1)));
    }
}
