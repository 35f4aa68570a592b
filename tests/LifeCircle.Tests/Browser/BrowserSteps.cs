using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifeCircle.Core.Time;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifeCircle.Tests.Browser;

/// <summary>What a person does on the pages, written once for all browser tests.</summary>
internal static partial class BrowserSteps
{
    public const string CodeFormName = "居民、服务商：手机验证码登录";

    /// <summary>Reads the one-time code that the development SMS sink kept for a phone.</summary>
    public static async Task<string> ReadCodeAsync(HttpClient http, string phone)
    {
        var sms = await http.GetFromJsonAsync<JsonElement>($"/dev/sms/{phone}");
        var code = SixDigits().Match(sms.GetProperty("text").GetString() ?? "");
        Assert.True(code.Success, $"No 6-digit code in the last SMS to {phone}: {sms}");
        return code.Value;
    }

    /// <summary>Signs in on /login with a phone, the code from the SMS log and the role label (居民 or 服务商).</summary>
    public static async Task SignInWithCodeAsync(IPage page, HttpClient http, string phone, string role)
    {
        await page.GotoAsync("/login");
        var form = page.GetByRole(AriaRole.Region, new() { Name = CodeFormName });
        await form.GetByLabel(role, new() { Exact = true }).CheckAsync();
        await form.GetByLabel("手机号").FillAsync(phone);
        await form.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync("验证码已发送");

        await form.GetByLabel("验证码").FillAsync(await ReadCodeAsync(http, phone));
        await form.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(LoginPath());
    }

    /// <summary>Fills the repair form for tomorrow 09:00 to 11:00 Shanghai time, leaving the submit to the caller.</summary>
    public static async Task FillShoeRepairAsync(IPage page, string item)
    {
        await page.GotoAsync("/book");
        await page.GetByLabel("维修", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("维修类别").SelectOptionAsync(new SelectOptionValue { Label = "修鞋" });
        await page.GetByLabel("物品").FillAsync(item);
        await page.GetByLabel("故障描述").FillAsync("鞋跟磨平了，走路打滑");
        await page.GetByLabel("服务日期").FillAsync(TomorrowInShanghai());
        await page.GetByLabel("开始时间").FillAsync("09:00");
        await page.GetByLabel("结束时间").FillAsync("11:00");
    }

    /// <summary>Books a shoe repair through the form and returns the id of the booking page it lands on.</summary>
    public static async Task<Guid> BookShoeRepairAsync(IPage page, string item)
    {
        await FillShoeRepairAsync(page, item);
        return await SubmitBookingAsync(page);
    }

    /// <summary>Submits the filled booking form and returns the id of the booking page it lands on.</summary>
    public static async Task<Guid> SubmitBookingAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();
        await page.WaitForURLAsync(BookingPath());
        return Guid.Parse(BookingPath().Match(page.Url).Groups["id"].Value);
    }

    /// <summary>Signs in through the token API and returns a bearer token.</summary>
    public static async Task<string> BearerTokenAsync(HttpClient http, string phone, string role)
    {
        var sent = await http.PostAsJsonAsync("/api/auth/code", new { phone });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var code = await ReadCodeAsync(http, phone);

        var response = await http.PostAsJsonAsync("/api/auth/token", new { phone, code, role });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        return token.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Posts a lifecycle command without a body, such as accept or start, as a bearer-token caller.</summary>
    public static async Task PostAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static string TomorrowInShanghai() =>
        ShanghaiTime.Today(DateTimeOffset.UtcNow).AddDays(1).ToString("yyyy-MM-dd");

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();

    [GeneratedRegex("/login")]
    private static partial Regex LoginPath();

    [GeneratedRegex("/bookings/(?<id>[0-9a-f-]{36})$")]
    public static partial Regex BookingPath();
}
