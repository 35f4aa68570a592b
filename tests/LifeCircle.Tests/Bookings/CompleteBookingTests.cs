using System.Text.Json.Nodes;
using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class CompleteBookingTests(AppFixture app)
{
    [Fact]
    public async Task Complete_records_lines_and_rounded_total()
    {
        var (resident, craftsman, id) = await StartedRepairAsync();

        ChargeInput[] lines =
        [
            new(" 更换阀芯 ", 1.5m, " 小时 ", 45m),
            new("生料带", 3m, "卷", 0.35m),
            new("密封圈", 0.33m, "个", 1.99m)
        ];
        await craftsman.AgreeChargesAsync(id, lines);

        var response = await craftsman.PostAsync($"/api/bookings/{id}/complete", new CompleteBooking(lines, "已更换阀芯"));

        response.ShouldChangeTo(BookingStatus.Completed);
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(
        [
            new ChargeLine("更换阀芯", 1.5m, "小时", Money.Of(45m), Money.Of(67.5m)),
            new ChargeLine("生料带", 3m, "卷", Money.Of(0.35m), Money.Of(1.05m)),
            new ChargeLine("密封圈", 0.33m, "个", Money.Of(1.99m), Money.Of(0.66m))
        ], view.Charges);
        Assert.Equal(Money.Of(69.21m), view.Total);
        Assert.Equal("已更换阀芯", view.History[^1].Note);
    }

    [Fact]
    public async Task Complete_twice_returns_unchanged_and_keeps_first_bill()
    {
        var (resident, craftsman, id) = await StartedRepairAsync();
        (await craftsman.CompleteAsync(id, new ChargeInput("上门检测费", 1m, "次", 30m))).ShouldChangeTo(BookingStatus.Completed);

        var again = await craftsman.CompleteAsync(id, new ChargeInput("上门检测费", 1m, "次", 60m));

        again.ShouldChangeTo(BookingStatus.Completed, changed: false);
        Assert.Equal(Money.Of(30m), (await resident.GetBookingAsync(id)).Booking.Total);
    }

    [Fact]
    public async Task Complete_job_of_another_provider_returns_404()
    {
        var (_, _, id) = await StartedRepairAsync();
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);

        var response = await appliances.CompleteAsync(id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    public static TheoryData<string, string, string> InvalidCharges() => new()
    {
        { "no lines", "[]", "charges" },
        { "null lines", "null", "charges" },
        { "31 lines", $"[{string.Join(',', Enumerable.Repeat(Line(), 31))}]", "charges" },
        { "quantity 0", $"[{Line(quantity: "0")}]", "charges[0].quantity" },
        { "negative quantity", $"[{Line(quantity: "-1")}]", "charges[0].quantity" },
        { "quantity over 1000", $"[{Line(quantity: "1000.5")}]", "charges[0].quantity" },
        { "quantity with 3 decimals", $"[{Line(quantity: "1.125")}]", "charges[0].quantity" },
        { "negative unit price", $"[{Line()},{Line(unitPrice: "-5")}]", "charges[1].unitPrice" },
        { "unit price with 3 decimals", $"[{Line(unitPrice: "12.345")}]", "charges[0].unitPrice" },
        { "item empty", $"[{Line(item: "")}]", "charges[0].item" },
        { "item 51 characters", $"[{Line(item: new string('修', 51))}]", "charges[0].item" },
        { "item with control character", $"[{Line(item: "配件\\u0000")}]", "charges[0].item" },
        { "unit empty", $"[{Line(unit: "")}]", "charges[0].unit" },
        { "unit 21 characters", $"[{Line(unit: new string('个', 21))}]", "charges[0].unit" }
    };

    [Theory]
    [MemberData(nameof(InvalidCharges))]
    public async Task Complete_with_invalid_charges_returns_400_naming_field(string name, string charges, string field)
    {
        var (_, craftsman, id) = await StartedRepairAsync();
        var body = $"{{\"charges\": {charges}, \"note\": null}}";
        Assert.NotNull(JsonNode.Parse(body));

        var response = await craftsman.PostAsync($"/api/bookings/{id}/complete", body);

        Assert.True(response.Status == 400, $"{name}: {response}");
        response.ShouldBeInvalidField(field);
    }

    [Fact]
    public async Task Complete_with_note_over_500_characters_returns_400()
    {
        var (_, craftsman, id) = await StartedRepairAsync();

        var response = await craftsman.PostAsync($"/api/bookings/{id}/complete",
            new CompleteBooking([new ChargeInput("上门检测费", 1m, "次", 30m)], new string('注', 501)));

        response.ShouldBeInvalidField("note");
    }

    private static string Line(string item = "上门检测费", string quantity = "1", string unit = "次", string unitPrice = "30") =>
        $"{{\"item\": \"{item}\", \"quantity\": {quantity}, \"unit\": \"{unit}\", \"unitPrice\": {unitPrice}}}";

    private async Task<(ApiClient Resident, ApiClient Provider, Guid Id)> StartedRepairAsync()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);
        return (resident, craftsman, created.Id);
    }
}
