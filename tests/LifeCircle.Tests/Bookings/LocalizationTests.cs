using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>Problem details are in Simplified Chinese unless the request asks for English.</summary>
[Collection(Collections.Api)]
public sealed class LocalizationTests(AppFixture app)
{
    [Fact]
    public async Task Conflict_without_language_is_in_chinese()
    {
        var (craftsman, id) = await CancelledBookingAsync();

        var problem = (await craftsman.AcceptAsync(id)).ShouldBeInvalidTransition(BookingStatus.Cancelled);

        Assert.Equal("状态冲突", problem["title"]!.GetValue<string>());
        Assert.Equal("订单当前状态为“已取消”，不能接单。", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conflict_with_accept_language_en_is_in_english()
    {
        var (craftsman, id) = await CancelledBookingAsync();

        var response = await craftsman.WithHeader("Accept-Language", "en").AcceptAsync(id);

        var problem = response.ShouldBeInvalidTransition(BookingStatus.Cancelled);
        Assert.Equal("Conflict", problem["title"]!.GetValue<string>());
        Assert.Equal("The booking is cancelled, so it cannot be accepted.", problem["detail"]!.GetValue<string>());
        Assert.Equal("en", response.Headers.ContentLanguage.ToString());
    }

    [Fact]
    public async Task Conflict_with_unsupported_language_falls_back_to_chinese()
    {
        var (craftsman, id) = await CancelledBookingAsync();

        var response = await craftsman.WithHeader("Accept-Language", "fr-FR").AcceptAsync(id);

        Assert.Equal("状态冲突", response.ShouldBeInvalidTransition(BookingStatus.Cancelled)["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validation_message_follows_accept_language()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var request = app.Requests.Repair() with { WindowEnd = app.Requests.TomorrowAt(9) };

        var chinese = (await resident.PostAsync("/api/bookings", request)).ShouldBeInvalidField("windowEnd");
        var english = (await resident.WithHeader("Accept-Language", "en").PostAsync("/api/bookings", request))
            .ShouldBeInvalidField("windowEnd");

        Assert.Equal("服务时段的结束时间必须晚于开始时间。", chinese["errors"]!["windowEnd"]![0]!.GetValue<string>());
        Assert.Equal("The end of the time window must be after its start.", english["errors"]!["windowEnd"]![0]!.GetValue<string>());
        Assert.Equal("Bad request", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sign_in_required_follows_accept_language()
    {
        var chinese = (await app.Anonymous.GetAsync("/api/bookings")).ShouldBeProblem(401, "Status_401");
        var english = (await app.Anonymous.WithHeader("Accept-Language", "en").GetAsync("/api/bookings"))
            .ShouldBeProblem(401, "Status_401");

        Assert.Equal("请先登录", chinese["title"]!.GetValue<string>());
        Assert.Equal("Sign-in required", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Booking_page_texts_follow_accept_language()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Meal());

        var page = (await resident.WithHeader("Accept-Language", "en").GetAsync($"/api/bookings/{created.Id}"))
            .ShouldHaveStatus(200).As<BookingDetails>();

        Assert.Equal(("requested", "Meal assistance"), (page.StatusText, page.ServiceText));
    }

    private async Task<(ApiClient Provider, Guid Id)> CancelledBookingAsync()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await resident.CancelAsync(created.Id)).ShouldChangeTo(BookingStatus.Cancelled);
        return (craftsman, created.Id);
    }
}
