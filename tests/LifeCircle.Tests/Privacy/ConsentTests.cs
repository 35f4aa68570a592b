using System.Text.Json.Nodes;
using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// Elder attributes (living alone, disability, mobility, diet) are recorded only with consent,
/// which is stored with them. Landline numbers are stored in E.164 form.
/// </summary>
[Collection(Collections.Api)]
public sealed class ConsentTests(AppFixture app)
{
    [Theory]
    [InlineData("""{"livesAlone":true,"hasDisability":false,"mobility":"WheelchairUser","diet":["LowSalt"],"consentGiven":false}""")]
    [InlineData("""{"livesAlone":true,"hasDisability":false,"mobility":"WheelchairUser","diet":["LowSalt"]}""")]
    public async Task Elder_attributes_without_consent_return_400(string body)
    {
        var resident = await app.NewResidentAsync();
        var before = await resident.Client.MyProfileAsync();

        var response = await resident.Client.PutAsync("/api/residents/me/elder-attributes", body);

        response.ShouldBeInvalidField("consentGiven");
        var after = await resident.Client.MyProfileAsync();
        Assert.False(after.LivesAlone);
        Assert.Null(after.Mobility);
        Assert.Empty(after.Diet);
        Assert.Equal(before.ElderAttributesConsent, after.ElderAttributesConsent);
    }

    [Fact]
    public async Task Elder_attributes_with_consent_are_stored_with_it()
    {
        var resident = await app.NewResidentAsync();
        var now = app.Clock.GetUtcNow();
        var request = new RecordElderAttributes(true, true, MobilityLevel.WheelchairUser, [DietNeed.LowSalt, DietNeed.Soft], true);

        var response = await resident.Client.PutAsync("/api/residents/me/elder-attributes", request);

        var saved = response.ShouldHaveStatus(200).As<ResidentProfile>();
        AssertAttributes(saved, ConsentForm.InApp, ActorRole.Resident, now);
        AssertAttributes(await resident.Client.MyProfileAsync(), ConsentForm.InApp, ActorRole.Resident, now);
    }

    [Fact]
    public async Task Elder_attributes_with_mobility_not_recorded_return_400()
    {
        var resident = await app.NewResidentAsync();
        var request = new RecordElderAttributes(false, false, MobilityLevel.NotRecorded, null, true);

        var response = await resident.Client.PutAsync("/api/residents/me/elder-attributes", request);

        response.ShouldBeInvalidField("mobility");
    }

    [Fact]
    public async Task Elder_attributes_by_operator_record_verbal_consent()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var now = app.Clock.GetUtcNow();
        var request = new RecordElderAttributes(true, true, MobilityLevel.WheelchairUser, [DietNeed.LowSalt, DietNeed.Soft], true);

        var response = await operatorClient.PutAsync($"/api/residents/{resident.Id}/elder-attributes", request);

        AssertAttributes(response.ShouldHaveStatus(200).As<ResidentProfile>(), ConsentForm.VerbalToOperator, ActorRole.Operator, now);
        AssertAttributes(await resident.Client.MyProfileAsync(), ConsentForm.VerbalToOperator, ActorRole.Operator, now);
    }

    [Fact]
    public async Task Elder_attributes_by_operator_without_consent_return_400()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var request = new RecordElderAttributes(true, false, null, null, false);

        var response = await operatorClient.PutAsync($"/api/residents/{resident.Id}/elder-attributes", request);

        response.ShouldBeInvalidField("consentGiven");
    }

    public static TheoryData<string, RegisterCaller> AttributesWithoutConsent() => new()
    {
        { "lives alone", PhoneCaller() with { LivesAlone = true } },
        { "disability", PhoneCaller() with { HasDisability = true } },
        { "mobility", PhoneCaller() with { Mobility = MobilityLevel.NeedsAssistance } },
        { "diet", PhoneCaller() with { Diet = [DietNeed.LowSugar] } }
    };

    [Theory]
    [MemberData(nameof(AttributesWithoutConsent))]
    public async Task Register_caller_with_attributes_without_consent_returns_400(string attribute, RegisterCaller template)
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var phone = app.NewPhone();

        var response = await operatorClient.PostAsync("/api/residents", template with { Phone = phone });

        response.ShouldBeInvalidField("verbalConsent");
        var found = await operatorClient.GetAsync($"/api/residents?phone={phone}");
        Assert.True(found.ShouldHaveStatus(200).Json.AsArray().Count == 0, $"A caller was registered despite {attribute}: {found.Body}");
    }

    [Fact]
    public async Task Register_caller_with_verbal_consent_records_it()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);
        var now = app.Clock.GetUtcNow();
        var request = PhoneCaller() with
        {
            Phone = app.NewPhone(),
            LivesAlone = true,
            HasDisability = true,
            Mobility = MobilityLevel.WheelchairUser,
            Diet = [DietNeed.LowSalt, DietNeed.Soft],
            VerbalConsent = true
        };

        var response = await operatorClient.PostAsync("/api/residents", request);

        AssertAttributes(response.ShouldHaveStatus(201).As<ResidentProfile>(), ConsentForm.VerbalToOperator, ActorRole.Operator, now);
    }

    [Fact]
    public async Task Register_caller_without_attributes_records_no_consent()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync("/api/residents", PhoneCaller() with { Phone = app.NewPhone() });

        var profile = response.ShouldHaveStatus(201).As<ResidentProfile>();
        Assert.False(profile.LivesAlone);
        Assert.Null(profile.ElderAttributesConsent);
    }

    [Fact]
    public async Task Profile_landline_is_normalized_to_e164()
    {
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.PutAsync("/api/residents/me", Profile("024-23456789"));

        Assert.Equal("+862423456789", response.ShouldHaveStatus(200).As<ResidentProfile>().Landline);
        Assert.Equal("+862423456789", (await resident.Client.MyProfileAsync()).Landline);
    }

    [Fact]
    public async Task Register_caller_landline_is_normalized_to_e164()
    {
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var response = await operatorClient.PostAsync("/api/residents",
            PhoneCaller() with { Phone = app.NewPhone(), Landline = "024-23456789" });

        Assert.Equal("+862423456789", response.ShouldHaveStatus(201).As<ResidentProfile>().Landline);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("024-1234")]
    [InlineData("13904001001")]
    public async Task Invalid_landline_returns_400(string landline)
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        var own = await resident.Client.PutAsync("/api/residents/me", Profile(landline));
        var registered = await operatorClient.PostAsync("/api/residents", PhoneCaller() with { Phone = app.NewPhone(), Landline = landline });

        own.ShouldBeInvalidField("landline");
        registered.ShouldBeInvalidField("landline");
        Assert.Null((await resident.Client.MyProfileAsync()).Landline);
    }

    [Fact]
    public async Task Profile_elder_flags_record_in_app_consent()
    {
        var resident = await app.NewResidentAsync();
        var now = app.Clock.GetUtcNow();

        var response = await resident.Client.PutAsync("/api/residents/me", Profile(null) with { LivesAlone = true });

        var profile = response.ShouldHaveStatus(200).As<ResidentProfile>();
        Assert.True(profile.LivesAlone);
        Assert.Equal(ConsentForm.InApp, profile.ElderAttributesConsent?.Form);
        Assert.Equal(ConsentPurposes.ElderPriority, profile.ElderAttributesConsent?.Purpose);
        Assert.Equal(now, profile.ElderAttributesConsent?.At);
    }

    [Fact]
    public async Task Elder_attributes_consent_appears_in_profile_json()
    {
        var resident = await app.NewResidentAsync();
        (await resident.Client.PutAsync("/api/residents/me/elder-attributes",
            new RecordElderAttributes(true, false, null, [DietNeed.LowSalt], true))).ShouldHaveStatus(200);

        var json = (await resident.Client.GetAsync("/api/residents/me")).ShouldHaveStatus(200).Json;

        var consent = json["elderAttributesConsent"] as JsonObject;
        Assert.NotNull(consent);
        Assert.Equal("InApp", consent["form"]?.GetValue<string>());
        Assert.Equal("ElderPriority", consent["purpose"]?.GetValue<string>());
        Assert.Equal("Resident", consent["recordedByRole"]?.GetValue<string>());
    }

    private static void AssertAttributes(ResidentProfile profile, ConsentForm form, ActorRole recordedBy, DateTimeOffset at)
    {
        Assert.True(profile.LivesAlone);
        Assert.True(profile.HasDisability);
        Assert.Equal(MobilityLevel.WheelchairUser, profile.Mobility);
        Assert.Equal([DietNeed.LowSalt, DietNeed.Soft], profile.Diet);
        var consent = profile.ElderAttributesConsent;
        Assert.NotNull(consent);
        Assert.Equal(form, consent.Form);
        Assert.Equal(ConsentPurposes.ElderPriority, consent.Purpose);
        Assert.Equal(recordedBy, consent.RecordedByRole);
        Assert.NotEqual(Guid.Empty, consent.RecordedBy);
        Assert.Equal(at, consent.At);
    }

    private static RegisterCaller PhoneCaller() =>
        new("孙淑珍", "", DemoData.ShuiyuandiCommunity, "沈阳市和平区水源地社区9号楼1单元201", 1942);

    private static UpdateProfile Profile(string? landline) =>
        new("测试居民", DemoData.ShuiyuandiCommunity, "沈阳市和平区测试小区1号楼1单元101", 1960, Landline: landline);
}
