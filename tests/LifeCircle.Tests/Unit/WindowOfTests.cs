using LifeCircle.Bookings;
using static LifeCircle.Tests.Unit.Decisions;

namespace LifeCircle.Tests.Unit;

public sealed class WindowOfTests
{
    private static readonly BookingOptions Options = new();
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Theory]
    [InlineData(MealKind.Lunch, 11, 13)]
    [InlineData(MealKind.Dinner, 17, 19)]
    public void WindowOf_meal_is_its_serving_time_in_shanghai(MealKind meal, int from, int to)
    {
        var date = new DateOnly(2026, 12, 6);

        var (window, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Meal, null, null, date, meal, Now, Options);

        Assert.Null(problem);
        Assert.Equal(new TimeWindow(new DateTimeOffset(2026, 12, 6, from, 0, 0, Shanghai), new DateTimeOffset(2026, 12, 6, to, 0, 0, Shanghai)),
            window);
    }

    [Fact]
    public void WindowOf_meal_at_cut_off_returns_409()
    {
        var cutOff = new DateTimeOffset(2026, 12, 6, 9, 0, 0, Shanghai);

        var (window, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Meal, null, null, new DateOnly(2026, 12, 6), MealKind.Lunch,
            cutOff, Options);

        Assert.Null(window);
        Assert.Equal((409, "Meal_CutOffPassed"), (problem!.Status, CodeOf(problem)));
    }

    [Fact]
    public void WindowOf_meal_just_before_cut_off_returns_window()
    {
        var justBefore = new DateTimeOffset(2026, 12, 6, 9, 0, 0, Shanghai).AddTicks(-1);

        var (window, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Meal, null, null, new DateOnly(2026, 12, 6), MealKind.Lunch,
            justBefore, Options);

        Assert.Null(problem);
        Assert.NotNull(window);
    }

    [Fact]
    public void WindowOf_meal_over_30_days_ahead_returns_400()
    {
        var (_, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Meal, null, null, new DateOnly(2027, 1, 5), MealKind.Lunch, Now,
            Options);

        Assert.Equal((400, "Booking_TooFarAhead"), (problem!.Status, CodeOf(problem)));
    }

    [Fact]
    public void WindowOf_requested_window_is_returned_as_given()
    {
        var start = Now.AddHours(3);

        var (window, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Repair, start, start.AddHours(12), null, null, Now, Options);

        Assert.Null(problem);
        Assert.Equal(new TimeWindow(start, start.AddHours(12)), window);
    }

    [Fact]
    public void WindowOf_starting_now_is_accepted()
    {
        var (window, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Housekeeping, Now, Now.AddHours(2), null, null, Now, Options);

        Assert.Null(problem);
        Assert.Equal(Now, window!.Start);
    }

    [Theory]
    [InlineData(-1, 2, 400, "Booking_WindowInPast")]
    [InlineData(30 * 24 * 60 + 1, 2, 400, "Booking_TooFarAhead")]
    [InlineData(60, 12.5, 400, "Booking_WindowTooLong")]
    public void WindowOf_invalid_window_returns_problem(int startMinutes, double hours, int status, string code)
    {
        var start = Now.AddMinutes(startMinutes);

        var (window, problem) = CreateBookingEndpoint.WindowOf(ServiceType.Repair, start, start.AddHours(hours), null, null, Now, Options);

        Assert.Null(window);
        Assert.Equal((status, code), (problem!.Status, CodeOf(problem)));
    }

    [Fact]
    public void WindowOf_command_reads_window_and_meal_fields()
    {
        var start = Now.AddHours(5);
        var command = new CreateBooking(ServiceType.Bathing, WindowStart: start, WindowEnd: start.AddHours(1));

        var (window, _) = CreateBookingEndpoint.WindowOf(command, ServiceType.Bathing, Now, Options);

        Assert.Equal(new TimeWindow(start, start.AddHours(1)), window);
    }
}
