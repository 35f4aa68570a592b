using System.Text.Json.Nodes;
using LifeCircle.Bookings;
using LifeCircle.Demo;
using LifeCircle.Providers;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Pricing;

/// <summary>A provider registered by the administrator through the API, signed in with its own phone.</summary>
public sealed record RegisteredProvider(ApiClient Client, Guid Id, string Name, string Phone);

/// <summary>Price cards as publish requests: copies of the demo cards, and ways to vary them.</summary>
public static class PriceCards
{
    /// <summary>老王便民修理铺's card: RP-VISIT 30/次 visit fee, RP-SHOE 25/双, RP-KEY 5/把, RP-TAP 40/个, RP-TAP-PART 35/个 parts …</summary>
    public static PriceItemInput[] Craftsman => InputsOf(DemoSeeder.Providers[2]);

    /// <summary>沈阳家佳家政's card: HK-ROUTINE 45/小时, HK-DEEP 8/平方米, HK-WINDOW 6/平方米, HK-HOOD 120/台.</summary>
    public static PriceItemInput[] Housekeeping => InputsOf(DemoSeeder.Providers[1]);

    /// <summary>The canteen's card: MEAL-L 12/份, MEAL-D 10/份, MEAL-SOFT 12/份, MEAL-DLV 3/次.</summary>
    public static PriceItemInput[] Canteen => InputsOf(DemoSeeder.Providers[0]);

    /// <summary>The bathing team's card: BA-HOME 128/次, BA-VAN 198/次, BA-CENTRE 99/次.</summary>
    public static PriceItemInput[] Bathing => InputsOf(DemoSeeder.Providers[4]);

    public static PriceItemInput[] WithPrice(this PriceItemInput[] card, string code, decimal price)
    {
        Assert.Contains(card, i => i.Code == code);
        return card.Select(i => i.Code == code ? i with { Price = price } : i).ToArray();
    }

    public static PriceItemInput[] Without(this PriceItemInput[] card, string code) => card.Where(i => i.Code != code).ToArray();

    public static PriceItemInput[] With(this PriceItemInput[] card, PriceItemInput item) => [.. card, item];

    /// <summary>Returns a one-item card for a comparable catalogue item, for statistics and flags.</summary>
    public static PriceItemInput[] Single(string code, ServiceType service, decimal price, string comparable,
        PriceUnit unitKind = PriceUnit.PerPiece) =>
        [new(code, service, "测试服务项目", "用于价格统计的服务项目", "件", unitKind, price, FeeKind.Service, comparable)];

    private static PriceItemInput[] InputsOf(Provider provider) => provider.PriceCard
        .Select(i => new PriceItemInput(i.Code, i.Service, i.Name, i.Includes, i.Unit, i.UnitKind, i.Price.Yuan, i.Fee, i.Comparable,
            i.FreeDistanceKm))
        .ToArray();
}

/// <summary>
/// The provider, price card, quote, proposal and bill endpoints as calls of an
/// <see cref="ApiClient"/>. Methods that return a model assert success, for arranging state;
/// the others return the raw response.
/// </summary>
public static class PricingApi
{
    public static Task<ApiClient> AdminAsync(this AppFixture app) => app.SignInAsStaffAsync(DemoData.Admin);

    public static Task<ApiClient> OperatorAsync(this AppFixture app) => app.SignInAsStaffAsync(DemoData.Operator);

    public static Task<ApiResponse> RegisterAsync(this ApiClient admin, RegisterProvider command) =>
        admin.PostAsync("/api/providers", command);

    /// <summary>
    /// Registers a provider with a new phone as the administrator, verifies it unless
    /// <paramref name="verify"/> is false, signs it in and publishes <paramref name="card"/> as its
    /// first card when one is given.
    /// </summary>
    public static async Task<RegisteredProvider> RegisterProviderAsync(this AppFixture app, ServiceType[] services,
        string[]? area = null, PriceItemInput[]? card = null, bool verify = true, ProviderKind kind = ProviderKind.Company)
    {
        var admin = await app.AdminAsync();
        var phone = app.NewPhone();
        var name = $"测试服务商{phone[^4..]}";
        var registered = (await admin.RegisterAsync(new RegisterProvider(name, kind, services, area, phone)))
            .ShouldHaveStatus(201).As<Provider>();
        if (verify)
        {
            (await admin.PostAsync($"/api/providers/{registered.Id}/verify")).ShouldHaveStatus(200);
        }

        var provider = new RegisteredProvider(await app.SignInAsProviderAsync(phone), registered.Id, name, phone);
        if (card is not null)
        {
            await provider.Client.PublishCardOkAsync(provider.Id, card);
        }

        return provider;
    }

    /// <summary>Registers a verified repair craftsman serving the demo communities, with a copy of the demo craftsman's card.</summary>
    public static Task<RegisteredProvider> NewCraftsmanAsync(this AppFixture app, PriceItemInput[]? card = null) =>
        app.RegisterProviderAsync([ServiceType.Repair], DemoSeeder.Communities, card ?? PriceCards.Craftsman, kind: ProviderKind.Craftsman);

    /// <summary>Signs the provider in again: after the clock moved past a token's life, the old client gets 401.</summary>
    public static async Task<RegisteredProvider> SignedInAgainAsync(this RegisteredProvider provider, AppFixture app) =>
        provider with { Client = await app.SignInAsProviderAsync(provider.Phone) };

    public static Task<ApiResponse> PublishCardAsync(this ApiClient provider, Guid providerId, PriceItemInput[] items,
        DateTimeOffset? effectiveFrom = null) =>
        provider.PostAsync($"/api/providers/{providerId}/price-card", new PublishPriceCard(items, effectiveFrom));

    public static async Task<PriceCardPublishedResponse> PublishCardOkAsync(this ApiClient provider, Guid providerId,
        PriceItemInput[] items, DateTimeOffset? effectiveFrom = null) =>
        (await provider.PublishCardAsync(providerId, items, effectiveFrom)).ShouldHaveStatus(201).As<PriceCardPublishedResponse>();

    public static Task<ApiResponse> WithdrawItemAsync(this ApiClient provider, Guid providerId, string code) =>
        provider.PostAsync($"/api/providers/{providerId}/price-card/items/{code}/withdraw");

    public static async Task<List<PriceCardVersion>> CardVersionsAsync(this AppFixture app, Guid providerId) =>
        (await app.Anonymous.GetAsync($"/api/providers/{providerId}/price-card/versions")).ShouldHaveStatus(200)
        .As<List<PriceCardVersion>>();

    /// <summary>Reads a provider's record, including the card in effect, as the administrator reads it.</summary>
    public static async Task<Provider> ProviderAsync(this AppFixture app, Guid providerId) =>
        (await (await app.AdminAsync()).GetAsync($"/api/providers/{providerId}")).ShouldHaveStatus(200).As<Provider>();

    public static Task<ApiResponse> QuoteAsync(this ApiClient client, ServiceType service, Guid providerId, params ItemChoice[] items) =>
        client.PostAsync("/api/quotes", new PreviewQuote(service, providerId, items));

    /// <summary>Books a repair with the provider for the given items, which records a quote.</summary>
    public static CreateBooking RepairWith(this AppFixture app, Guid providerId, params ItemChoice[] items) =>
        app.Requests.Repair(providerId: providerId) with { Items = items.Length > 0 ? items : null };

    /// <summary>Creates the booking, has the provider accept and start it, and returns its id.</summary>
    public static async Task<Guid> StartedJobAsync(this ApiClient resident, ApiClient provider, CreateBooking request)
    {
        var created = await resident.CreateBookingAsync(request);
        (await provider.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await provider.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        return created.Id;
    }

    public static Task<ApiResponse> ProposeAsync(this ApiClient provider, Guid bookingId, ProposalKind kind, params ChargeInput[] lines) =>
        provider.PostAsync($"/api/bookings/{bookingId}/charge-proposals",
            new ProposeCharges(kind, lines, kind == ProposalKind.Extra ? "拆开后发现阀芯老化，需更换配件" : null));

    public static async Task<Guid> ProposedAsync(this ApiClient provider, Guid bookingId, ProposalKind kind, params ChargeInput[] lines) =>
        (await provider.ProposeAsync(bookingId, kind, lines)).ShouldHaveStatus(201).As<ProposalCreated>().ProposalId;

    public static Task<ApiResponse> ApproveAsync(this ApiClient client, Guid bookingId, Guid proposalId,
        params (string Name, string Value)[] headers) =>
        client.PostAsync($"/api/bookings/{bookingId}/charge-proposals/{proposalId}/approve", null, headers);

    public static Task<ApiResponse> RejectAsync(this ApiClient client, Guid bookingId, Guid proposalId, string? reason = "价格超出预期") =>
        client.PostAsync($"/api/bookings/{bookingId}/charge-proposals/{proposalId}/reject", new AnswerProposal(reason));

    /// <summary>Posts a bill straight to the complete endpoint, with no proposal first.</summary>
    public static Task<ApiResponse> BillAsync(this ApiClient provider, Guid bookingId, params ChargeInput[] charges) =>
        provider.PostAsync($"/api/bookings/{bookingId}/complete", new CompleteBooking(charges, null));

    /// <summary>Returns a bill line of a card item by code; without a unit price the card's price applies.</summary>
    public static ChargeInput Card(string code, decimal quantity, decimal? unitPrice = null) => new(null, quantity, null, unitPrice, code);

    /// <summary>Returns a bill line that is not on the card: it needs an approved proposal.</summary>
    public static ChargeInput Free(string item, decimal quantity, string unit, decimal unitPrice) => new(item, quantity, unit, unitPrice);

    public static Task<ApiResponse> LinkGuardianAsync(this ApiClient resident, string guardianPhone) =>
        resident.PostAsync("/api/residents/me/guardians", new LinkGuardian(guardianPhone, "女儿", true));

    /// <summary>Fails unless two quotes are equal line by line (records compare arrays by reference).</summary>
    public static void ShouldEqualQuote(this Quote? actual, Quote expected)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ProviderId, actual.ProviderId);
        Assert.Equal(expected.CardVersion, actual.CardVersion);
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.TotalHigh, actual.TotalHigh);
    }

    /// <summary>Fails unless the problem's detail contains every part, such as the line number and the item name.</summary>
    public static JsonObject ShouldMention(this JsonObject problem, params string[] parts)
    {
        var detail = problem["detail"]!.GetValue<string>();
        foreach (var part in parts)
        {
            Assert.True(detail.Contains(part, StringComparison.Ordinal), $"Expected the detail to mention '{part}': {detail}");
        }

        return problem;
    }
}
