using System.Text.RegularExpressions;
using LifeCircle.Bookings;
using LifeCircle.Identity;
using LifeCircle.Tests.Infrastructure;
using Marten;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// One-time code attempts, repeated code sends and oversized bodies, on the shared test host
/// with its default limits.
/// </summary>
[Collection(Collections.Api)]
public sealed class CodeAttemptLimitTests(AppFixture app)
{
    [Fact]
    public async Task Sixth_attempt_after_five_wrong_codes_returns_429()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, wrong, "resident"));
            var detail = response.ShouldBeProblem(400, "Code_Wrong")["detail"]!.GetValue<string>();
            Assert.Contains((SignInEndpoints.MaxAttempts - attempt).ToString(), detail);
        }

        var fifth = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, wrong, "resident"));
        var right = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        fifth.ShouldBeProblem(429, "Code_TooManyAttempts");
        right.ShouldBeProblem(429, "Code_TooManyAttempts");
        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<Account>().AnyAsync(a => a.Phone == "+86" + phone));
    }

    [Fact]
    public async Task Code_without_send_returns_400()
    {
        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(app.NewPhone(), "123456", "resident"));

        response.ShouldBeProblem(400, "Code_ExpiredOrMissing");
    }

    [Fact]
    public async Task Code_of_wrong_shape_returns_400_naming_code()
    {
        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(app.NewPhone(), "12345", "resident"));

        response.ShouldBeInvalidField("code");
    }

    [Fact]
    public async Task Resend_within_60_seconds_returns_429()
    {
        var phone = app.NewPhone();
        await app.SendCodeAsync(phone);

        var again = await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone));

        var detail = again.ShouldBeProblem(429, "Code_SentTooRecently")["detail"]!.GetValue<string>();
        var seconds = int.Parse(Regex.Match(detail, "[0-9]+").Value);
        Assert.InRange(seconds, 1, 60);
        Assert.Contains("秒", detail);
    }

    [Fact]
    public async Task Send_with_invalid_phone_returns_400_naming_phone()
    {
        var response = await app.Anonymous.PostAsync("/api/auth/code", new SendCode("024-23456789"));

        response.ShouldBeInvalidField("phone");
    }

    [Fact]
    public async Task Body_over_256_KiB_returns_413()
    {
        var resident = await app.NewResidentAsync();
        var request = app.Requests.Repair() with
        {
            Repair = new RepairDetails(RepairCategory.Plumbing, "厨房水龙头", new string('x', 300_000), true)
        };
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(ApiClient.ToJson(request)) > 256 * 1024);

        var response = await resident.Client.PostAsync("/api/bookings", request);

        response.ShouldBeProblem(413, "Request_TooLarge");
        Assert.Equal(0, (await resident.Client.MyBookingsAsync()).Total);
    }

    [Fact]
    public async Task Body_under_256_KiB_reaches_validation()
    {
        var resident = await app.NewResidentAsync();
        var request = app.Requests.Repair() with
        {
            Repair = new RepairDetails(RepairCategory.Plumbing, "厨房水龙头", new string('x', 200_000), true)
        };
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(ApiClient.ToJson(request)) < 256 * 1024);

        var response = await resident.Client.PostAsync("/api/bookings", request);

        response.ShouldBeInvalidField("repair.symptom");
    }
}

/// <summary>Code lifetime and the hourly cap of sends per number; these move the clock.</summary>
[Collection(Collections.Clock)]
public sealed class CodeTimeLimitTests(AppFixture app)
{
    [Fact]
    public async Task Code_after_five_minutes_returns_400()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);

        app.Clock.Advance(SignInEndpoints.CodeLifetime);
        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        response.ShouldBeProblem(400, "Code_ExpiredOrMissing");
    }

    [Fact]
    public async Task Code_just_before_five_minutes_signs_in()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);

        app.Clock.Advance(SignInEndpoints.CodeLifetime - TimeSpan.FromSeconds(1));
        var response = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "resident"));

        response.ShouldHaveStatus(200);
    }

    [Fact]
    public async Task Sixth_send_within_an_hour_returns_429()
    {
        var phone = app.NewPhone();
        for (var send = 1; send <= SignInEndpoints.MaxSendsPerWindow; send++)
        {
            (await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone))).ShouldHaveStatus(202);
            app.Clock.Advance(TimeSpan.FromSeconds(61));
        }

        var sixth = await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone));

        var detail = sixth.ShouldBeProblem(429, "Code_TooManySends")["detail"]!.GetValue<string>();
        Assert.Contains("分钟", detail);
        app.Clock.Advance(SignInEndpoints.SendWindow - 5 * TimeSpan.FromSeconds(61));
        (await app.Anonymous.PostAsync("/api/auth/code", new SendCode(phone))).ShouldHaveStatus(202);
    }
}

/// <summary>The per-address limit of code sends and the per-account limit of bookings, set low on a host of their own.</summary>
[Collection(LimitedHostCollection.Name)]
public sealed class RequestRateLimitTests(LimitedHostFixture app)
{
    [Fact]
    public async Task Fourth_send_from_one_address_returns_429()
    {
        var client = app.Anonymous.WithHeader(LimitedHostFixture.RemoteAddressHeader, "127.0.0.1");
        for (var send = 1; send <= LimitedHostFixture.CodeSendsPerAddress; send++)
        {
            (await client.PostAsync("/api/auth/code", new SendCode(app.NewPhone()))).ShouldHaveStatus(202);
        }

        var fourth = await client.PostAsync("/api/auth/code", new SendCode(app.NewPhone()));

        fourth.ShouldBeProblem(429, "RateLimit_Exceeded");
        var retryAfter = int.Parse(fourth.Headers.RetryAfter.ToString());
        Assert.InRange(retryAfter, 1, 600);
        Assert.Contains(retryAfter.ToString(), fourth.Json["detail"]!.GetValue<string>());

        var otherAddress = app.Anonymous.WithHeader(LimitedHostFixture.RemoteAddressHeader, "127.0.0.2");
        (await otherAddress.PostAsync("/api/auth/code", new SendCode(app.NewPhone()))).ShouldHaveStatus(202);
    }

    [Fact]
    public async Task Fourth_booking_within_an_hour_returns_429()
    {
        var resident = await app.NewResidentAsync();
        for (var booking = 1; booking <= LimitedHostFixture.BookingsPerResidentPerHour; booking++)
        {
            await resident.Client.CreateBookingAsync(app.Requests.Repair());
        }

        var fourth = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair());

        fourth.ShouldBeProblem(429, "RateLimit_Exceeded");
        Assert.InRange(int.Parse(fourth.Headers.RetryAfter.ToString()), 1, 3600);
        Assert.Equal(LimitedHostFixture.BookingsPerResidentPerHour, (await resident.Client.MyBookingsAsync()).Total);
    }

    [Fact]
    public async Task Operator_bookings_are_not_held_to_resident_limit()
    {
        var resident = await app.NewResidentAsync();
        var operatorClient = await app.SignInAsStaffAsync(DemoData.Operator);

        for (var booking = 1; booking <= LimitedHostFixture.BookingsPerResidentPerHour + 2; booking++)
        {
            await operatorClient.CreateBookingAsync(app.Requests.Repair(residentId: resident.Id));
        }

        Assert.Equal(LimitedHostFixture.BookingsPerResidentPerHour + 2, (await resident.Client.MyBookingsAsync()).Total);
    }

    [Fact]
    public async Task Booking_limit_counts_each_account_apart()
    {
        var first = await app.NewResidentAsync();
        var second = await app.NewResidentAsync();
        for (var booking = 1; booking <= LimitedHostFixture.BookingsPerResidentPerHour; booking++)
        {
            await first.Client.CreateBookingAsync(app.Requests.Repair());
        }

        (await first.Client.PostAsync("/api/bookings", app.Requests.Repair())).ShouldBeProblem(429, "RateLimit_Exceeded");
        await second.Client.CreateBookingAsync(app.Requests.Repair());
    }
}
