using System.Text.Json.Nodes;
using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

/// <summary>The shape rules of a booking request: each invalid body gets a 400 naming the field.</summary>
[Collection(Collections.Api)]
public sealed class CreateBookingValidationTests(AppFixture app)
{
    private static readonly Dictionary<string, (Func<BookingRequests, object> Body, string Field)> Cases = new()
    {
        ["service missing"] = (r => r.Repair() with { Service = null }, "service"),
        ["details missing"] = (r => r.Repair() with { Repair = null }, "repair"),
        ["details of another service"] = (r => r.Repair() with { Repair = null, Bathing = r.Bathing().Bathing }, "repair"),
        ["details extra"] = (r => r.Repair() with { Bathing = r.Bathing().Bathing }, "service"),
        ["window start missing"] = (r => r.Repair() with { WindowStart = null }, "windowStart"),
        ["window end missing"] = (r => r.Repair() with { WindowEnd = null }, "windowEnd"),
        ["window end before start"] = (r => r.Repair() with { WindowEnd = r.TomorrowAt(9) }, "windowEnd"),
        ["window end equals start"] = (r => r.Repair() with { WindowEnd = r.TomorrowAt(10) }, "windowEnd"),
        ["meal with window start"] = (r => r.Meal() with { WindowStart = r.TomorrowAt(11) }, "windowStart"),
        ["meal with window end"] = (r => r.Meal() with { WindowEnd = r.TomorrowAt(13) }, "windowEnd"),
        ["community code too short"] = (r => r.Repair() with { CommunityCode = "2101" }, "communityCode"),
        ["community code outside Liaoning"] = (r => r.Repair() with { CommunityCode = "110101001001" }, "communityCode"),
        ["housekeeping hours and area"] = (r => Housekeeping(r, hours: 2m, area: 60m), "housekeeping.hours"),
        ["housekeeping neither hours nor area"] = (r => Housekeeping(r, hours: null, area: null), "housekeeping.hours"),
        ["housekeeping hours below 1"] = (r => Housekeeping(r, hours: 0.5m), "housekeeping.hours"),
        ["housekeeping hours above 12"] = (r => Housekeeping(r, hours: 12.5m), "housekeeping.hours"),
        ["housekeeping hours not in half hours"] = (r => Housekeeping(r, hours: 2.25m), "housekeeping.hours"),
        ["housekeeping area below 5"] = (r => Housekeeping(r, hours: null, area: 4m), "housekeeping.areaSquareMetres"),
        ["housekeeping area above 1000"] = (r => Housekeeping(r, hours: null, area: 1000.5m), "housekeeping.areaSquareMetres"),
        ["housekeeping area with 2 decimals"] = (r => Housekeeping(r, hours: null, area: 60.25m), "housekeeping.areaSquareMetres"),
        ["repair item empty"] = (r => Repair(r, item: ""), "repair.item"),
        ["repair item blank"] = (r => Repair(r, item: "   "), "repair.item"),
        ["repair item 51 characters"] = (r => Repair(r, item: new string('修', 51)), "repair.item"),
        ["repair item with control character"] = (r => Repair(r, item: "水龙头\u0007"), "repair.item"),
        ["repair symptom empty"] = (r => Repair(r, symptom: ""), "repair.symptom"),
        ["repair symptom 501 characters"] = (r => Repair(r, symptom: new string('漏', 501)), "repair.symptom"),
        ["repair symptom with control character"] = (r => Repair(r, symptom: "滴水\u001b[31m"), "repair.symptom"),
        ["meal portions 0"] = (r => Meal(r, portions: 0), "meal.portions"),
        ["meal portions 11"] = (r => Meal(r, portions: 11), "meal.portions"),
        ["meal diet duplicate"] = (r => Meal(r, diet: [DietNeed.Soft, DietNeed.Soft]), "meal.diet"),
        ["meal diet null"] = (r => r.Meal() with { Meal = r.Meal().Meal! with { Diet = null! } }, "meal.diet"),
        ["meal date missing"] = (r => Without(r.Meal(), "meal", "date"), "meal.date"),
        ["meal date 0001-01-01"] = (r => Meal(r, date: DateOnly.MinValue), "meal.date")
    };

    public static TheoryData<string, string> InvalidBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, (_, field)) in Cases)
        {
            data.Add(name, field);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_with_invalid_body_returns_400_naming_field(string name, string field)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", Cases[name].Body(app.Requests));

        response.ShouldBeInvalidField(field);
    }

    [Fact]
    public async Task Create_with_several_errors_names_every_field()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var request = Repair(app.Requests, item: "", symptom: "") with { WindowEnd = app.Requests.TomorrowAt(9) };

        var response = await resident.PostAsync("/api/bookings", request);

        var errors = response.ShouldBeInvalidField("repair.item")["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("repair.symptom"), response.Body);
        Assert.True(errors.ContainsKey("windowEnd"), response.Body);
    }

    [Theory]
    [InlineData("service", "Spaceship")]
    [InlineData("repair.category", "TimeMachine")]
    [InlineData("meal.fulfilment", "Drone")]
    [InlineData("meal.diet", "[\"Soft\",\"Chocolate\"]")]
    [InlineData("service", "1")]
    public async Task Create_with_unknown_enum_value_returns_400(string path, string value)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var body = JsonNode.Parse(ApiClient.ToJson(path.StartsWith("meal") ? app.Requests.Meal() : app.Requests.Repair()))!;
        var segments = path.Split('.');
        var parent = segments.Length == 1 ? body : body[segments[0]]!;
        parent[segments[^1]] = value.StartsWith('[') || value.All(char.IsAsciiDigit) ? JsonNode.Parse(value) : value;

        var response = await resident.PostAsync("/api/bookings", body);

        response.ShouldHaveStatus(400);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString());
    }

    // A missing enum member would otherwise bind to the enum's first value (a missing
    // bathing.mobility would become Independent), so the detail records require them.
    [Theory]
    [InlineData("housekeeping", "homeSize")]
    [InlineData("repair", "category")]
    [InlineData("meal", "fulfilment")]
    [InlineData("bathing", "mobility")]
    public async Task Create_without_required_enum_returns_400(string details, string field)
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var service = Enum.Parse<ServiceType>(details, ignoreCase: true);

        var response = await resident.PostAsync("/api/bookings", Without(app.Requests.For(service), details, field));

        response.ShouldHaveStatus(400);
        Assert.Equal("Request_InvalidJson", response.Json["code"]!.GetValue<string>());
        Assert.NotNull(response.Json["errors"]![field]);
    }

    [Fact]
    public async Task Create_with_malformed_json_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", "{\"service\": \"Repair\",");

        response.ShouldHaveStatus(400);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString());
        Assert.Equal("Request_InvalidJson", response.Json["code"]!.GetValue<string>());
        Assert.Equal("请求内容不是有效的 JSON（可能不完整或有语法错误），请检查后重试。", response.Json["detail"]!.GetValue<string>());
        Assert.DoesNotContain("$", response.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_with_null_body_returns_400()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);

        var response = await resident.PostAsync("/api/bookings", "null");

        response.ShouldHaveStatus(400);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString());
    }

    private static JsonNode Without(CreateBooking request, string detailsName, string field)
    {
        var body = JsonNode.Parse(ApiClient.ToJson(request))!;
        body[detailsName]!.AsObject().Remove(field);
        return body;
    }

    private static CreateBooking Housekeeping(BookingRequests requests, decimal? hours, decimal? area = null) =>
        requests.Housekeeping() with
        {
            Housekeeping = new HousekeepingDetails(HousekeepingTask.DeepCleaning, hours, area, HomeSize.ThreeBedrooms)
        };

    private static CreateBooking Repair(BookingRequests requests, string item = "鞋跟", string symptom = "鞋跟磨平了") =>
        requests.Repair() with { Repair = new RepairDetails(RepairCategory.ShoeRepair, item, symptom, false) };

    private static CreateBooking Meal(BookingRequests requests, int portions = 1, DietNeed[]? diet = null, DateOnly? date = null) =>
        requests.Meal() with
        {
            Meal = new MealDetails(MealKind.Dinner, date ?? requests.Tomorrow, portions, diet ?? [DietNeed.LowSalt], MealFulfilment.PickUp)
        };
}
