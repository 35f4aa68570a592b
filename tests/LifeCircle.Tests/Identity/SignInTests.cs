using System.Globalization;
using LifeCircle.Identity;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Identity;

/// <summary>One-time-code sign-in for residents and providers, password sign-in for staff.</summary>
[Collection(Collections.Clock)]
public sealed class SignInTests(AppFixture app)
{
    [Fact]
    public async Task Send_code_returns_202_with_masked_phone()
    {
        var phone = app.NewPhone();

        var response = await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone));

        response.ShouldHaveStatus(202);
        Assert.Equal(new CodeSent($"{phone[..3]}****{phone[^4..]}", 300, 60), response.As<CodeSent>());
    }

    [Fact]
    public async Task Sign_in_with_code_creates_resident_and_returns_token()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);

        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, null));

        var token = response.ShouldHaveStatus(200).Json;
        Assert.Equal("Bearer", token["tokenType"]!.GetValue<string>());
        Assert.Equal(8 * 3600, token["expiresIn"]!.GetValue<int>());
        var resident = new ApiClient(app.Host, token["accessToken"]!.GetValue<string>());
        var profile = (await resident.GetAsync("/api/residents/me")).ShouldHaveStatus(200).Json;
        Assert.Equal($"+86{phone}", profile["phone"]!.GetValue<string>());
        Assert.Equal($"居民{phone[^4..]}", profile["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sign_in_with_used_code_returns_400()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        (await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"))).ShouldHaveStatus(200);

        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        response.ShouldBeProblem(400, "Code_ExpiredOrMissing");
    }

    [Fact]
    public async Task Sign_in_with_wrong_code_counts_down_attempts()
    {
        var phone = app.NewPhone();
        var wrong = WrongCode(await app.SendCodeAsync(phone));

        for (var left = 4; left >= 1; left--)
        {
            var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, wrong, "resident"));

            var problem = response.ShouldBeProblem(400, "Code_Wrong");
            Assert.Contains($"还可尝试 {left} 次", problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Fifth_wrong_code_returns_429_and_blocks_right_code()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, WrongCode(code), "resident")))
                .ShouldBeProblem(400, "Code_Wrong");
        }

        var fifth = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, WrongCode(code), "resident"));
        var right = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        fifth.ShouldBeProblem(429, "Code_TooManyAttempts");
        right.ShouldBeProblem(429, "Code_TooManyAttempts");
    }

    [Fact]
    public async Task Sign_in_with_expired_code_returns_400()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        response.ShouldBeProblem(400, "Code_ExpiredOrMissing");
    }

    [Fact]
    public async Task Sign_in_just_before_code_expiry_returns_200()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        app.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        response.ShouldHaveStatus(200);
    }

    [Fact]
    public async Task Sign_in_without_code_sent_returns_400()
    {
        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(app.NewPhone(), "123456", "resident"));

        response.ShouldBeProblem(400, "Code_ExpiredOrMissing");
    }

    [Fact]
    public async Task Resend_within_60_seconds_returns_429()
    {
        var phone = app.NewPhone();
        await app.SendCodeAsync(phone);
        app.Clock.Advance(TimeSpan.FromSeconds(59));

        var early = await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone));

        early.ShouldBeProblem(429, "Code_SentTooRecently");
        onTime.ShouldHaveStatus(202);
    }

    [Fact]
    public async Task Provider_sign_in_returns_provider_token()
    {
        var code = await app.SendCodeAsync(DemoData.BathingTeamPhone);

        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(DemoData.BathingTeamPhone, code, "provider"));

        var provider = new ApiClient(app.Host, response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>());
        var me = (await provider.GetAsync("/api/providers/me")).ShouldHaveStatus(200).Json;
        Assert.Equal(DemoData.BathingTeam, me["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Provider_sign_in_for_unknown_phone_returns_404()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);

        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "provider"));

        response.ShouldBeProblem(404, "SignIn_NoProviderAccount");
    }

    [Theory]
    [InlineData("12345678901", "123456", null, "phone")]
    [InlineData("02423456789", "123456", null, "phone")]
    [InlineData("13907999999", "12345", null, "code")]
    [InlineData("13907999999", "abcdef", null, "code")]
    [InlineData("13907999999", "123456", "admin", "role")]
    public async Task Sign_in_with_invalid_input_returns_400_naming_field(string phone, string code, string? role, string field)
    {
        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, role));

        response.ShouldBeInvalidField(field);
    }

    [Fact]
    public async Task Send_code_to_invalid_phone_returns_400()
    {
        var response = await app.Anonymous.PostAsync("/api/auth/code", new SendCode("110"));

        response.ShouldBeInvalidField("phone");
    }

    [Fact]
    public async Task Password_sign_in_for_operator_returns_token()
    {
        var response = await app.Anonymous.PostAsync("/api/auth/password", new SignInWithPassword(DemoData.Operator, "LifeCircle-2026"));

        var operatorClient = new ApiClient(app.Host, response.ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>());
        (await operatorClient.GetAsync($"/api/residents?phone={DemoData.ZhaoLiPhone}")).ShouldHaveStatus(200);
    }

    [Theory]
    [InlineData("operator1", "wrong-password")]
    [InlineData("operator1", "lifecircle-2026")]
    [InlineData("nobody", "LifeCircle-2026")]
    public async Task Password_sign_in_with_wrong_credentials_returns_401(string userName, string password)
    {
        var response = await app.Anonymous.PostAsync("/api/auth/password", new SignInWithPassword(userName, password));

        response.ShouldBeProblem(401, "SignIn_WrongPassword");
    }

    [Fact]
    public async Task Token_expires_after_8_hours()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        var token = (await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident")))
            .ShouldHaveStatus(200).Json["accessToken"]!.GetValue<string>();
        var resident = new ApiClient(app.Host, token);
        app.Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        (await resident.GetAsync("/api/residents/me")).ShouldHaveStatus(200);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var response = await resident.GetAsync("/api/residents/me");

        response.ShouldBeProblem(401, "Status_401");
    }

    private static string WrongCode(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
}
