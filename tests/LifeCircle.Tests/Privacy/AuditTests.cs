using LifeCircle.Audit;
using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// Actions taken on a resident's behalf, by an operator or a guardian, leave an audit entry
/// that only administrators can read; a resident's own actions leave none. The clock moves
/// a minute between actions so that entries have distinct times.
/// </summary>
[Collection(Collections.Api)]
public sealed class AuditTests(AppFixture app)
{
    private static readonly TimeSpan Gap = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Operator_actions_are_audited_with_channel()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var admin = await app.SignInAsStaffAsync(DemoData.Admin);
        var registeredAt = app.Clock.GetUtcNow();
        var resident = (await operatorClient.PostAsync("/api/residents", new RegisterCaller(
                "周凤兰", app.NewPhone(), DemoData.ShuiyuandiCommunity, "沈阳市和平区水源地社区8号楼2单元301", 1941)))
            .ShouldHaveStatus(201).As<ResidentProfile>();

        var bookedAt = Step();
        var phoneBooking = await operatorClient.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));
        var walkInAt = Step();
        var walkInBooking = await operatorClient.CreateBookingAsync(app.Requests.Housekeeping(residentId: resident.Id),
            ("X-Channel", "walk-in"));
        var cancelledAt = Step();
        (await operatorClient.CancelAsync(phoneBooking.Id)).ShouldChangeTo(BookingStatus.Cancelled);
        var linkedAt = Step();
        (await operatorClient.LinkGuardianForAsync(resident.Id, app.NewPhone())).ShouldHaveStatus(201);

        var page = await admin.AuditAsync($"residentId={resident.Id}");

        var operatorId = page.Items[0].ActorAccountId;
        Assert.NotEqual(Guid.Empty, operatorId);
        var expected = new[]
        {
            Entry("guardian_linked", Channel.Phone, null, linkedAt),
            Entry("booking_cancelled", Channel.Phone, phoneBooking.Id, cancelledAt),
            Entry("booking_requested", Channel.WalkIn, walkInBooking.Id, walkInAt),
            Entry("booking_requested", Channel.Phone, phoneBooking.Id, bookedAt),
            Entry("resident_registered", Channel.Phone, null, registeredAt)
        };
        Assert.Equal(expected, page.Items.Select(e => (e.Action, e.ActorRole, e.ActorAccountId, e.Channel, e.ResidentId, e.BookingId, e.At)));
        Assert.Equal(expected.Length, page.Total);

        (string, ActorRole, Guid, Channel, Guid, Guid?, DateTimeOffset) Entry(string action, Channel channel, Guid? bookingId,
            DateTimeOffset at) => (action, ActorRole.Operator, operatorId, channel, resident.Id, bookingId, at);
    }

    [Fact]
    public async Task Guardian_actions_are_audited_as_guardian()
    {
        var resident = await app.NewResidentAsync();
        var admin = await app.SignInAsStaffAsync(DemoData.Admin);
        var guardianPhone = app.NewPhone();
        var guardianId = PrivacyApi.GuardianAccountIdOf(await resident.Client.LinkMyGuardianAsync(guardianPhone));
        var guardian = await app.SignInAsResidentAsync(guardianPhone);

        var bookedAt = Step();
        var booking = await guardian.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));
        var cancelledAt = Step();
        (await guardian.CancelAsync(booking.Id)).ShouldChangeTo(BookingStatus.Cancelled);
        var leftAt = Step();
        (await guardian.LeaveGuardianshipAsync(resident.Id)).ShouldHaveStatus(204);

        var page = await admin.AuditAsync($"residentId={resident.Id}");

        var expected = new[]
        {
            Entry("guardian_unlinked", null, leftAt),
            Entry("booking_cancelled", booking.Id, cancelledAt),
            Entry("booking_requested", booking.Id, bookedAt)
        };
        Assert.Equal(expected, page.Items.Select(e => (e.Action, e.ActorRole, e.ActorAccountId, e.Channel, e.ResidentId, e.BookingId, e.At)));

        (string, ActorRole, Guid, Channel, Guid, Guid?, DateTimeOffset) Entry(string action, Guid? bookingId, DateTimeOffset at) =>
            (action, ActorRole.Guardian, guardianId, Channel.App, resident.Id, bookingId, at);
    }

    [Fact]
    public async Task Resident_own_actions_leave_no_entry()
    {
        var resident = await app.NewResidentAsync();
        var admin = await app.SignInAsStaffAsync(DemoData.Admin);

        (await resident.Client.PutAsync("/api/residents/me/elder-attributes",
            new RecordElderAttributes(true, false, MobilityLevel.NeedsAssistance, [DietNeed.Soft], true))).ShouldHaveStatus(200);
        var guardianId = PrivacyApi.GuardianAccountIdOf(await resident.Client.LinkMyGuardianAsync(app.NewPhone()));
        (await resident.Client.UnlinkMyGuardianAsync(guardianId)).ShouldHaveStatus(204);
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        (await resident.Client.RescheduleAsync(booking.Id, app.Requests.TomorrowAt(14), app.Requests.TomorrowAt(16))).ShouldHaveStatus(200);
        (await resident.Client.CancelAsync(booking.Id)).ShouldChangeTo(BookingStatus.Cancelled);

        var page = await admin.AuditAsync($"residentId={resident.Id}");

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Audit_filters_by_role_account_and_time()
    {
        var resident = await app.NewResidentAsync();
        var admin = await app.SignInAsStaffAsync(DemoData.Admin);
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var guardianPhone = app.NewPhone();
        var guardianId = PrivacyApi.GuardianAccountIdOf(await resident.Client.LinkMyGuardianAsync(guardianPhone));
        var guardian = await app.SignInAsResidentAsync(guardianPhone);

        var first = Step();
        var byOperator = await operatorClient.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));
        var second = Step();
        var byGuardian = await guardian.CreateBookingAsync(app.Requests.Housekeeping(residentId: resident.Id));
        Step();

        var guardians = await admin.AuditAsync($"residentId={resident.Id}&role=Guardian");
        var operators = await admin.AuditAsync($"residentId={resident.Id}&role=Operator");
        var byAccount = await admin.AuditAsync($"actorAccountId={guardianId}");
        var fromSecond = await admin.AuditAsync($"residentId={resident.Id}&from={Query(second)}");
        var beforeSecond = await admin.AuditAsync($"residentId={resident.Id}&from={Query(first)}&to={Query(second)}");

        Assert.Equal([byGuardian.Id], guardians.Items.Select(e => e.BookingId));
        Assert.Equal([byOperator.Id], operators.Items.Select(e => e.BookingId));
        Assert.Equal([byGuardian.Id], byAccount.Items.Select(e => e.BookingId));
        Assert.Equal([byGuardian.Id], fromSecond.Items.Select(e => e.BookingId));
        Assert.Equal([byOperator.Id], beforeSecond.Items.Select(e => e.BookingId));
    }

    [Fact]
    public async Task Audit_pages_newest_first()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var admin = await app.SignInAsStaffAsync(DemoData.Admin);
        var resident = await app.NewResidentAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            Step();
            ids.Add((await operatorClient.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id))).Id);
        }

        var firstPage = (await admin.GetAsync($"/api/audit?residentId={resident.Id}&page=1&pageSize=2")).ShouldHaveStatus(200).As<AuditPage>();
        var secondPage = (await admin.GetAsync($"/api/audit?residentId={resident.Id}&page=2&pageSize=2")).ShouldHaveStatus(200).As<AuditPage>();

        Assert.Equal([ids[2], ids[1]], firstPage.Items.Select(e => e.BookingId!.Value));
        Assert.Equal([ids[0]], secondPage.Items.Select(e => e.BookingId!.Value));
        Assert.Equal(3, firstPage.Total);
    }

    [Theory]
    [InlineData("resident")]
    [InlineData("provider")]
    [InlineData("operator")]
    public async Task Audit_for_non_admin_returns_403(string role)
    {
        var client = role switch
        {
            "resident" => await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone),
            "provider" => await app.SignInAsProviderAsync(DemoData.HousekeepingPhone),
            _ => await app.SignInAsStaffAsync(DemoData.Operator)
        };

        var response = await client.GetAsync("/api/audit");

        response.ShouldBeProblem(403, "Status_403");
    }

    [Fact]
    public async Task Audit_anonymous_returns_401()
    {
        var response = await app.Anonymous.GetAsync("/api/audit");

        response.ShouldBeProblem(401, "Status_401");
    }

    private DateTimeOffset Step()
    {
        app.Clock.Advance(Gap);
        return app.Clock.GetUtcNow();
    }

    private static string Query(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
