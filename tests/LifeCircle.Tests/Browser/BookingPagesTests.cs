using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static LifeCircle.Tests.Browser.BrowserSteps;
using static Microsoft.Playwright.Assertions;

namespace LifeCircle.Tests.Browser;

/// <summary>
/// The resident and provider pages in a real browser against the app on Kestrel: sign-in,
/// booking, problem details beside the fields, and a booking page that follows the provider.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BookingPagesTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    // Demo set: 王秀兰 (born 1939, so elder priority), 赵丽 (born 1985), 孙伟 (born 1990), and the
    // repair craftsman 老王便民修理铺.
    private const string ElderlyResidentPhone = "13904001001";
    private const string YoungerResidentPhone = "13904001006";
    private const string OtherResidentPhone = "13904001007";
    private const string RepairProviderPhone = "13904002003";
    private const string RepairProviderName = "老王便民修理铺";

    [Fact]
    public async Task Resident_sees_acceptance_without_reload()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInWithCodeAsync(page, app.Http, ElderlyResidentPhone, "居民");

        var bookingId = await BookShoeRepairAsync(page, "黑色皮鞋");

        var status = page.GetByTestId("booking-status");
        await Expect(status).ToHaveTextAsync("待接单");
        await Expect(page.GetByText("等待服务商接单")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("下单成功");

        var token = await BearerTokenAsync(app.Http, RepairProviderPhone, "provider");
        await PostAsync(app.Http, token, $"/api/bookings/{bookingId}/accept");

        await Expect(status).ToHaveTextAsync("已接单");
        await Expect(page.GetByText(RepairProviderName)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "接单", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Empty_item_shows_Chinese_error_beside_field()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInWithCodeAsync(page, app.Http, YoungerResidentPhone, "居民");

        await FillShoeRepairAsync(page, item: "");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();

        var item = page.GetByLabel("物品");
        await Expect(item).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(item).ToHaveAccessibleDescriptionAsync(new Regex("请填写“物品”"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("请按红色提示修改");
        await Expect(page.GetByLabel("故障描述")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page).ToHaveURLAsync(new Regex("/book$"));
    }

    [Fact]
    public async Task Provider_page_flow_ends_settled_for_resident()
    {
        await using var residentContext = await app.NewContextAsync();
        var residentPage = await residentContext.NewPageAsync();
        await SignInWithCodeAsync(residentPage, app.Http, ElderlyResidentPhone, "居民");

        // The resident picks the provider and two heel replacements from its price card, which quotes the job.
        await FillShoeRepairAsync(residentPage, "棕色短靴");
        await residentPage.GetByRole(AriaRole.Radio, new() { Name = RepairProviderName }).CheckAsync();
        await residentPage.GetByLabel("修鞋换跟的数量").FillAsync("2");
        await Expect(residentPage.GetByText("按价目表预估：¥50.00")).ToBeVisibleAsync();
        var bookingId = await SubmitBookingAsync(residentPage);
        var status = residentPage.GetByTestId("booking-status");
        await Expect(status).ToHaveTextAsync("待接单");

        // The provider's browser requests English, and the pages must still be in Chinese.
        await using var providerContext = await app.NewContextAsync(locale: "en-US");
        var providerPage = await providerContext.NewPageAsync();
        await SignInWithCodeAsync(providerPage, app.Http, RepairProviderPhone, "服务商");
        await Expect(providerPage).ToHaveURLAsync(new Regex("/provider/jobs$"));

        var job = providerPage.Locator($"[data-job='{bookingId}']");
        await Expect(job.GetByText("老年人优先")).ToBeVisibleAsync();
        await job.GetByRole(AriaRole.Button, new() { Name = "接单", Exact = true }).ClickAsync();
        await Expect(status).ToHaveTextAsync("已接单");

        await job.GetByRole(AriaRole.Button, new() { Name = "开始服务" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("服务中");

        // The bill starts from the quote.
        var bill = job.Locator("[data-complete-form]");
        await Expect(bill.GetByLabel("收费项目")).ToHaveValueAsync("RP-SHOE");
        await Expect(bill.GetByLabel("数量")).ToHaveValueAsync("2");
        await Expect(bill.GetByText("¥50.00", new() { Exact = true })).ToBeVisibleAsync();
        await bill.GetByRole(AriaRole.Button, new() { Name = "完成服务" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("已完成");
        await Expect(residentPage.GetByTestId("bill-total")).ToHaveTextAsync("¥50.00");

        await job.GetByLabel("现金").CheckAsync();
        await job.GetByRole(AriaRole.Button, new() { Name = "结算" }).ClickAsync();
        await Expect(providerPage.Locator($"[data-finished-job='{bookingId}']")).ToContainTextAsync("已结算");

        await Expect(status).ToHaveTextAsync("已结算");
        await Expect(residentPage.GetByText("已结算：现金 ¥50.00")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Approved_quote_lets_provider_bill()
    {
        await using var residentContext = await app.NewContextAsync();
        var residentPage = await residentContext.NewPageAsync();
        await SignInWithCodeAsync(residentPage, app.Http, OtherResidentPhone, "居民");
        var bookingId = await BookShoeRepairAsync(residentPage, "运动鞋");
        var status = residentPage.GetByTestId("booking-status");

        await using var providerContext = await app.NewContextAsync();
        var providerPage = await providerContext.NewPageAsync();
        await SignInWithCodeAsync(providerPage, app.Http, RepairProviderPhone, "服务商");
        var job = providerPage.Locator($"[data-job='{bookingId}']");
        await job.GetByRole(AriaRole.Button, new() { Name = "接单", Exact = true }).ClickAsync();
        await Expect(status).ToHaveTextAsync("已接单");

        // Booked without items, the job needs a quote that the resident approves before it can be billed.
        await job.GetByText("提出报价", new() { Exact = true }).ClickAsync();
        var proposal = job.Locator("[data-propose-form]");
        await proposal.GetByLabel("收费项目").SelectOptionAsync(new SelectOptionValue { Label = "修鞋换跟（¥25.00/双）" });
        await proposal.GetByRole(AriaRole.Button, new() { Name = "提交报价" }).ClickAsync();
        await Expect(job.GetByText("待确认")).ToBeVisibleAsync();

        var pending = residentPage.Locator("[data-proposal]");
        await Expect(pending.GetByText("待确认")).ToBeVisibleAsync();
        await pending.GetByRole(AriaRole.Button, new() { Name = "同意报价" }).ClickAsync();
        await Expect(pending.GetByText("已同意")).ToBeVisibleAsync();

        await providerPage.ReloadAsync();
        await job.GetByRole(AriaRole.Button, new() { Name = "开始服务" }).ClickAsync();
        var bill = job.Locator("[data-complete-form]");
        await Expect(bill.GetByLabel("收费项目")).ToHaveValueAsync("RP-SHOE");
        await Expect(bill.GetByLabel("数量")).ToHaveValueAsync("1");
        await bill.GetByRole(AriaRole.Button, new() { Name = "完成服务" }).ClickAsync();

        await Expect(status).ToHaveTextAsync("已完成");
        await Expect(residentPage.GetByTestId("bill-total")).ToHaveTextAsync("¥25.00");
    }

    [Fact]
    public async Task Cookie_post_without_antiforgery_token_returns_400()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInWithCodeAsync(page, app.Http, OtherResidentPhone, "居民");
        var bookingId = await BookShoeRepairAsync(page, "旧布鞋");

        var script = """
            async ([url, token]) => {
                const headers = { 'Content-Type': 'application/json' };
                if (token) { headers.RequestVerificationToken = document.querySelector('meta[name="request-verification-token"]').content; }
                const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify({ reason: '不需要了' }) });
                return [response.status, (await response.json()).code ?? ''];
            }
            """;
        var url = $"/api/bookings/{bookingId}/cancel";
        var withoutToken = await page.EvaluateAsync<object[]>(script, new object[] { url, false });
        var withToken = await page.EvaluateAsync<object[]>(script, new object[] { url, true });

        Assert.Equal(400, Convert.ToInt32(withoutToken[0]));
        Assert.Equal("Csrf_Invalid", withoutToken[1].ToString());
        Assert.Equal(200, Convert.ToInt32(withToken[0]));
    }
}
