using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LifeCircle.Reliability.Scenarios.BadInput;

/// <summary>One malformed or hostile request made from a template.</summary>
public sealed record HostileRequest(RequestTemplate Template, string Category, string Description, Func<HttpContent?> Content)
{
    public override string ToString() => $"{Template.Name} [{Category}] {Description}";
}

/// <summary>
/// Makes hostile variants of the request templates: broken JSON, wrong content types,
/// oversized and deeply nested bodies, invalid UTF-8, and for each field wrong types,
/// missing and null values, control characters, HTML and SQL injection text, extreme
/// numbers and dates, unknown enum values and unknown ids.
/// </summary>
public static class HostileRequests
{
    /// <summary>Bodies over the app's 256 KiB limit must get 413.</summary>
    public const int HugeBodyBytes = 300 * 1024;

    private const string Slot = "__hostile_value_slot__";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] InjectionTexts =
    [
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg/onload=alert(document.cookie)>",
        "'; DROP TABLE lifecircle.mt_events; --",
        "' OR '1'='1' --",
        "1; SELECT pg_sleep(5); --",
        "$$; DELETE FROM lifecircle.mt_streams; $$",
        "{{7*7}}${7*7}<%= 7*7 %>",
        "../../../../etc/passwd",
        "%00%0d%0aSet-Cookie: a=b"
    ];

    private static readonly string[] ControlTexts = ["a\u0000b", "\u0007\u001b[2J\u001b[31m", "line\u0085next", "\u0001\u0002\u0003"];

    private static readonly string[] OddTexts = ["", "   ", "\u202Egnp.exe", "😀🧓🏻\u200d", new string('长', 10_000)];

    private static readonly string[] ExtremeNumbers =
    [
        "-1", "0", "-0.0001", "1e400", "-1e400", "1e-400", "79228162514264337593543950336", "2147483648", "-2147483649",
        "9223372036854775808", "0.000000001", "123456789012.123456789", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\""
    ];

    private static readonly string[] ExtremeDateTimes =
    [
        "\"0001-01-01T00:00:00+08:00\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59-08:00\"", "\"9999-12-31T23:59:59Z\"",
        "\"1900-01-01T10:00:00+08:00\"", "\"2200-01-01T10:00:00+08:00\"", "\"2026-01-01T10:00:00\"", "\"2026-06-01T10:00:00+15:00\""
    ];

    private static readonly string[] ExtremeDates = ["\"0001-01-01\"", "\"9999-12-31\"", "\"1900-01-01\"", "\"2200-01-01\""];

    /// <summary>Generates every variant of every template, in a stable order.</summary>
    public static List<HostileRequest> Generate(IReadOnlyList<RequestTemplate> templates, OpenApiSchemas schemas)
    {
        var requests = new List<HostileRequest>();
        foreach (var template in templates)
        {
            requests.AddRange(Structural(template));
            if (template.Body is not null && JsonNode.Parse(template.Body) is JsonObject body)
            {
                foreach (var field in Fields(body, ""))
                {
                    var kind = schemas.KindOf(template, field.Path) ?? KindOf(field.Node);
                    requests.AddRange(FieldVariants(template, body, field.Path, kind));
                }
            }
        }

        return requests;
    }

    /// <summary>
    /// Picks <paramref name="limit"/> requests so that each template and category comes first
    /// once, in a random order fixed by <paramref name="seed"/>, and the rest follow.
    /// </summary>
    public static List<HostileRequest> Sample(List<HostileRequest> all, int? limit, int seed)
    {
        if (limit is null || limit >= all.Count)
        {
            return all;
        }

        var random = new Random(seed);
        return all.Select(r => (Request: r, Order: random.Next()))
            .GroupBy(x => (x.Request.Template.Name, x.Request.Category))
            .SelectMany(g => g.OrderBy(x => x.Order).Select((x, rank) => (x.Request, Rank: rank, x.Order)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Order)
            .Take(limit.Value)
            .Select(x => x.Request)
            .ToList();
    }

    private static IEnumerable<HostileRequest> Structural(RequestTemplate template)
    {
        var body = template.Body ?? "{}";
        var rejected = template.Rejection is not null;
        HostileRequest Make(string category, string description, Func<HttpContent?> content) =>
            new(template, category, description, content);

        yield return Make("syntax", "empty body", () => Json(""));
        yield return Make("syntax", "truncated JSON", () => Json(body[..^1]));
        yield return Make("syntax", "trailing garbage", () => Json(body + "}}]"));
        yield return Make("syntax", "single quotes", () => Json(body.Replace('"', '\'')));
        yield return Make("syntax", "comment before the object", () => Json("/* hostile */" + body));
        yield return Make("syntax", "NaN literal", () => Json(AddProperty(body, "\"n\":NaN")));
        yield return Make("syntax", "unquoted property name", () => Json(AddProperty(body, "hostile:1")));
        yield return Make("wrong root", "JSON null", () => Json("null"));
        yield return Make("wrong root", "JSON array", () => Json("[" + body + "]"));
        yield return Make("wrong root", "JSON string", () => Json("\"" + body.Replace("\"", "\\\"") + "\""));
        yield return Make("wrong root", "JSON number", () => Json("42"));
        yield return Make("deep JSON", "100 nested arrays", () => Json(new string('[', 100) + new string(']', 100)));
        yield return Make("deep JSON", "100 nested objects in an extra field",
            () => Json(AddProperty(body, "\"deep\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100))));
        yield return Make("huge body", "300 KiB with Content-Length", () => Json(AddProperty(body, $"\"padding\":\"{new string('x', HugeBodyBytes)}\"")));
        yield return Make("huge body", "300 KiB chunked", () => new ChunkedContent(Encoding.UTF8.GetBytes(
            AddProperty(body, $"\"padding\":\"{new string('x', HugeBodyBytes)}\""))));
        yield return Make("content type", "text/plain", () => new StringContent(body, Encoding.UTF8, "text/plain"));
        yield return Make("content type", "application/xml",
            () => new StringContent("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                Encoding.UTF8, "application/xml"));
        yield return Make("content type", "form-urlencoded",
            () => new FormUrlEncodedContent([new KeyValuePair<string, string>("reason", "x")]));

        if (!rejected)
        {
            yield break;
        }

        // Well-formed bodies that only the template's own rejection stops.
        yield return Make("encoding", "UTF-8 byte order mark", () => Bytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(body)]));
        yield return Make("encoding", "UTF-16 body with charset", () => new StringContent(body, Encoding.Unicode, "application/json"));
        yield return Make("encoding", "unknown charset", () => WithType(Json(body), "application/json; charset=klingon"));
        yield return Make("extra fields", "privilege and type fields",
            () => Json(AddProperty(body,
                "\"isAdmin\":true,\"role\":\"admin\",\"tenantId\":\"2102\",\"__proto__\":{\"polluted\":true},\"$type\":\"System.IO.FileInfo, System.IO.FileSystem\"")));
        yield return Make("extra fields", "duplicate keys", () => Json(DuplicateFirstProperty(body)));
        yield return Make("missing fields", "empty object", () => Json("{}"));
    }

    private static IEnumerable<HostileRequest> FieldVariants(RequestTemplate template, JsonObject body, string path, FieldKind kind)
    {
        var rejected = template.Rejection is not null;
        var guarded = template.GuardedPaths.Any(g => path == g || path.StartsWith(g + ".", StringComparison.Ordinal)
                                                     || path.StartsWith(g + "[", StringComparison.Ordinal));
        HostileRequest Raw(string category, string value) =>
            new(template, category, $"{path} = {Shorten(value)}", () => Json(Replace(body, path, value)));

        foreach (var value in WrongTypes(kind))
        {
            yield return Raw("wrong type", value);
        }

        if (kind is FieldKind.Text or FieldKind.Uuid or FieldKind.Date or FieldKind.DateTime or FieldKind.Enum)
        {
            yield return new HostileRequest(template, "invalid UTF-8", $"{path} contains bytes C3 28 FF",
                () => Bytes(ReplaceWithBytes(body, path, [(byte)'"', 0xC3, 0x28, 0xFF, (byte)'"'])));
        }

        if (template.InvalidValues?.TryGetValue(path, out var invalid) == true)
        {
            foreach (var value in invalid)
            {
                yield return Raw("invalid value", value);
            }
        }

        if (!rejected || guarded)
        {
            yield break;
        }

        yield return new HostileRequest(template, "missing field", $"{path} left out", () => Json(Remove(body, path)));
        yield return Raw("null", "null");
        var extremes = kind switch
        {
            FieldKind.Text => InjectionTexts.Select(t => ("injection", t)).Concat(ControlTexts.Select(t => ("control characters", t)))
                .Concat(OddTexts.Select(t => ("odd text", t))).Select(x => (x.Item1, JsonSerializer.Serialize(x.Item2))),
            FieldKind.Number => ExtremeNumbers.Select(n => ("extreme number", n)),
            FieldKind.DateTime => ExtremeDateTimes.Select(d => ("extreme date", d)),
            FieldKind.Date => ExtremeDates.Select(d => ("extreme date", d)),
            FieldKind.Uuid => [("unknown id", $"\"{Guid.NewGuid()}\""), ("unknown id", "\"00000000-0000-0000-0000-000000000000\"")],
            FieldKind.Enum => InjectionTexts.Take(2).Select(t => ("unknown enum value", JsonSerializer.Serialize(t))),
            FieldKind.Array => [("odd array", "[]"), ("odd array", "[null]"), ("odd array", "[" + string.Join(",", Enumerable.Repeat("null", 2000)) + "]")],
            FieldKind.Object => [("odd object", "{}")],
            _ => []
        };
        foreach (var (category, value) in extremes)
        {
            yield return Raw(category, value);
        }
    }

    /// <summary>JSON values of another type than the field's, which no binder may accept.</summary>
    private static string[] WrongTypes(FieldKind kind) => kind switch
    {
        FieldKind.Text => ["12345", "true", "{\"a\":1}", "[\"x\"]"],
        FieldKind.Number => ["\"abc\"", "true", "{}", "[1]", "\"12abc\""],
        FieldKind.Bool => ["\"yes\"", "1", "{}"],
        FieldKind.Uuid => ["\"not-a-guid\"", "12345", "\"12345678-1234-1234-1234-12345678\""],
        FieldKind.DateTime => ["\"not-a-date\"", "\"2026-13-45T25:61:00+08:00\"", "1733300000"],
        FieldKind.Date => ["\"31/12/2026\"", "\"2026-02-30\"", "20261231"],
        FieldKind.Enum => ["\"Teleport\"", "99", "\"\"", "true"],
        FieldKind.Array => ["{\"a\":1}", "\"x\"", "5"],
        FieldKind.Object => ["[]", "\"x\"", "5"],
        _ => []
    };

    private static IEnumerable<(string Path, JsonNode? Node)> Fields(JsonNode node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                    yield return (path, value);
                    if (value is JsonObject or JsonArray)
                    {
                        foreach (var inner in Fields(value, path))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray { Count: > 0 } array:
                var first = $"{prefix}[0]";
                yield return (first, array[0]);
                if (array[0] is JsonObject)
                {
                    foreach (var inner in Fields(array[0]!, first))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static FieldKind KindOf(JsonNode? node) => node switch
    {
        JsonObject => FieldKind.Object,
        JsonArray => FieldKind.Array,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => FieldKind.Text,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => FieldKind.Number,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => FieldKind.Bool,
        _ => FieldKind.Text
    };

    private static string Replace(JsonObject body, string path, string rawValue) =>
        WithSlot(body, path).Replace($"\"{Slot}\"", rawValue, StringComparison.Ordinal);

    private static byte[] ReplaceWithBytes(JsonObject body, string path, byte[] rawValue)
    {
        var text = WithSlot(body, path);
        var at = text.IndexOf($"\"{Slot}\"", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. rawValue, .. Encoding.UTF8.GetBytes(text[(at + Slot.Length + 2)..])];
    }

    private static string WithSlot(JsonObject body, string path)
    {
        var copy = body.DeepClone().AsObject();
        var (parent, key, index) = Locate(copy, path);
        if (index is { } i)
        {
            parent.AsArray()[i] = Slot;
        }
        else
        {
            parent.AsObject()[key!] = Slot;
        }

        return copy.ToJsonString(Compact);
    }

    private static string Remove(JsonObject body, string path)
    {
        var copy = body.DeepClone().AsObject();
        var (parent, key, index) = Locate(copy, path);
        if (index is { } i)
        {
            parent.AsArray().RemoveAt(i);
        }
        else
        {
            parent.AsObject().Remove(key!);
        }

        return copy.ToJsonString(Compact);
    }

    /// <summary>Finds the parent of the node at a path such as <c>repair.item</c> or <c>charges[0].quantity</c>.</summary>
    private static (JsonNode Parent, string? Key, int? Index) Locate(JsonObject root, string path)
    {
        JsonNode current = root;
        var segments = path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.');
        for (var s = 0; s < segments.Length - 1; s++)
        {
            current = segments[s] == "[0]" ? current.AsArray()[0]! : current.AsObject()[segments[s]]!;
        }

        var last = segments[^1];
        return last == "[0]" ? (current, null, 0) : (current, last, null);
    }

    private static string AddProperty(string body, string property)
    {
        var trimmed = body.TrimStart();
        if (!trimmed.StartsWith('{'))
        {
            return "{" + property + "}";
        }

        var rest = trimmed[1..].TrimStart();
        return rest.StartsWith('}') ? "{" + property + rest : "{" + property + "," + rest;
    }

    private static string DuplicateFirstProperty(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject { Count: > 0 } obj)
        {
            return body;
        }

        var (name, value) = obj.First();
        return AddProperty(body, $"{JsonSerializer.Serialize(name)}:{value?.ToJsonString(Compact) ?? "null"}");
    }

    private static StringContent Json(string text) => new(text, new UTF8Encoding(false), "application/json");

    private static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpContent WithType(HttpContent content, string contentType)
    {
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "…";

    /// <summary>A body sent without Content-Length, so HTTP/1.1 uses chunked transfer encoding.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
