using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>
/// Each service from request to settlement, comparing the whole booking page (view, status
/// text, service text, contact) after every step. The clock moves between steps so each
/// history entry has its own time.
/// </summary>
[Collection(Collections.Api)]
public sealed class BookingLifecycleTests(AppFixture app)
{
    private static readonly TimeSpan StepGap = TimeSpan.FromMinutes(20);

    private static readonly BookingContact WangXiulanContact =
        new("王秀兰", "+8613904001001", "沈阳市和平区水源地社区3号楼2单元501", false);

    [Fact]
    public async Task Repair_lifecycle_by_resident_ends_settled()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.WangXiulanPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var request = app.Requests.Repair();
        var requestedAt = app.Clock.GetUtcNow();

        var created = await resident.CreateBookingAsync(request);

        var expected = RequestedView(created, request, DemoData.WangXiulan, ElderPriority.Aged80OrOver,
            request.WindowStart!.Value, request.WindowEnd!.Value, requestedAt + TimeSpan.FromHours(2),
            ActorRole.Resident, Channel.App, requestedAt);
        await AssertPageAsync(resident, expected, "待接单", "维修", WangXiulanContact);

        var acceptedAt = NextStep();
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        expected.Status = BookingStatus.Accepted;
        expected.ProviderId = DemoData.RepairCraftsman;
        expected.ProviderName = "老王便民修理铺";
        expected.AcceptedAt = acceptedAt;
        expected.CardVersion = 1;
        AddStep(expected, "Accepted", ActorRole.Provider, Channel.App, acceptedAt);
        await AssertPageAsync(resident, expected, "已接单", "维修", WangXiulanContact);

        var startedAt = NextStep();
        (await craftsman.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        expected.Status = BookingStatus.Started;
        expected.StartedAt = startedAt;
        AddStep(expected, "Started", ActorRole.Provider, Channel.App, startedAt);
        await AssertPageAsync(resident, expected, "服务中", "维修", WangXiulanContact);

        var completedAt = NextStep();
        (await craftsman.CompleteAsync(created.Id,
                new ChargeInput("更换水龙头", 1m, "个", 40m),
                new ChargeInput("水龙头配件", 1m, "个", 35.5m)))
            .ShouldChangeTo(BookingStatus.Completed);
        expected.Status = BookingStatus.Completed;
        expected.Charges =
        [
            new ChargeLine("更换水龙头", 1m, "个", Money.Of(40m), Money.Of(40m), "RP-TAP", 1),
            new ChargeLine("水龙头配件", 1m, "个", Money.Of(35.5m), Money.Of(35.5m))
        ];
        expected.Total = Money.Of(75.5m);
        await ExpectAgreedChargesAsync(resident, expected, completedAt);
        expected.CompletedAt = completedAt;
        AddStep(expected, "Completed", ActorRole.Provider, Channel.App, completedAt);
        await AssertPageAsync(resident, expected, "已完成", "维修", WangXiulanContact);

        var settledAt = NextStep();
        (await craftsman.SettleAsync(created.Id, PaymentMethod.Cash, 75.5m)).ShouldChangeTo(BookingStatus.Settled);
        expected.Status = BookingStatus.Settled;
        expected.Payment = PaymentMethod.Cash;
        expected.AmountPaid = Money.Of(75.5m);
        expected.SettledAt = settledAt;
        AddStep(expected, "Settled", ActorRole.Provider, Channel.App, settledAt);
        await AssertPageAsync(resident, expected, "已结算", "维修", WangXiulanContact);
    }

    [Fact]
    public async Task Housekeeping_lifecycle_by_operator_ends_settled()
    {
        var resident = await app.NewResidentAsync(birthYear: 1950, livesAlone: true);
        var contact = new BookingContact(resident.Name, resident.Phone, "沈阳市和平区测试小区1号楼1单元101", false);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var company = await app.SignInAsProviderAsync(DemoData.HousekeepingPhone);
        var request = app.Requests.Housekeeping(residentId: resident.Id);
        var requestedAt = app.Clock.GetUtcNow();

        var created = await operatorClient.CreateBookingAsync(request);

        var expected = RequestedView(created, request, resident.Id, ElderPriority.Aged70LivingAlone,
            request.WindowStart!.Value, request.WindowEnd!.Value, requestedAt + TimeSpan.FromHours(4),
            ActorRole.Operator, Channel.Phone, requestedAt);
        await AssertPageAsync(resident.Client, expected, "待接单", "家政保洁", contact);

        var acceptedAt = NextStep();
        (await company.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        expected.Status = BookingStatus.Accepted;
        expected.ProviderId = DemoData.HousekeepingCompany;
        expected.ProviderName = "沈阳家佳家政服务有限公司";
        expected.AcceptedAt = acceptedAt;
        expected.CardVersion = 1;
        AddStep(expected, "Accepted", ActorRole.Provider, Channel.App, acceptedAt);
        await AssertPageAsync(operatorClient, expected, "已接单", "家政保洁", contact);

        var startedAt = NextStep();
        (await company.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        expected.Status = BookingStatus.Started;
        expected.StartedAt = startedAt;
        AddStep(expected, "Started", ActorRole.Provider, Channel.App, startedAt);
        await AssertPageAsync(resident.Client, expected, "服务中", "家政保洁", contact);

        var completedAt = NextStep();
        (await company.CompleteAsync(created.Id, new ChargeInput("日常保洁", 2.5m, "小时", 45m)))
            .ShouldChangeTo(BookingStatus.Completed);
        expected.Status = BookingStatus.Completed;
        expected.Charges = [new ChargeLine("日常保洁", 2.5m, "小时", Money.Of(45m), Money.Of(112.5m), "HK-ROUTINE", 1)];
        expected.Total = Money.Of(112.5m);
        await ExpectAgreedChargesAsync(resident.Client, expected, completedAt);
        expected.CompletedAt = completedAt;
        AddStep(expected, "Completed", ActorRole.Provider, Channel.App, completedAt);
        await AssertPageAsync(resident.Client, expected, "已完成", "家政保洁", contact);

        var settledAt = NextStep();
        (await resident.Client.SettleAsync(created.Id, PaymentMethod.Online, 112.5m)).ShouldChangeTo(BookingStatus.Settled);
        expected.Status = BookingStatus.Settled;
        expected.Payment = PaymentMethod.Online;
        expected.AmountPaid = Money.Of(112.5m);
        expected.SettledAt = settledAt;
        AddStep(expected, "Settled", ActorRole.Resident, Channel.App, settledAt);
        await AssertPageAsync(resident.Client, expected, "已结算", "家政保洁", contact);
    }

    [Fact]
    public async Task Meal_lifecycle_for_lunch_ends_settled()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.WangXiulanPhone);
        var canteen = await app.SignInAsProviderAsync(DemoData.CanteenPhone);
        var desk = (await app.SignInAsStaffAsync(DemoData.Operator)).WithHeader("X-Channel", "walk-in");
        var request = app.Requests.Meal() with
        {
            Meal = new MealDetails(MealKind.Lunch, app.Requests.Tomorrow, 2, [DietNeed.Soft], MealFulfilment.Delivery)
        };
        var requestedAt = app.Clock.GetUtcNow();

        var created = await resident.CreateBookingAsync(request);

        var lunchStart = BookingRequests.At(app.Requests.Tomorrow, 11);
        var expected = RequestedView(created, request, DemoData.WangXiulan, ElderPriority.Aged80OrOver,
            lunchStart, BookingRequests.At(app.Requests.Tomorrow, 13), requestedAt + TimeSpan.FromHours(1),
            ActorRole.Resident, Channel.App, requestedAt);
        Assert.Equal(new TimeWindow(lunchStart, BookingRequests.At(app.Requests.Tomorrow, 13)), created.Window);
        await AssertPageAsync(resident, expected, "待接单", "助餐", WangXiulanContact);

        var acceptedAt = NextStep();
        (await canteen.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        expected.Status = BookingStatus.Accepted;
        expected.ProviderId = DemoData.Canteen;
        expected.ProviderName = "和平区幸福里社区长者食堂";
        expected.AcceptedAt = acceptedAt;
        expected.CardVersion = 1;
        AddStep(expected, "Accepted", ActorRole.Provider, Channel.App, acceptedAt);
        await AssertPageAsync(resident, expected, "已接单", "助餐", WangXiulanContact);

        var startedAt = NextStep();
        (await canteen.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        expected.Status = BookingStatus.Started;
        expected.StartedAt = startedAt;
        AddStep(expected, "Started", ActorRole.Provider, Channel.App, startedAt);
        await AssertPageAsync(resident, expected, "服务中", "助餐", WangXiulanContact);

        var completedAt = NextStep();
        (await canteen.CompleteAsync(created.Id,
                new ChargeInput("软食套餐", 2m, "份", 12m),
                new ChargeInput("送餐上门", 1m, "次", 3m)))
            .ShouldChangeTo(BookingStatus.Completed);
        expected.Status = BookingStatus.Completed;
        expected.Charges =
        [
            new ChargeLine("软食套餐", 2m, "份", Money.Of(12m), Money.Of(24m), "MEAL-SOFT", 1),
            new ChargeLine("送餐上门", 1m, "次", Money.Of(3m), Money.Of(3m), "MEAL-DLV", 1)
        ];
        expected.Total = Money.Of(27m);
        await ExpectAgreedChargesAsync(resident, expected, completedAt);
        expected.CompletedAt = completedAt;
        AddStep(expected, "Completed", ActorRole.Provider, Channel.App, completedAt);
        await AssertPageAsync(resident, expected, "已完成", "助餐", WangXiulanContact);

        var settledAt = NextStep();
        (await desk.SettleAsync(created.Id, PaymentMethod.BankCard, 27m)).ShouldChangeTo(BookingStatus.Settled);
        expected.Status = BookingStatus.Settled;
        expected.Payment = PaymentMethod.BankCard;
        expected.AmountPaid = Money.Of(27m);
        expected.SettledAt = settledAt;
        AddStep(expected, "Settled", ActorRole.Operator, Channel.WalkIn, settledAt);
        await AssertPageAsync(resident, expected, "已结算", "助餐", WangXiulanContact);
    }

    [Fact]
    public async Task Bathing_lifecycle_with_prerequisites_ends_settled()
    {
        var resident = await app.NewResidentAsync(birthYear: 1940);
        var contact = new BookingContact(resident.Name, resident.Phone, "沈阳市和平区测试小区1号楼1单元101", false);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var request = app.Requests.Bathing();
        var requestedAt = app.Clock.GetUtcNow();

        var created = await resident.Client.CreateBookingAsync(request);

        // The deadline is 24 hours after the request, or the window start if that is sooner.
        var byTimeout = requestedAt + TimeSpan.FromHours(24);
        var acceptBy = byTimeout < request.WindowStart!.Value ? byTimeout : request.WindowStart.Value;
        var expected = RequestedView(created, request, resident.Id, ElderPriority.Aged80OrOver,
            request.WindowStart.Value, request.WindowEnd!.Value, acceptBy, ActorRole.Resident, Channel.App, requestedAt);
        await AssertPageAsync(resident.Client, expected, "待接单", "助浴", contact);

        var acceptedAt = NextStep();
        (await team.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        expected.Status = BookingStatus.Accepted;
        expected.ProviderId = DemoData.BathingTeam;
        expected.ProviderName = "和平区夕阳红助浴服务队";
        expected.AcceptedAt = acceptedAt;
        expected.CardVersion = 1;
        AddStep(expected, "Accepted", ActorRole.Provider, Channel.App, acceptedAt);
        await AssertPageAsync(resident.Client, expected, "已接单", "助浴", contact);

        var assessedAt = NextStep();
        (await team.RecordBathingAssessmentAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        expected.AssessmentRecorded = true;
        AddStep(expected, "BathingAssessed", ActorRole.Provider, Channel.App, assessedAt);
        await AssertPageAsync(resident.Client, expected, "已接单", "助浴", contact);

        var signedAt = NextStep();
        (await team.RecordBathingAgreementAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        expected.AgreementSigned = true;
        AddStep(expected, "BathingAgreementSigned", ActorRole.Provider, Channel.App, signedAt);
        await AssertPageAsync(resident.Client, expected, "已接单", "助浴", contact);

        var startedAt = NextStep();
        (await team.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        expected.Status = BookingStatus.Started;
        expected.StartedAt = startedAt;
        AddStep(expected, "Started", ActorRole.Provider, Channel.App, startedAt);
        await AssertPageAsync(resident.Client, expected, "服务中", "助浴", contact);

        var completedAt = NextStep();
        (await team.CompleteAsync(created.Id, new ChargeInput("上门助浴", 1m, "次", 128m))).ShouldChangeTo(BookingStatus.Completed);
        expected.Status = BookingStatus.Completed;
        expected.Charges = [new ChargeLine("上门助浴", 1m, "次", Money.Of(128m), Money.Of(128m), "BA-HOME", 1)];
        expected.Total = Money.Of(128m);
        await ExpectAgreedChargesAsync(resident.Client, expected, completedAt);
        expected.CompletedAt = completedAt;
        AddStep(expected, "Completed", ActorRole.Provider, Channel.App, completedAt);
        await AssertPageAsync(resident.Client, expected, "已完成", "助浴", contact);

        var settledAt = NextStep();
        (await team.SettleAsync(created.Id, PaymentMethod.Cash, 128m)).ShouldChangeTo(BookingStatus.Settled);
        expected.Status = BookingStatus.Settled;
        expected.Payment = PaymentMethod.Cash;
        expected.AmountPaid = Money.Of(128m);
        expected.SettledAt = settledAt;
        AddStep(expected, "Settled", ActorRole.Provider, Channel.App, settledAt);
        await AssertPageAsync(resident.Client, expected, "已结算", "助浴", contact);
    }

    /// <summary>
    /// Adds to the expected view what <see cref="BookingApi.CompleteAsync"/> records before the
    /// bill: the provider's proposal of exactly the billed lines and an operator's approval by
    /// phone, both at the completion time. The proposal id is read from the page.
    /// </summary>
    private static async Task ExpectAgreedChargesAsync(ApiClient reader, BookingView expected, DateTimeOffset at)
    {
        var actual = (await reader.GetAsync($"/api/bookings/{expected.Id}")).ShouldHaveStatus(200).As<BookingDetails>();
        var proposal = Assert.Single(actual.Booking.Proposals);
        Assert.Equal(ProposalStatus.Approved, proposal.Status);
        Assert.Equal(expected.Charges, proposal.Lines);
        Assert.Equal(expected.Total, proposal.Total);
        expected.Proposals = [proposal];

        // The history entries go before "Completed", which the test adds after this call.
        var status = expected.Status;
        expected.Status = BookingStatus.Started;
        AddStep(expected, "ChargesProposed", ActorRole.Provider, Channel.App, at, "按实际工作量收费");
        AddStep(expected, "ChargesApproved", ActorRole.Operator, Channel.Phone, at);
        expected.Status = status;
    }

    private DateTimeOffset NextStep()
    {
        app.Clock.Advance(StepGap);
        return app.Clock.GetUtcNow();
    }

    private static BookingView RequestedView(BookingCreated created, CreateBooking request, Guid residentId,
        ElderPriority priority, DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset acceptBy,
        ActorRole role, Channel channel, DateTimeOffset at)
    {
        var view = new BookingView
        {
            Id = created.Id,
            Number = created.Number,
            Status = BookingStatus.Requested,
            Service = request.Service!.Value,
            Details = new ServiceDetails(request.Housekeeping, request.Repair, request.Meal, request.Bathing),
            ResidentId = residentId,
            CommunityCode = DemoData.ShuiyuandiCommunity,
            CommunityName = "水源地社区",
            Window = new TimeWindow(windowStart, windowEnd),
            TargetProviderId = request.ProviderId,
            Priority = priority,
            HasElderPriority = priority != ElderPriority.None,
            AcceptBy = acceptBy,
            RequestedThrough = channel,
            RequestedAt = at
        };
        AddStep(view, "Requested", role, channel, at);
        return view;
    }

    private static void AddStep(BookingView view, string action, ActorRole role, Channel channel, DateTimeOffset at,
        string? note = null)
    {
        view.UpdatedAt = at;
        view.History.Add(new BookingStep(action, view.Status, role, channel, at, note));
    }

    private static async Task AssertPageAsync(ApiClient reader, BookingView expected, string statusText, string serviceText,
        BookingContact contact)
    {
        var response = (await reader.GetAsync($"/api/bookings/{expected.Id}")).ShouldHaveStatus(200);
        JsonAssert.Equal(new BookingDetails(expected, statusText, serviceText, contact), response.Body);
    }
}
