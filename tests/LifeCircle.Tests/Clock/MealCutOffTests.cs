using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Clock;

/// <summary>Meal orders close two hours before the meal: 09:00 for lunch, 15:00 for dinner (Asia/Shanghai).</summary>
[Collection(Collections.Clock)]
public sealed class MealCutOffTests(AppFixture app)
{
    [Fact]
    public async Task Create_lunch_at_cut_off_returns_409()
    {
        var lunch = app.Requests.Meal();
        MoveClockTo(BookingRequests.At(lunch.Meal!.Date, 9));
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.PostAsync("/api/bookings", lunch);

        var problem = response.ShouldBeProblem(409, "Meal_CutOffPassed");
        Assert.Contains($"{lunch.Meal.Date:yyyy-MM-dd} 09:00", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_lunch_a_minute_before_cut_off_returns_201()
    {
        var lunch = app.Requests.Meal();
        MoveClockTo(BookingRequests.At(lunch.Meal!.Date, 8, 59));
        var resident = await app.NewResidentAsync();

        var created = await resident.Client.CreateBookingAsync(lunch);

        Assert.Equal(BookingRequests.At(lunch.Meal.Date, 9, 59), created.AcceptBy);
    }

    [Fact]
    public async Task Create_dinner_after_lunch_cut_off_returns_201()
    {
        var lunch = app.Requests.Meal();
        var dinner = lunch with { Meal = lunch.Meal! with { Meal = MealKind.Dinner } };
        MoveClockTo(BookingRequests.At(lunch.Meal.Date, 10));
        var resident = await app.NewResidentAsync();

        (await resident.Client.PostAsync("/api/bookings", lunch)).ShouldBeProblem(409, "Meal_CutOffPassed");
        (await resident.Client.PostAsync("/api/bookings", dinner)).ShouldHaveStatus(201);
    }

    [Fact]
    public async Task Reschedule_to_meal_past_cut_off_returns_409()
    {
        var resident = await app.NewResidentAsync();
        var dinner = app.Requests.Meal() with { Meal = app.Requests.Meal().Meal! with { Meal = MealKind.Dinner } };
        var created = await resident.Client.CreateBookingAsync(dinner);
        MoveClockTo(BookingRequests.At(dinner.Meal!.Date, 9, 30));
        var signedInAgain = await app.SignInAsResidentAsync(resident.Phone);

        var response = await signedInAgain.PostAsync($"/api/bookings/{created.Id}/reschedule",
            new RescheduleBooking(MealDate: dinner.Meal.Date, Meal: MealKind.Lunch));

        response.ShouldBeProblem(409, "Meal_CutOffPassed");
    }

    /// <summary>Moves the clock forward to an instant; tokens issued more than 8 hours before it no longer work.</summary>
    private void MoveClockTo(DateTimeOffset instant)
    {
        Assert.True(instant > app.Clock.GetUtcNow(), $"The fake clock is already past {instant}.");
        app.Clock.SetUtcNow(instant.ToUniversalTime());
    }
}
