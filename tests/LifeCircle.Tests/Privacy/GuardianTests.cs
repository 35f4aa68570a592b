using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Identity;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;
using Marten;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// Guardian links: consent on linking, what a linked guardian may see and do for the
/// resident, and that ending the link from either side ends that access at once.
/// </summary>
[Collection(Collections.Api)]
public sealed class GuardianTests(AppFixture app)
{
    [Fact]
    public async Task Link_by_resident_records_in_app_consent()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        var now = app.Clock.GetUtcNow();

        var response = await resident.Client.LinkMyGuardianAsync(guardianPhone);

        var link = response.ShouldHaveStatus(201).As<GuardianLink>();
        Assert.Equal(PrivacyApi.GuardianAccountIdOf(response), link.AccountId);
        Assert.Equal($"/api/residents/{resident.Id}/guardians/{link.AccountId}", response.Headers.Location.ToString());
        Assert.Equal("+86" + guardianPhone, link.Phone);
        Assert.Equal(PrivacyApi.Daughter, link.Relationship);
        Assert.Equal(now, link.Since);
        Assert.Equal(ConsentForm.InApp, link.Consent.Form);
        Assert.Equal(ConsentPurposes.Guardianship, link.Consent.Purpose);
        Assert.Equal(ActorRole.Resident, link.Consent.RecordedByRole);
        Assert.NotEqual(Guid.Empty, link.Consent.RecordedBy);
        Assert.Equal(now, link.Consent.At);

        var profile = await resident.Client.MyProfileAsync();
        Assert.Equal([link], profile.Guardians);
    }

    [Theory]
    [InlineData("""{"phone":"PHONE","relationship":"女儿","consentGiven":false}""")]
    [InlineData("""{"phone":"PHONE","relationship":"女儿"}""")]
    public async Task Link_without_consent_returns_400_naming_consentGiven(string body)
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();

        var response = await resident.Client.PostAsync("/api/residents/me/guardians", body.Replace("PHONE", guardianPhone));

        response.ShouldBeInvalidField("consentGiven");
        Assert.Empty((await resident.Client.MyProfileAsync()).Guardians);
        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<Account>().AnyAsync(a => a.Phone == "+86" + guardianPhone));
    }

    [Fact]
    public async Task Link_to_own_phone_returns_409()
    {
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.LinkMyGuardianAsync(resident.Phone);

        response.ShouldBeProblem(409, "Guardian_IsSelf");
    }

    [Fact]
    public async Task Link_twice_returns_existing_link()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        var first = (await resident.Client.LinkMyGuardianAsync(guardianPhone)).ShouldHaveStatus(201).As<GuardianLink>();

        var second = await resident.Client.LinkMyGuardianAsync(guardianPhone);

        Assert.Equal(first, second.ShouldHaveStatus(200).As<GuardianLink>());
        Assert.Single((await resident.Client.MyProfileAsync()).Guardians);
    }

    [Fact]
    public async Task Guardian_with_new_phone_signs_in()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        var link = (await resident.Client.LinkMyGuardianAsync(guardianPhone)).ShouldHaveStatus(201).As<GuardianLink>();

        var guardian = await app.SignInAsResidentAsync(guardianPhone);

        var profile = await resident.Client.MyProfileAsync();
        var expected = new CaredForResident(resident.Id, resident.Name, profile.CommunityCode, PrivacyApi.Daughter, link.Since);
        Assert.Equal([expected], await guardian.GuardianshipsAsync());
        Assert.Equal(resident.Name, (await guardian.ProfileAsync(resident.Id)).Name);

        // Signing in used the account that the link created: one account, with no resident profile of its own.
        await using var session = app.Store.QuerySession();
        var accounts = await session.Query<Account>().Where(a => a.Phone == "+86" + guardianPhone).ToListAsync();
        var account = Assert.Single(accounts);
        Assert.Equal(link.AccountId, account.Id);
        Assert.Equal(Roles.Resident, account.Role);
        Assert.Null(account.ResidentId);
    }

    [Fact]
    public async Task Guardian_linked_to_registered_resident_keeps_own_bookings()
    {
        var resident = await app.NewResidentAsync();
        var guardianResident = await app.NewResidentAsync();
        (await resident.Client.LinkMyGuardianAsync(guardianResident.Phone)).ShouldHaveStatus(201);
        var own = await guardianResident.Client.CreateBookingAsync(app.Requests.Housekeeping());

        var forResident = await guardianResident.Client.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));

        var mine = (await guardianResident.Client.MyBookingsAsync()).Items.Select(b => b.Id).ToList();
        Assert.Contains(own.Id, mine);
        Assert.Contains(forResident.Id, mine);
        Assert.Equal(ActorRole.Resident, (await guardianResident.Client.GetBookingAsync(own.Id)).Booking.History[0].ActorRole);
        Assert.Equal(ActorRole.Guardian, (await guardianResident.Client.GetBookingAsync(forResident.Id)).Booking.History[0].ActorRole);
        Assert.Equal(resident.Id, (await guardianResident.Client.GetBookingAsync(forResident.Id)).Booking.ResidentId);
        Assert.DoesNotContain(own.Id, (await resident.Client.MyBookingsAsync()).Items.Select(b => b.Id));
    }

    [Fact]
    public async Task Guardian_books_for_resident_recorded_as_guardian()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        (await resident.Client.LinkMyGuardianAsync(guardianPhone)).ShouldHaveStatus(201);
        var guardian = await app.SignInAsResidentAsync(guardianPhone);

        var created = await guardian.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));

        var details = await guardian.GetBookingAsync(created.Id);
        Assert.Equal(resident.Id, details.Booking.ResidentId);
        var step = Assert.Single(details.Booking.History);
        Assert.Equal("Requested", step.Action);
        Assert.Equal(ActorRole.Guardian, step.ActorRole);
        Assert.Equal(Channel.App, step.Channel);
        Assert.Equal(resident.Name, details.Contact!.Name);
        Assert.False(details.Contact.Masked);

        Assert.Equal(created.Id, (await resident.Client.GetBookingAsync(created.Id)).Booking.Id);
    }

    [Fact]
    public async Task Guardian_lists_resident_bookings()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        (await resident.Client.LinkMyGuardianAsync(guardianPhone)).ShouldHaveStatus(201);
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var byResident = await resident.Client.CreateBookingAsync(app.Requests.Housekeeping());
        var byGuardian = await guardian.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));

        var listed = await guardian.BookingsOfAsync(resident.Id);

        Assert.Equal(new[] { byGuardian.Id, byResident.Id }.Order(), listed.Items.Select(b => b.Id).Order());
        Assert.Equal(2, listed.Total);
        Assert.Equal(byResident.Id, (await guardian.GetBookingAsync(byResident.Id)).Booking.Id);
    }

    [Fact]
    public async Task Guardian_is_notified_when_provider_accepts()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        (await resident.Client.LinkMyGuardianAsync(guardianPhone)).ShouldHaveStatus(201);
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var provider = await app.NewProviderAsync(ServiceType.Repair);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair(providerId: provider.Id));

        (await provider.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var toGuardian = Assert.Single((await guardian.NotificationsAsync()).Items, n => n.BookingId == created.Id);
        Assert.Equal(BookingStatus.Accepted, toGuardian.Status);
        Assert.Equal(created.Number, toGuardian.BookingNumber);
        Assert.Equal($"您家人的维修订单 {created.Number} 状态更新为：已接单。", toGuardian.Text);

        var toResident = Assert.Single((await resident.Client.NotificationsAsync()).Items, n => n.BookingId == created.Id);
        Assert.Equal($"您的维修订单 {created.Number} 状态更新为：已接单。", toResident.Text);
    }

    [Fact]
    public async Task Unlinked_resident_cannot_book_for_or_read_resident()
    {
        var resident = await app.NewResidentAsync();
        var stranger = await app.NewResidentAsync();
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair());
        var strangersOwn = await stranger.Client.CreateBookingAsync(app.Requests.Repair());

        var create = await stranger.Client.PostAsync("/api/bookings", app.Requests.Repair(residentId: resident.Id));
        var read = await stranger.Client.GetAsync($"/api/bookings/{booking.Id}");
        var profile = await stranger.Client.GetAsync($"/api/residents/{resident.Id}");
        var list = await stranger.Client.BookingsOfAsync(resident.Id);

        create.ShouldBeProblem(403, "Booking_ResidentsBookForThemselves");
        read.ShouldBeProblem(404, "Booking_NotFound");
        profile.ShouldBeProblem(404, "Resident_NotFound");
        Assert.DoesNotContain(booking.Id, list.Items.Select(b => b.Id));
        // A filter on someone the caller may not see selects nothing, rather than the caller's own bookings.
        Assert.DoesNotContain(strangersOwn.Id, list.Items.Select(b => b.Id));
        Assert.Equal(0, list.Total);
        Assert.Single((await resident.Client.MyBookingsAsync()).Items);
    }

    [Fact]
    public async Task Unlink_by_resident_ends_guardian_access_at_once()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        var guardianId = PrivacyApi.GuardianAccountIdOf(await resident.Client.LinkMyGuardianAsync(guardianPhone));
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var booking = await guardian.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));

        (await resident.Client.UnlinkMyGuardianAsync(guardianId)).ShouldHaveStatus(204);

        await AssertAccessEndedAsync(guardian, resident, booking.Id);
        Assert.Empty((await resident.Client.MyProfileAsync()).Guardians);
        (await resident.Client.UnlinkMyGuardianAsync(guardianId)).ShouldBeProblem(404, "Guardian_NotLinked");
    }

    [Fact]
    public async Task Leave_by_guardian_ends_access_at_once()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        (await resident.Client.LinkMyGuardianAsync(guardianPhone)).ShouldHaveStatus(201);
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var booking = await guardian.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));

        (await guardian.LeaveGuardianshipAsync(resident.Id)).ShouldHaveStatus(204);

        await AssertAccessEndedAsync(guardian, resident, booking.Id);
        Assert.Empty((await resident.Client.MyProfileAsync()).Guardians);
        (await guardian.LeaveGuardianshipAsync(resident.Id)).ShouldBeProblem(404, "Guardian_NotLinked");
    }

    [Fact]
    public async Task Unlinked_guardian_gets_no_new_notifications()
    {
        var resident = await app.NewResidentAsync();
        var guardianPhone = app.NewPhone();
        var guardianId = PrivacyApi.GuardianAccountIdOf(await resident.Client.LinkMyGuardianAsync(guardianPhone));
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var provider = await app.NewProviderAsync(ServiceType.Repair);
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair(providerId: provider.Id));
        (await provider.Client.AcceptAsync(booking.Id)).ShouldChangeTo(BookingStatus.Accepted);

        (await resident.Client.UnlinkMyGuardianAsync(guardianId)).ShouldHaveStatus(204);
        (await provider.Client.StartAsync(booking.Id)).ShouldChangeTo(BookingStatus.Started);

        var statuses = (await guardian.NotificationsAsync()).Items.Where(n => n.BookingId == booking.Id).Select(n => n.Status);
        Assert.Equal([BookingStatus.Accepted], statuses);
    }

    [Fact]
    public async Task Link_by_operator_records_verbal_consent()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var guardianPhone = app.NewPhone();
        var now = app.Clock.GetUtcNow();

        var response = await operatorClient.LinkGuardianForAsync(resident.Id, guardianPhone);

        var link = response.ShouldHaveStatus(201).As<GuardianLink>();
        Assert.Equal(ConsentForm.VerbalToOperator, link.Consent.Form);
        Assert.Equal(ConsentPurposes.Guardianship, link.Consent.Purpose);
        Assert.Equal(ActorRole.Operator, link.Consent.RecordedByRole);
        Assert.Equal(now, link.Consent.At);
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        Assert.Equal([resident.Id], (await guardian.GuardianshipsAsync()).Select(r => r.ResidentId));
    }

    [Fact]
    public async Task Link_by_operator_without_consent_returns_400()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.LinkGuardianForAsync(resident.Id, app.NewPhone(), consentGiven: false);

        response.ShouldBeInvalidField("consentGiven");
    }

    [Fact]
    public async Task Link_by_operator_for_unknown_resident_returns_404()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.LinkGuardianForAsync(Guid.NewGuid(), app.NewPhone());

        response.ShouldBeProblem(404, "Resident_NotFound");
    }

    [Fact]
    public async Task Unlink_by_operator_ends_guardian_access()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var guardianPhone = app.NewPhone();
        var guardianId = PrivacyApi.GuardianAccountIdOf(await operatorClient.LinkGuardianForAsync(resident.Id, guardianPhone));
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var booking = await guardian.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));

        (await operatorClient.UnlinkGuardianForAsync(resident.Id, guardianId)).ShouldHaveStatus(204);

        await AssertAccessEndedAsync(guardian, resident, booking.Id);
    }

    private async Task AssertAccessEndedAsync(ApiClient guardian, TestResident resident, Guid bookingId)
    {
        (await guardian.GetAsync($"/api/bookings/{bookingId}")).ShouldBeProblem(404, "Booking_NotFound");
        (await guardian.PostAsync("/api/bookings", app.Requests.Repair(residentId: resident.Id)))
            .ShouldBeProblem(403, "Booking_ResidentsBookForThemselves");
        (await guardian.GetAsync($"/api/residents/{resident.Id}")).ShouldBeProblem(404, "Resident_NotFound");
        (await guardian.CancelAsync(bookingId)).ShouldBeProblem(404, "Booking_NotFound");
        Assert.Empty(await guardian.GuardianshipsAsync());
        Assert.Empty((await guardian.BookingsOfAsync(resident.Id)).Items);
    }
}
