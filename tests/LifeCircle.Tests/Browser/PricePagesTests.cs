using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifeCircle.Demo;
using Microsoft.Playwright;
using static LifeCircle.Tests.Browser.BrowserSteps;
using static Microsoft.Playwright.Assertions;

namespace LifeCircle.Tests.Browser;

/// <summary>
/// The price pages in a real browser: the public price board with reference and guidance
/// prices, the provider's card editor, the bill against the card, and the administrators'
/// price warnings. Jobs are arranged through the API with bearer tokens.
/// </summary>
/// <remarks>
/// The tests share one database, so each one works on items that no other test changes:
/// AP-ELEC for the reference price, AP-WASHER for the bill, RP-KEY for the raised price and
/// repair.mending for the guidance price.
/// </remarks>
[Trait("Category", "Browser")]
public sealed class PricePagesTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const string BoardPath = "/prices?community=210102001002&service=Repair";
    private const string CraftsmanPhone = "13904002003";
    private const string ApplianceRepairPhone = "13904002004";
    private static readonly Guid Craftsman = DemoSeeder.Providers[2].Id;
    private static readonly Guid ApplianceRepair = DemoSeeder.Providers[3].Id;

    [Fact]
    public async Task Board_shows_reference_price_after_bill()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(BoardPath);

        var craftsman = page.Locator($"[data-board-provider='{Craftsman}']");
        await Expect(craftsman.GetByRole(AriaRole.Heading)).ToHaveTextAsync("老王便民修理铺");
        await Expect(craftsman.Locator("[data-item='RP-SHOE'] [data-testid='price']")).ToHaveTextAsync("¥25.00");
        await Expect(craftsman.Locator("[data-item='RP-SHOE']")).ToContainTextAsync("双");
        var appliance = page.Locator($"[data-board-provider='{ApplianceRepair}']");
        await Expect(appliance.GetByRole(AriaRole.Heading)).ToHaveTextAsync("沈阳安康家电维修服务部");
        var electrical = appliance.Locator("[data-item='AP-ELEC']");
        await Expect(electrical.Locator("[data-testid='price']")).ToHaveTextAsync("¥30.00");
        await Expect(electrical.Locator("[data-testid='reference-price']")).ToHaveTextAsync("—");

        var resident = await BearerTokenAsync(app.Http, "13904001003", "resident");
        var provider = await BearerTokenAsync(app.Http, ApplianceRepairPhone, "provider");
        var bookingId = await BookRepairAsync(resident, ApplianceRepair, "Electrical", "AP-ELEC", 2);
        await PostAsync(app.Http, provider, $"/api/bookings/{bookingId}/accept");
        await PostAsync(app.Http, provider, $"/api/bookings/{bookingId}/start");
        await SendAsync(provider, $"/api/bookings/{bookingId}/complete", new { charges = new[] { new { itemCode = "AP-ELEC", quantity = 2 } } });

        await page.ReloadAsync();
        await Expect(electrical.Locator("[data-testid='reference-price']")).ToHaveTextAsync("¥30.00");
        await Expect(appliance.Locator("[data-item='AP-WASHER'] [data-testid='reference-price']")).ToHaveTextAsync("—");
    }

    [Fact]
    public async Task Raised_price_keeps_old_quote()
    {
        var resident = await BearerTokenAsync(app.Http, "13904001008", "resident");
        var earlier = await BookRepairAsync(resident, Craftsman, "KeyCutting", "RP-KEY", 2);

        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInWithCodeAsync(page, app.Http, CraftsmanPhone, "服务商");
        await page.GetByRole(AriaRole.Link, new() { Name = "价目表管理" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/provider/price-card$"));

        // A new row without a name is rejected beside its field, and nothing is published.
        await page.GetByRole(AriaRole.Button, new() { Name = "添加服务项目" }).ClickAsync();
        var added = page.Locator("[data-card-row]").Last;
        await added.GetByLabel("价格（元）").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布新版价目表" }).ClickAsync();
        await Expect(added.GetByLabel("服务项目")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(added.GetByLabel("服务项目")).ToHaveAccessibleDescriptionAsync(new Regex("服务项目"));
        await Expect(added.GetByLabel("服务内容")).ToHaveAccessibleDescriptionAsync(new Regex("服务内容"));
        await Expect(added.GetByLabel("价格（元）")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("请按红色提示修改");
        await added.GetByRole(AriaRole.Button, new() { Name = "删除此行" }).ClickAsync();

        var key = page.Locator("[data-card-row][data-code='RP-KEY']");
        await Expect(key.GetByLabel("服务项目")).ToHaveValueAsync("配钥匙（普通）");
        await key.GetByLabel("价格（元）").FillAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布新版价目表" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已发布价目表第 2 版");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("现已生效");
        await Expect(key.GetByLabel("价格（元）")).ToHaveValueAsync("6.00");

        await page.GotoAsync(BoardPath);
        var board = page.Locator($"[data-board-provider='{Craftsman}']");
        await Expect(board.GetByTestId("card-version")).ToHaveTextAsync("价目表第 2 版");
        await Expect(board.Locator("[data-item='RP-KEY'] [data-testid='price']")).ToHaveTextAsync("¥6.00");
        await Expect(board.Locator("[data-item='RP-SHOE'] [data-testid='price']")).ToHaveTextAsync("¥25.00");

        await board.GetByRole(AriaRole.Link, new() { Name = "查看价目表调价记录" }).ClickAsync();
        await page.Locator("[data-card-version='2']").GetByRole(AriaRole.Link, new() { Name = "配钥匙（普通）的调价记录" }).ClickAsync();
        var history = page.GetByTestId("item-history");
        await Expect(history.Locator("[data-card-version='1']")).ToContainTextAsync("¥5.00");
        await Expect(history.Locator("[data-card-version='2']")).ToContainTextAsync("¥6.00");

        // The booking made before the change keeps the quote of card version 1.
        await page.GotoAsync($"/bookings/{earlier}");
        await Expect(page.GetByTestId("quote-total")).ToHaveTextAsync("¥10.00");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "配钥匙（普通）" })).ToContainTextAsync("¥5.00");

        // Withdrawing an item publishes version 3 without it, and its history says so.
        await page.GotoAsync("/provider/price-card");
        await page.Locator("[data-card-row][data-code='RP-TAP-PART']").GetByRole(AriaRole.Button, new() { Name = "下架" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已下架“水龙头（配件）”，价目表第 3 版已生效");
        await Expect(page.Locator("[data-card-row][data-code='RP-TAP-PART']")).ToHaveCountAsync(0);
        await page.GotoAsync($"/prices/provider/{Craftsman}/items/RP-TAP-PART");
        await Expect(history.Locator("[data-card-version='2']")).ToContainTextAsync("¥35.00");
        await Expect(history.Locator("[data-card-version='3']")).ToContainTextAsync("已下架");
    }

    [Fact]
    public async Task Bill_shows_card_version_per_line()
    {
        const string ResidentPhone = "13904001009";
        var resident = await BearerTokenAsync(app.Http, ResidentPhone, "resident");
        var provider = await BearerTokenAsync(app.Http, ApplianceRepairPhone, "provider");
        var bookingId = await BookRepairAsync(resident, ApplianceRepair, "Appliance", "AP-WASHER", 1);
        await PostAsync(app.Http, provider, $"/api/bookings/{bookingId}/accept");
        await PostAsync(app.Http, provider, $"/api/bookings/{bookingId}/start");

        var pump = new { item = "洗衣机排水泵", quantity = 1, unit = "个", unitPrice = 45m };
        var proposal = await SendAsync(provider, $"/api/bookings/{bookingId}/charge-proposals",
            new { kind = "Extra", lines = new[] { pump }, reason = "排水泵损坏，需要更换" });
        await SendAsync(resident, $"/api/bookings/{bookingId}/charge-proposals/{proposal.GetProperty("proposalId").GetGuid()}/approve", null);
        await SendAsync(provider, $"/api/bookings/{bookingId}/complete",
            new { charges = new object[] { new { itemCode = "AP-WASHER", quantity = 1 }, pump } });

        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInWithCodeAsync(page, app.Http, ResidentPhone, "居民");
        await page.GotoAsync($"/bookings/{bookingId}");

        var bill = page.GetByTestId("bill");
        await Expect(bill.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["服务项目", "数量", "计价单位", "单价", "金额", "计价依据"]);
        await Expect(bill.Locator("tbody tr").Nth(0).Locator("td"))
            .ToHaveTextAsync(["洗衣机维修", "1", "项", "¥60.00", "¥60.00", "价目表第1版"]);
        await Expect(bill.Locator("tbody tr").Nth(1).Locator("td"))
            .ToHaveTextAsync(["洗衣机排水泵", "1", "个", "¥45.00", "¥45.00", "未标价·已同意"]);
        await Expect(page.GetByTestId("bill-total")).ToHaveTextAsync("¥105.00");
    }

    [Fact]
    public async Task Guidance_below_price_flags_provider()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        var staffForm = page.GetByRole(AriaRole.Region, new() { Name = "客服坐席、管理员：用户名和密码登录" });
        await staffForm.GetByLabel("用户名").FillAsync("admin");
        await staffForm.GetByLabel("密码").FillAsync(DemoSeeder.DefaultPassword);
        await staffForm.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/login"));

        await page.GetByRole(AriaRole.Link, new() { Name = "价格预警" }).ClickAsync();
        var above = page.Locator("[data-flag-list='above-guidance']");
        await Expect(above).ToContainTextAsync("没有高于指导价的服务项目");

        var mending = page.Locator("[data-comparable='repair.mending']");
        await Expect(mending).ToContainTextAsync("衣物缝补");
        await Expect(mending.Locator("td").Nth(2)).ToHaveTextAsync("1");
        await mending.GetByLabel("衣物缝补的指导价（元）").FillAsync("8");
        await mending.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存指导价 ¥8.00");
        var flagged = above.GetByRole(AriaRole.Row).Filter(new() { HasText = "衣物缝补" });
        await Expect(flagged.Locator("td")).ToHaveTextAsync(["老王便民修理铺", "衣物缝补", "¥10.00", "¥8.00"]);

        await page.GotoAsync(BoardPath);
        var row = page.Locator($"[data-board-provider='{Craftsman}'] [data-item='RP-MEND']");
        await Expect(row.GetByTestId("guidance-price")).ToHaveTextAsync("¥8.00");
        await Expect(row.GetByText("高于指导价")).ToBeVisibleAsync();
    }

    /// <summary>Books a repair for tomorrow 09:00 to 11:00 with a provider and one card item, which records a quote.</summary>
    private async Task<Guid> BookRepairAsync(string residentToken, Guid providerId, string category, string code, int quantity)
    {
        var date = TomorrowInShanghai();
        var booking = await SendAsync(residentToken, "/api/bookings", new
        {
            service = "Repair",
            providerId,
            windowStart = $"{date}T09:00:00+08:00",
            windowEnd = $"{date}T11:00:00+08:00",
            repair = new { category, item = "家用物品", symptom = "需要按价目表维修", partsMayBeNeeded = false },
            items = new[] { new { code, quantity } }
        });
        return booking.GetProperty("id").GetGuid();
    }

    /// <summary>Posts a JSON body as a bearer-token caller, asserts success and returns the response body.</summary>
    private async Task<JsonElement> SendAsync(string token, string path, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
