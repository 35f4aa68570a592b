namespace LifeCircle.Reliability.Scenarios.BadInput;

public enum CallerRole
{
    Anonymous,
    Resident,
    Provider,
    Operator,
    Admin
}

/// <summary>
/// A well-formed request to one POST or PUT endpoint that the app must still reject, so
/// that every variant made from it must be rejected too.
/// </summary>
/// <param name="Route">The route as the OpenAPI document writes it, e.g. <c>/api/bookings/{bookingId}/cancel</c>.</param>
/// <param name="Path">The concrete path sent; ids in it name nothing that exists.</param>
/// <param name="Body">The JSON body, or null for endpoints that take none.</param>
/// <param name="Rejection">
/// Why the app rejects the template even when the mutated field is valid (an unknown id, a
/// missing consent). Null when nothing but the field itself can make the request invalid;
/// such templates only get variants that are invalid on their own.
/// </param>
/// <param name="Guarded">JSON paths that carry the rejection; only type-breaking variants touch them.</param>
/// <param name="InvalidValues">For templates without a rejection: raw JSON values that each field must reject.</param>
public sealed record RequestTemplate(
    string Method,
    string Route,
    string Path,
    CallerRole Role,
    string? Body,
    string? Rejection,
    IReadOnlyList<string>? Guarded = null,
    IReadOnlyDictionary<string, string[]>? InvalidValues = null)
{
    public IReadOnlyList<string> GuardedPaths => Guarded ?? [];
    public string Name => $"{Method} {Route}";
}

/// <summary>
/// One template per POST and PUT endpoint of the API. Each must be rejected as it is:
/// ids in paths and bodies are random, consent flags are false, passwords are wrong, and a
/// community code names no community. The bodies are otherwise well-formed, so the variants
/// test one broken thing at a time.
/// </summary>
public static class RequestTemplates
{
    /// <summary>Phones that no account uses and that never requested a sign-in code.</summary>
    private const string UnusedPhone = "13904009999";

    /// <summary>A community code of the right form (12 digits, Shenyang's 2101…) that names no community.</summary>
    private const string UnknownCommunity = "210102999999";

    public static IReadOnlyList<RequestTemplate> All(DateOnly tomorrow)
    {
        string Id() => Guid.NewGuid().ToString();
        var day = tomorrow.ToString("yyyy-MM-dd");
        var window = $"\"windowStart\":\"{day}T10:00:00+08:00\",\"windowEnd\":\"{day}T12:00:00+08:00\"";
        var unknownId = "an id that names nothing";

        return
        [
            // Residents
            new("POST", "/api/residents/me/erasure", "/api/residents/me/erasure", CallerRole.Resident,
                """{"reason":"不再使用本平台"}""", null,
                InvalidValues: new Dictionary<string, string[]>
                {
                    ["reason"] = ["null", "\"\"", "\"   \"", "\"原因\\u0000\"", "\"\\u0007\\u001b[2J\"", $"\"{new string('长', 201)}\""]
                }),
            new("POST", "/api/residents/{id}/erasure", $"/api/residents/{Id()}/erasure", CallerRole.Operator,
                """{"reason":"来电本人要求删除"}""", unknownId),
            new("POST", "/api/residents/me/guardians", "/api/residents/me/guardians", CallerRole.Resident,
                $$"""{"phone":"{{UnusedPhone}}","relationship":"儿子","consentGiven":false}""", "consent not given",
                ["consentGiven"]),
            new("POST", "/api/residents/{id}/guardians", $"/api/residents/{Id()}/guardians", CallerRole.Operator,
                $$"""{"phone":"{{UnusedPhone}}","relationship":"女儿","consentGiven":true}""", unknownId),
            new("PUT", "/api/residents/me", "/api/residents/me", CallerRole.Resident,
                $$"""{"name":"王秀兰","communityCode":"{{UnknownCommunity}}","address":"水源地社区3号楼","birthYear":1939,"livesAlone":true,"hasDisability":false,"landline":null}""",
                "unknown community", ["communityCode"]),
            new("PUT", "/api/residents/me/elder-attributes", "/api/residents/me/elder-attributes", CallerRole.Resident,
                """{"livesAlone":true,"hasDisability":false,"mobility":"Independent","diet":["Soft"],"consentGiven":false}""",
                "consent not given", ["consentGiven"]),
            new("PUT", "/api/residents/{id}/elder-attributes", $"/api/residents/{Id()}/elder-attributes", CallerRole.Operator,
                """{"livesAlone":true,"hasDisability":true,"mobility":"WheelchairUser","diet":["LowSalt"],"consentGiven":true}""", unknownId),
            new("POST", "/api/residents", "/api/residents", CallerRole.Operator,
                $$"""{"name":"来电老人","phone":"{{UnusedPhone}}","communityCode":"{{UnknownCommunity}}","address":"某小区1号楼","birthYear":1942,"livesAlone":true,"hasDisability":false,"landline":null,"mobility":"NeedsAssistance","diet":["Soft"],"verbalConsent":true}""",
                "unknown community", ["communityCode"]),

            // Providers and prices
            new("POST", "/api/providers", "/api/providers", CallerRole.Admin,
                $$"""{"name":"可靠性测试服务商","kind":"Company","services":["Repair"],"serviceArea":["{{UnknownCommunity}}"],"phone":"{{UnusedPhone}}"}""",
                "unknown community in the service area", ["serviceArea"]),
            new("PUT", "/api/providers/{providerId}/services", $"/api/providers/{Id()}/services", CallerRole.Admin,
                """{"services":["Repair","Housekeeping"],"serviceArea":[]}""", unknownId),
            new("POST", "/api/providers/{providerId}/staff", $"/api/providers/{Id()}/staff", CallerRole.Admin,
                """{"name":"张师傅","services":["Repair"]}""", unknownId),
            new("POST", "/api/providers/{providerId}/staff/{staffId}/credentials", $"/api/providers/{Id()}/staff/{Id()}/credentials",
                CallerRole.Admin, """{"kind":"HealthCertificate","number":"HC-2026-001","expiresOn":"2027-12-31"}""", unknownId),
            new("POST", "/api/providers/{providerId}/verify", $"/api/providers/{Id()}/verify", CallerRole.Admin, null, unknownId),
            new("POST", "/api/providers/{providerId}/suspend", $"/api/providers/{Id()}/suspend", CallerRole.Admin,
                """{"reason":"多次投诉"}""", unknownId),
            new("POST", "/api/providers/{providerId}/reinstate", $"/api/providers/{Id()}/reinstate", CallerRole.Admin, null, unknownId),
            new("PUT", "/api/guidance-prices/{comparable}", "/api/guidance-prices/Not%20A%20Key%21", CallerRole.Admin,
                """{"price":30}""", "guidance price key of the wrong form"),
            new("POST", "/api/providers/{providerId}/price-card", $"/api/providers/{Id()}/price-card", CallerRole.Provider,
                """{"items":[{"code":"R01","service":"Repair","name":"更换水龙头","includes":"人工","unit":"次","unitKind":"PerJob","price":30,"fee":null,"comparable":"faucet","freeDistanceKm":null}],"effectiveFrom":null}""",
                unknownId),
            new("POST", "/api/providers/{providerId}/price-card/items/{code}/withdraw", $"/api/providers/{Id()}/price-card/items/R01/withdraw",
                CallerRole.Provider, null, unknownId),

            // Sign-in
            new("POST", "/api/auth/code", "/api/auth/code", CallerRole.Anonymous, """{"phone":"12345"}""", null,
                InvalidValues: new Dictionary<string, string[]>
                {
                    ["phone"] =
                    [
                        "null", "\"\"", "\"12345\"", "\"<script>alert(1)</script>\"", "\"' OR '1'='1\"", "\"13904001001; DROP TABLE x\"",
                        "\"1390400100\\u0000\"", "\"99999999999999999999\"", "\"+861390400\"", "\"abcdefghijk\""
                    ]
                }),
            new("POST", "/api/auth/token", "/api/auth/token", CallerRole.Anonymous,
                $$"""{"phone":"{{UnusedPhone}}","code":"000000","role":"resident"}""", "no code was sent to this phone"),
            new("POST", "/api/auth/password", "/api/auth/password", CallerRole.Anonymous,
                """{"userName":"operator1","password":"not-the-password"}""", "wrong password"),

            // Bookings
            new("POST", "/api/bookings", "/api/bookings", CallerRole.Operator,
                $$"""{"service":"Repair","residentId":"{{Id()}}","providerId":null,"communityCode":null,{{window}},"repair":{"category":"Plumbing","item":"水龙头","symptom":"一直滴水","partsMayBeNeeded":true} }""",
                "unknown resident", ["residentId"]),
            new("POST", "/api/bookings", "/api/bookings", CallerRole.Operator,
                $$"""{"service":"Housekeeping","residentId":"{{Id()}}","communityCode":"210102003001",{{window}},"housekeeping":{"task":"DeepCleaning","hours":null,"areaSquareMetres":60.5,"homeSize":"TwoBedrooms"} }""",
                "unknown resident", ["residentId"]),
            new("POST", "/api/bookings", "/api/bookings", CallerRole.Operator,
                $$"""{"service":"Meal","residentId":"{{Id()}}","meal":{"meal":"Lunch","date":"{{day}}","portions":2,"diet":["Soft","LowSalt"],"fulfilment":"Delivery"} }""",
                "unknown resident", ["residentId"]),
            new("POST", "/api/bookings", "/api/bookings", CallerRole.Operator,
                $$"""{"service":"Bathing","residentId":"{{Id()}}","providerId":"{{Id()}}",{{window}},"bathing":{"mode":"InHome","mobility":"NeedsAssistance"},"items":[{"code":"B01","quantity":1}]}""",
                "unknown resident", ["residentId"]),
            new("POST", "/api/quotes", "/api/quotes", CallerRole.Resident,
                $$"""{"service":"Repair","providerId":"{{Id()}}","items":[{"code":"R01","quantity":1.5}]}""",
                "unknown provider", ["providerId"]),
            new("POST", "/api/bookings/{bookingId}/accept", $"/api/bookings/{Id()}/accept", CallerRole.Provider, null, unknownId),
            new("POST", "/api/bookings/{bookingId}/start", $"/api/bookings/{Id()}/start", CallerRole.Provider, null, unknownId),
            new("POST", "/api/bookings/{bookingId}/staff", $"/api/bookings/{Id()}/staff", CallerRole.Provider,
                $$"""{"staffId":"{{Id()}}"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/decline", $"/api/bookings/{Id()}/decline", CallerRole.Provider,
                """{"reason":"今天排满了"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/cancel", $"/api/bookings/{Id()}/cancel", CallerRole.Resident,
                """{"reason":"不需要了"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/reschedule", $"/api/bookings/{Id()}/reschedule", CallerRole.Resident,
                $$"""{{{window}},"mealDate":null,"meal":null,"reason":"改到下午"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/complete", $"/api/bookings/{Id()}/complete", CallerRole.Provider,
                """{"charges":[{"item":"修水龙头","quantity":1,"unit":"次","unitPrice":30,"itemCode":null}],"note":"已修好"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/settle", $"/api/bookings/{Id()}/settle", CallerRole.Provider,
                """{"method":"Cash","amount":30}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/no-show", $"/api/bookings/{Id()}/no-show", CallerRole.Provider,
                """{"absent":"Resident","note":"敲门无人应答"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/charge-proposals", $"/api/bookings/{Id()}/charge-proposals", CallerRole.Provider,
                """{"kind":"Extra","lines":[{"item":"更换阀芯","quantity":1,"unit":"个","unitPrice":15,"itemCode":null}],"reason":"阀芯老化"}""",
                unknownId),
            new("POST", "/api/bookings/{bookingId}/charge-proposals/{proposalId}/approve",
                $"/api/bookings/{Id()}/charge-proposals/{Id()}/approve", CallerRole.Resident, null, unknownId),
            new("POST", "/api/bookings/{bookingId}/charge-proposals/{proposalId}/reject",
                $"/api/bookings/{Id()}/charge-proposals/{Id()}/reject", CallerRole.Resident, """{"reason":"太贵了"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/bathing-assessment", $"/api/bookings/{Id()}/bathing-assessment", CallerRole.Provider,
                """{"mobility":"NeedsAssistance","summary":"可扶墙站立，需要洗澡椅"}""", unknownId),
            new("POST", "/api/bookings/{bookingId}/bathing-agreement", $"/api/bookings/{Id()}/bathing-agreement", CallerRole.Provider,
                """{"agreementNumber":"AG-2026-0001"}""", unknownId)
        ];
    }
}
