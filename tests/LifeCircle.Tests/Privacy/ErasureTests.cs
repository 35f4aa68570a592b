using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Identity;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;
using Marten;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// Erasing a resident removes their personal data from every stored event and document,
/// also after a full projection rebuild, while their bookings stay with status and money.
/// The search reads the database directly, so a copy anywhere in it fails the test.
/// </summary>
[Collection(Collections.Api)]
public sealed class ErasureTests(AppFixture app)
{
    private const string Reason = "居民本人来电要求注销账号";

    // Health data that the subject's events and views hold before erasure, as stored enum names.
    private static readonly string[] HealthValues = [nameof(MobilityLevel.WheelchairUser), nameof(DietNeed.LowSalt)];

    [Fact]
    public async Task Erasure_by_operator_leaves_no_personal_data()
    {
        var subject = await ArrangeSubjectAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var admin = await app.SignInAsStaffAsync(DemoData.Admin);
        var erasedAt = app.Clock.GetUtcNow();

        var response = await operatorClient.PostAsync($"/api/residents/{subject.ResidentId}/erasure", new EraseResident(Reason));

        var body = response.ShouldHaveStatus(200).Json;
        Assert.Equal(subject.ResidentId, body["residentId"]!.GetValue<Guid>());
        Assert.True(body["erased"]!.GetValue<bool>());
        Assert.Equal(3, body["bookings"]!.GetValue<int>());
        await AssertNothingStoredAsync(subject);
        await AssertBookingsKeptAsync(subject, operatorClient);
        await AssertProfileErasedAsync(subject, operatorClient, erasedAt);
        await AssertGuardianCutOffAsync(subject);

        var audit = await admin.AuditAsync($"residentId={subject.ResidentId}&role=Operator");
        var entry = Assert.Single(audit.Items, e => e.Action == "resident_erased");
        Assert.Equal(Channel.Phone, entry.Channel);
        Assert.Equal(erasedAt, entry.At);

        await RebuildProjectionsAsync();

        await AssertNothingStoredAsync(subject);
        await AssertBookingsKeptAsync(subject, operatorClient);
        await AssertProfileErasedAsync(subject, operatorClient, erasedAt);
    }

    [Fact]
    public async Task Erasure_by_resident_leaves_no_personal_data()
    {
        var subject = await ArrangeSubjectAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var erasedAt = app.Clock.GetUtcNow();

        var response = await subject.Client.PostAsync("/api/residents/me/erasure", new EraseResident(Reason));

        Assert.Equal(3, response.ShouldHaveStatus(200).Json["bookings"]!.GetValue<int>());
        await AssertNothingStoredAsync(subject);
        await AssertBookingsKeptAsync(subject, operatorClient);
        await AssertProfileErasedAsync(subject, operatorClient, erasedAt);
        await AssertGuardianCutOffAsync(subject);
    }

    [Fact]
    public async Task Sign_in_after_erasure_creates_fresh_account()
    {
        var subject = await ArrangeSubjectAsync();
        (await subject.Client.PostAsync("/api/residents/me/erasure", new EraseResident(Reason))).ShouldHaveStatus(200);

        await using (var session = app.Store.QuerySession())
        {
            Assert.False(await session.Query<Account>().AnyAsync(a => a.ResidentId == subject.ResidentId));
            Assert.False(await session.Query<Account>().AnyAsync(a => a.Phone == "+86" + subject.Phone));
        }

        var code = await app.SendCodeAsync(subject.Phone);
        var token = (await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(subject.Phone, code, Roles.Resident)))
            .ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>();
        var fresh = new ApiClient(app.Host, token);

        var profile = await fresh.MyProfileAsync();
        Assert.NotEqual(subject.ResidentId, profile.Id);
        Assert.NotEqual(subject.Name, profile.Name);
        Assert.Null(profile.Address);
        Assert.Null(profile.Landline);
        Assert.Null(profile.ElderAttributesConsent);
        Assert.Equal(0, (await fresh.MyBookingsAsync()).Total);
        (await fresh.GetAsync($"/api/bookings/{subject.RepairId}")).ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Erased_resident_cannot_be_booked_for_or_changed()
    {
        var subject = await ArrangeSubjectAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        (await operatorClient.PostAsync($"/api/residents/{subject.ResidentId}/erasure", new EraseResident(Reason))).ShouldHaveStatus(200);

        var byOperator = await operatorClient.PostAsync("/api/bookings",
            app.Requests.Repair(residentId: subject.ResidentId) with { CommunityCode = DemoData.ShuiyuandiCommunity });
        var byOldToken = await subject.Client.PostAsync("/api/bookings",
            app.Requests.Repair() with { CommunityCode = DemoData.ShuiyuandiCommunity });
        var profile = await subject.Client.PutAsync("/api/residents/me",
            new UpdateProfile("宋玉珍", DemoData.ShuiyuandiCommunity, "沈阳市和平区擦除路1号", 1940));
        var attributes = await operatorClient.PutAsync($"/api/residents/{subject.ResidentId}/elder-attributes",
            new RecordElderAttributes(true, false, null, null, true));
        var guardian = await operatorClient.LinkGuardianForAsync(subject.ResidentId, app.NewPhone());

        byOperator.ShouldBeProblem(404, "Resident_NotFound");
        byOldToken.ShouldBeProblem(404, "Resident_NotFound");
        profile.ShouldBeProblem(404, "Resident_NotFound");
        attributes.ShouldBeProblem(404, "Resident_NotFound");
        guardian.ShouldBeProblem(404, "Resident_NotFound");
        Assert.Equal(3, (await operatorClient.BookingsOfAsync(subject.ResidentId)).Total);
    }

    [Fact]
    public async Task Erasure_twice_returns_200_again()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        (await operatorClient.PostAsync($"/api/residents/{resident.Id}/erasure", new EraseResident(Reason))).ShouldHaveStatus(200);
        var erasedAt = (await operatorClient.ProfileAsync(resident.Id)).ErasedAt;

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await operatorClient.PostAsync($"/api/residents/{resident.Id}/erasure", new EraseResident(Reason));

        Assert.True(again.ShouldHaveStatus(200).Json["erased"]!.GetValue<bool>());
        Assert.Equal(erasedAt, (await operatorClient.ProfileAsync(resident.Id)).ErasedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Erasure_without_reason_returns_400(string reason)
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync($"/api/residents/{resident.Id}/erasure", new EraseResident(reason));

        response.ShouldBeInvalidField("reason");
        Assert.False((await operatorClient.ProfileAsync(resident.Id)).IsErased);
    }

    [Fact]
    public async Task Erasure_of_unknown_resident_returns_404()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync($"/api/residents/{Guid.NewGuid()}/erasure", new EraseResident(Reason));

        response.ShouldBeProblem(404, "Resident_NotFound");
    }

    [Fact]
    public async Task Erasure_of_another_resident_by_resident_returns_403()
    {
        var resident = await app.NewResidentAsync();
        var other = await app.NewResidentAsync();

        var response = await other.Client.PostAsync($"/api/residents/{resident.Id}/erasure", new EraseResident(Reason));

        response.ShouldBeProblem(403, "Status_403");
        Assert.False((await resident.Client.MyProfileAsync()).IsErased);
    }

    /// <summary>
    /// Registers a resident with every kind of personal data: contact, landline, address,
    /// elder attributes, a guardian, a meal with a diet booked by the guardian, an assessed
    /// bath and a settled repair whose symptom names someone.
    /// </summary>
    private async Task<ErasureSubject> ArrangeSubjectAsync()
    {
        var phone = app.NewPhone();
        var client = await app.SignInAsResidentAsync(phone);
        var suffix = phone[^4..];
        var name = $"宋玉珍{suffix}";
        var address = $"沈阳市和平区擦除路{suffix}号3单元502";
        var landline = $"2{phone[^7..]}";
        var profile = (await client.PutAsync("/api/residents/me",
                new UpdateProfile(name, DemoData.ShuiyuandiCommunity, address, 1940, Landline: $"024-{landline}")))
            .ShouldHaveStatus(200).As<ResidentProfile>();
        Assert.Equal($"+8624{landline}", profile.Landline);
        (await client.PutAsync("/api/residents/me/elder-attributes",
                new RecordElderAttributes(true, false, MobilityLevel.WheelchairUser, [DietNeed.LowSalt], true)))
            .ShouldHaveStatus(200);

        var guardianPhone = app.NewPhone();
        var guardianId = PrivacyApi.GuardianAccountIdOf(await client.LinkMyGuardianAsync(guardianPhone));
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var meal = await guardian.CreateBookingAsync(app.Requests.Meal(residentId: profile.Id) with
        {
            Meal = new MealDetails(MealKind.Lunch, app.Requests.Tomorrow, 1, [DietNeed.LowSalt], MealFulfilment.Delivery)
        });

        var summary = $"{name}右腿术后行动不便，进出浴缸需两人搀扶";
        var bathing = await client.CreateBookingAsync(app.Requests.Bathing(providerId: DemoData.BathingTeam) with
        {
            Bathing = new BathingDetails(BathingMode.InHome, MobilityLevel.WheelchairUser)
        });
        var bathingTeam = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        (await bathingTeam.AcceptAsync(bathing.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await bathingTeam.PostAsync($"/api/bookings/{bathing.Id}/bathing-assessment",
            new RecordBathingAssessment(MobilityLevel.WheelchairUser, summary))).ShouldHaveStatus(200);

        var symptom = $"我女儿刘晓燕{suffix}说厨房水管接口一直漏水";
        var repair = await client.CreateBookingAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman) with
        {
            Repair = new RepairDetails(RepairCategory.Plumbing, "厨房水管", symptom, true)
        });
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        (await craftsman.AcceptAsync(repair.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.StartAsync(repair.Id)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.CompleteAsync(repair.Id)).ShouldChangeTo(BookingStatus.Completed);
        var total = (await craftsman.GetBookingAsync(repair.Id)).Booking.Total!.Value;
        (await craftsman.SettleAsync(repair.Id, PaymentMethod.Cash, total.Yuan)).ShouldChangeTo(BookingStatus.Settled);

        var subject = new ErasureSubject(profile.Id, phone, client, name, address, $"24{landline}", symptom, summary,
            guardianPhone, guardianId, guardian, meal.Id, bathing.Id, repair.Id, total);

        // The search must find every term before erasure, or finding none afterwards proves nothing.
        var before = await RawDatabase.FindAsync(app.Database.ConnectionString, subject.Terms);
        foreach (var term in subject.Terms)
        {
            Assert.Contains(before, hit => hit.Contains($"\"{term}\"", StringComparison.Ordinal));
        }

        return subject;
    }

    private async Task AssertNothingStoredAsync(ErasureSubject subject)
    {
        var found = await RawDatabase.FindAsync(app.Database.ConnectionString, subject.Terms);
        Assert.True(found.Count == 0, "Personal data still stored after erasure:" + Environment.NewLine + string.Join(Environment.NewLine, found));

        var streams = new[] { subject.ResidentId, subject.MealId, subject.BathingId, subject.RepairId };
        var events = await RawDatabase.EventsOfAsync(app.Database.ConnectionString, streams);
        var views = await RawDatabase.DocumentsAsync(app.Database.ConnectionString, "mt_doc_bookingview", streams);
        var profiles = await RawDatabase.DocumentsAsync(app.Database.ConnectionString, "mt_doc_residentprofile", streams);
        Assert.NotEmpty(events);
        Assert.Equal(3, views.Count);
        Assert.Single(profiles);
        foreach (var text in events.Concat(views).Concat(profiles))
        {
            foreach (var value in HealthValues.Append(subject.GuardianPhone))
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"\"{value}\" still stored in: {text}");
            }
        }
    }

    private static async Task AssertBookingsKeptAsync(ErasureSubject subject, ApiClient operatorClient)
    {
        var repair = await operatorClient.GetBookingAsync(subject.RepairId);
        Assert.Equal(BookingStatus.Settled, repair.Booking.Status);
        Assert.Equal(subject.RepairTotal, repair.Booking.Total);
        Assert.Equal(subject.RepairTotal, repair.Booking.AmountPaid);
        Assert.Equal(PaymentMethod.Cash, repair.Booking.Payment);
        Assert.NotEmpty(repair.Booking.Charges);
        Assert.Equal("厨房水管", repair.Booking.Details.Repair!.Item);
        Assert.Equal(ServiceDetails.Removed, repair.Booking.Details.Repair.Symptom);
        Assert.Equal(new BookingContact(ResidentProfileProjection.ErasedText, "", null, false), repair.Contact);

        var bathing = await operatorClient.GetBookingAsync(subject.BathingId);
        Assert.Equal(BookingStatus.Accepted, bathing.Booking.Status);
        Assert.True(bathing.Booking.AssessmentRecorded);
        Assert.Equal(MobilityLevel.NotRecorded, bathing.Booking.Details.Bathing!.Mobility);

        var meal = await operatorClient.GetBookingAsync(subject.MealId);
        Assert.Equal(BookingStatus.Requested, meal.Booking.Status);
        Assert.Empty(meal.Booking.Details.Meal!.Diet);
        Assert.Equal(ActorRole.Guardian, meal.Booking.History[0].ActorRole);

        var listed = await operatorClient.BookingsOfAsync(subject.ResidentId);
        Assert.Equal(new[] { subject.MealId, subject.BathingId, subject.RepairId }.Order(), listed.Items.Select(b => b.Id).Order());
    }

    private static async Task AssertProfileErasedAsync(ErasureSubject subject, ApiClient operatorClient, DateTimeOffset erasedAt)
    {
        var profile = await operatorClient.ProfileAsync(subject.ResidentId);
        Assert.True(profile.IsErased);
        Assert.Equal(erasedAt, profile.ErasedAt);
        Assert.Equal(ResidentProfileProjection.ErasedText, profile.Name);
        Assert.Equal("", profile.Phone);
        Assert.Null(profile.Landline);
        Assert.Null(profile.Address);
        Assert.Null(profile.CommunityCode);
        Assert.Null(profile.BirthYear);
        Assert.False(profile.LivesAlone);
        Assert.Null(profile.Mobility);
        Assert.Empty(profile.Diet);
        Assert.Null(profile.ElderAttributesConsent);
        Assert.Empty(profile.Guardians);
    }

    private async Task AssertGuardianCutOffAsync(ErasureSubject subject)
    {
        Assert.Empty(await subject.Guardian.GuardianshipsAsync());
        (await subject.Guardian.GetAsync($"/api/bookings/{subject.MealId}")).ShouldBeProblem(404, "Booking_NotFound");
        (await subject.Guardian.GetAsync($"/api/residents/{subject.ResidentId}")).ShouldBeProblem(404, "Resident_NotFound");
        Assert.Empty((await subject.Guardian.BookingsOfAsync(subject.ResidentId)).Items);
    }

    private async Task RebuildProjectionsAsync()
    {
        using var daemon = await app.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<BookingViewProjection>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<ResidentProfileProjection>(CancellationToken.None);
    }

    /// <summary>A resident with personal data in every place that erasure must reach. Phones are national numbers.</summary>
    private sealed record ErasureSubject(
        Guid ResidentId,
        string Phone,
        ApiClient Client,
        string Name,
        string Address,
        string LandlineDigits,
        string Symptom,
        string Summary,
        string GuardianPhone,
        Guid GuardianAccountId,
        ApiClient Guardian,
        Guid MealId,
        Guid BathingId,
        Guid RepairId,
        Money RepairTotal)
    {
        public string[] Terms => [Name, Phone, LandlineDigits, Address, Symptom, Summary];
    }
}
