using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class CreateBookingTests(AppFixture app)
{
    [Fact]
    public async Task Create_repair_returns_201_with_location_and_summary()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.WangXiulanPhone);
        var request = app.Requests.Repair();
        var now = app.Clock.GetUtcNow();

        var response = await resident.PostAsync("/api/bookings", request);

        response.ShouldHaveStatus(201);
        var created = response.As<BookingCreated>();
        Assert.Equal($"/api/bookings/{created.Id}", response.Headers.Location.ToString());
        Assert.Matches("^[0-9]{8,}$", created.Number);
        Assert.Equal(BookingStatus.Requested, created.Status);
        Assert.Equal(new TimeWindow(request.WindowStart!.Value, request.WindowEnd!.Value), created.Window);
        Assert.Equal(now + TimeSpan.FromHours(2), created.AcceptBy);
    }

    [Theory]
    [InlineData(ServiceType.Housekeeping, 4)]
    [InlineData(ServiceType.Repair, 2)]
    [InlineData(ServiceType.Meal, 1)]
    public async Task Create_each_service_sets_its_acceptance_deadline(ServiceType service, int hours)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var now = app.Clock.GetUtcNow();

        var created = await resident.CreateBookingAsync(app.Requests.For(service));

        Assert.Equal(BookingStatus.Requested, created.Status);
        Assert.Equal(now + TimeSpan.FromHours(hours), created.AcceptBy);
    }

    [Fact]
    public async Task Create_bathing_deadline_is_never_after_window_start()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var soon = app.Clock.GetUtcNow() + TimeSpan.FromHours(3);
        var request = app.Requests.Bathing() with { WindowStart = soon, WindowEnd = soon + TimeSpan.FromHours(2) };

        var created = await resident.CreateBookingAsync(request);

        Assert.Equal(soon, created.AcceptBy);
    }

    [Theory]
    [InlineData(MealKind.Lunch, 11, 13)]
    [InlineData(MealKind.Dinner, 17, 19)]
    public async Task Create_meal_takes_the_serving_window(MealKind meal, int fromHour, int toHour)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var request = app.Requests.Meal() with { Meal = app.Requests.Meal().Meal! with { Meal = meal } };

        var created = await resident.CreateBookingAsync(request);

        var date = app.Requests.Tomorrow;
        Assert.Equal(new TimeWindow(BookingRequests.At(date, fromHour), BookingRequests.At(date, toHour)), created.Window);
    }

    [Theory]
    [InlineData(null, Channel.Phone)]
    [InlineData("phone", Channel.Phone)]
    [InlineData("walk-in", Channel.WalkIn)]
    public async Task Create_by_operator_records_the_channel(string? channelHeader, Channel expected)
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        if (channelHeader is not null)
        {
            operatorClient = operatorClient.WithHeader("X-Channel", channelHeader);
        }

        var created = await operatorClient.CreateBookingAsync(app.Requests.Repair(residentId: DemoData.LiGuifang));

        var view = (await operatorClient.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(DemoData.LiGuifang, view.ResidentId);
        Assert.Equal(expected, view.RequestedThrough);
        var step = Assert.Single(view.History);
        Assert.Equal(ActorRole.Operator, step.ActorRole);
        Assert.Equal(expected, step.Channel);
    }

    [Theory]
    [InlineData(1940, false, false, ElderPriority.Aged80OrOver)]
    [InlineData(1950, true, false, ElderPriority.Aged70LivingAlone)]
    [InlineData(1950, false, false, ElderPriority.None)]
    [InlineData(1990, false, true, ElderPriority.Disability)]
    [InlineData(1990, true, false, ElderPriority.None)]
    public async Task Create_sets_elder_priority_from_profile(int birthYear, bool livesAlone, bool disability,
        ElderPriority expected)
    {
        var resident = await app.NewResidentAsync(birthYear: birthYear, livesAlone: livesAlone, hasDisability: disability);

        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());

        var view = (await resident.Client.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(expected, view.Priority);
        Assert.Equal(expected != ElderPriority.None, view.HasElderPriority);
    }

    [Fact]
    public async Task Create_with_provider_addresses_the_booking_to_it()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var created = await resident.CreateBookingAsync(app.Requests.Repair(providerId: DemoData.ApplianceRepair));

        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(DemoData.ApplianceRepair, view.TargetProviderId);
        Assert.Null(view.ProviderId);
    }

    [Fact]
    public async Task Create_with_community_code_overrides_home_community()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var created = await resident.CreateBookingAsync(app.Requests.Repair() with { CommunityCode = DemoData.YupingCommunity });

        var view = (await resident.GetBookingAsync(created.Id)).Booking;
        Assert.Equal(DemoData.YupingCommunity, view.CommunityCode);
        Assert.Equal("玉屏二社区", view.CommunityName);
    }

    [Fact]
    public async Task Create_for_resident_without_community_uses_given_code()
    {
        var resident = await app.SignInAsResidentAsync(app.NewPhone());

        var created = await resident.CreateBookingAsync(app.Requests.Repair() with { CommunityCode = DemoData.ShuiyuandiCommunity });

        Assert.Equal(BookingStatus.Requested, created.Status);
    }
}
