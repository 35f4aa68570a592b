using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace LifeCircle.Tests.Fixture;

/// <summary>The fixture's own promises: its database, its clock and its data reset.</summary>
[Collection(Collections.Clock)]
public sealed class AppFixtureTests(AppFixture app)
{
    [Fact]
    public void Fixture_runs_on_its_own_test_database()
    {
        Assert.Matches("^lc_test_[0-9a-f]{32}$", app.Database.Name);
        Assert.Contains($"Database={app.Database.Name}", app.Database.ConnectionString);
    }

    [Fact]
    public void Fixture_clock_is_the_app_clock()
    {
        Assert.Same(app.Clock, app.Host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Reset_removes_bookings_and_restores_demo_data()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        await app.ResetDataAsync();

        var signedInAgain = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        (await signedInAgain.GetAsync($"/api/bookings/{created.Id}")).ShouldBeProblem(404, "Booking_NotFound");
        await using var session = app.Store.QuerySession(DemoData.City);
        Assert.Equal(0, await session.Query<BookingView>().CountAsync());
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var again = await signedInAgain.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(again.Id)).ShouldChangeTo(BookingStatus.Accepted);
    }
}
