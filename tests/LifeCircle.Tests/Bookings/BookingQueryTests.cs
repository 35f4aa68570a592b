using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>Reading one booking, listing bookings, and the provider's queue of open jobs.</summary>
[Collection(Collections.Api)]
public sealed class BookingQueryTests(AppFixture app)
{
    // Each queue test books in a community of its own (丰泽, 南十, 临沂路) that no other test
    // uses, so the queue of a provider serving only that community is predictable.
    private const string FengzeCommunity = "210102002001";
    private const string NanshiCommunity = "210102002003";
    private const string LinyiluCommunity = "210102002005";

    [Fact]
    public async Task Get_own_booking_returns_texts_and_full_contact()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var page = await resident.GetBookingAsync(created.Id);

        Assert.Equal(created.Id, page.Booking.Id);
        Assert.Equal("待接单", page.StatusText);
        Assert.Equal("维修", page.ServiceText);
        Assert.Equal(new BookingContact("赵丽", "+8613904001006", "沈阳市和平区水源地社区8号楼2单元1102", false), page.Contact);
    }

    [Fact]
    public async Task Get_booking_of_another_resident_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var other = await app.SignInAsResidentAsync(DemoData.LiGuifangPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await other.GetAsync($"/api/bookings/{created.Id}");

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Get_unknown_booking_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.GetAsync($"/api/bookings/{Guid.NewGuid()}");

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Get_by_operator_returns_full_contact()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var page = await operatorClient.GetBookingAsync(created.Id);

        Assert.Equal(new BookingContact("赵丽", "+8613904001006", "沈阳市和平区水源地社区8号楼2单元1102", false), page.Contact);
    }

    [Fact]
    public async Task Get_open_job_by_provider_masks_phone_and_hides_address()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var contact = (await craftsman.GetBookingAsync(created.Id)).Contact!;

        Assert.Matches("^1[0-9]{2}\\*{4}[0-9]{4}$", contact.Phone);
        Assert.Equal("139****1006", contact.Phone);
        Assert.Null(contact.Address);
        Assert.Equal("赵*", contact.Name);
        Assert.True(contact.Masked);
    }

    [Fact]
    public async Task Get_accepted_job_by_its_provider_shows_full_contact()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var contact = (await craftsman.GetBookingAsync(created.Id)).Contact;

        Assert.Equal(new BookingContact("赵丽", "+8613904001006", "沈阳市和平区水源地社区8号楼2单元1102", false), contact);
    }

    [Fact]
    public async Task Get_accepted_job_by_another_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await appliances.GetAsync($"/api/bookings/{created.Id}");

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Get_open_job_by_provider_of_another_service_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var canteen = await app.SignInAsProviderAsync(DemoData.CanteenPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());

        var response = await canteen.GetAsync($"/api/bookings/{created.Id}");

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task List_by_resident_returns_only_own_bookings_newest_first()
    {
        var resident = await app.NewResidentAsync();
        var ids = await CreateSeveralAsync(resident.Client, 3);

        var page = (await resident.Client.GetAsync("/api/bookings")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal(3, page.Total);
        Assert.Equal(ids.AsEnumerable().Reverse(), page.Items.Select(i => i.Id));
        Assert.Equal((1, 20), (page.Page, page.PageSize));
    }

    [Fact]
    public async Task List_with_status_filter_returns_matching_bookings()
    {
        var resident = await app.NewResidentAsync();
        var ids = await CreateSeveralAsync(resident.Client, 3);
        (await resident.Client.CancelAsync(ids[1])).ShouldChangeTo(BookingStatus.Cancelled);

        var page = (await resident.Client.GetAsync("/api/bookings?status=Cancelled")).ShouldHaveStatus(200).As<BookingPage>();

        var item = Assert.Single(page.Items);
        Assert.Equal((ids[1], BookingStatus.Cancelled, "已取消"), (item.Id, item.Status, item.StatusText));
    }

    [Fact]
    public async Task List_pages_through_bookings()
    {
        var resident = await app.NewResidentAsync();
        var ids = await CreateSeveralAsync(resident.Client, 3);

        var page = (await resident.Client.GetAsync("/api/bookings?page=2&pageSize=2")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal(3, page.Total);
        Assert.Equal([ids[0]], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task List_by_operator_filters_by_resident_and_number()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var ids = await CreateSeveralAsync(resident.Client, 2);
        var number = (await resident.Client.GetBookingAsync(ids[0])).Booking.Number;

        var byResident = (await operatorClient.GetAsync($"/api/bookings?residentId={resident.Id}")).ShouldHaveStatus(200).As<BookingPage>();
        var byNumber = (await operatorClient.GetAsync($"/api/bookings?number=%20{number}%20")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal(ids.AsEnumerable().Reverse(), byResident.Items.Select(i => i.Id));
        Assert.Equal([ids[0]], byNumber.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task List_by_resident_ignores_resident_filter_of_others()
    {
        var resident = await app.NewResidentAsync();
        await CreateSeveralAsync(resident.Client, 1);
        var other = await app.NewResidentAsync();

        var page = (await other.Client.GetAsync($"/api/bookings?residentId={resident.Id}")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task List_by_provider_returns_its_accepted_jobs()
    {
        var resident = await app.NewResidentAsync();
        var provider = await app.NewProviderAsync(ServiceType.Repair);
        var ids = await CreateSeveralAsync(resident.Client, 3);
        (await provider.Client.AcceptAsync(ids[0])).ShouldChangeTo(BookingStatus.Accepted);
        (await provider.Client.AcceptAsync(ids[2])).ShouldChangeTo(BookingStatus.Accepted);

        var page = (await provider.Client.GetAsync("/api/bookings")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal([ids[2], ids[0]], page.Items.Select(i => i.Id));
        Assert.All(page.Items, i => Assert.Equal(provider.Name, i.ProviderName));
    }

    [Fact]
    public async Task List_with_unknown_status_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.GetAsync("/api/bookings?status=Lost");

        response.ShouldHaveStatus(400);
    }

    [Fact]
    public async Task Open_jobs_list_elders_first_then_earliest_window()
    {
        var provider = await app.NewProviderAsync(ServiceType.Housekeeping, [FengzeCommunity]);
        var elder = await app.NewResidentAsync(FengzeCommunity, birthYear: 1940);
        var young = await app.NewResidentAsync(FengzeCommunity, birthYear: 1990);
        var youngLate = await young.Client.CreateBookingAsync(Housekeeping(9));
        var elderLate = await elder.Client.CreateBookingAsync(Housekeeping(15));
        var youngEarly = await young.Client.CreateBookingAsync(Housekeeping(8));

        var page = (await provider.Client.GetAsync("/api/jobs/open")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal([elderLate.Id, youngEarly.Id, youngLate.Id], page.Items.Select(i => i.Id));
        Assert.Equal(3, page.Total);
        Assert.Equal(ElderPriority.Aged80OrOver, page.Items[0].Priority);
    }

    [Fact]
    public async Task Open_jobs_leave_out_declined_taken_and_foreign_jobs()
    {
        var provider = await app.NewProviderAsync(ServiceType.Housekeeping, [NanshiCommunity]);
        var rival = await app.NewProviderAsync(ServiceType.Housekeeping, [NanshiCommunity]);
        var resident = await app.NewResidentAsync(NanshiCommunity);
        var open = await resident.Client.CreateBookingAsync(Housekeeping(8));
        var declined = await resident.Client.CreateBookingAsync(Housekeeping(9));
        var taken = await resident.Client.CreateBookingAsync(Housekeeping(10));
        var addressedToRival = await resident.Client.CreateBookingAsync(Housekeeping(11) with { ProviderId = rival.Id });
        await resident.Client.CreateBookingAsync(app.Requests.Repair());
        await resident.Client.CreateBookingAsync(Housekeeping(12) with { CommunityCode = DemoData.ShuiyuandiCommunity });
        (await provider.Client.DeclineAsync(declined.Id)).ShouldChangeTo(BookingStatus.Requested);
        (await rival.Client.AcceptAsync(taken.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var page = (await provider.Client.GetAsync("/api/jobs/open")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Equal([open.Id], page.Items.Select(i => i.Id));
        var rivalPage = (await rival.Client.GetAsync("/api/jobs/open")).ShouldHaveStatus(200).As<BookingPage>();
        Assert.Equal([open.Id, declined.Id, addressedToRival.Id], rivalPage.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Open_jobs_include_new_windows_to_confirm()
    {
        var provider = await app.NewProviderAsync(ServiceType.Housekeeping, [LinyiluCommunity]);
        var resident = await app.NewResidentAsync(LinyiluCommunity);
        var created = await resident.Client.CreateBookingAsync(Housekeeping(8));
        (await provider.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        var whileAccepted = (await provider.Client.GetAsync("/api/jobs/open")).ShouldHaveStatus(200).As<BookingPage>();
        (await resident.Client.RescheduleAsync(created.Id, app.Requests.TomorrowAt(16), app.Requests.TomorrowAt(18)))
            .ShouldChangeTo(BookingStatus.Rescheduled);

        var page = (await provider.Client.GetAsync("/api/jobs/open")).ShouldHaveStatus(200).As<BookingPage>();

        Assert.Empty(whileAccepted.Items);
        var item = Assert.Single(page.Items);
        Assert.Equal((created.Id, BookingStatus.Rescheduled), (item.Id, item.Status));
    }

    private CreateBooking Housekeeping(int hour) =>
        app.Requests.Housekeeping() with { WindowStart = app.Requests.TomorrowAt(hour), WindowEnd = app.Requests.TomorrowAt(hour + 2) };

    /// <summary>Creates repair bookings a minute apart, so the newest-first order is defined.</summary>
    private async Task<List<Guid>> CreateSeveralAsync(ApiClient resident, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await resident.CreateBookingAsync(app.Requests.Repair())).Id);
        }

        return ids;
    }
}
