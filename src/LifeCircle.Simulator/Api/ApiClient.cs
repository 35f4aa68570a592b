using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LifeCircle.Simulator.Api;

/// <summary>A failure that a request provokes on purpose: its status and the problem codes that count as expected.</summary>
/// <param name="Required">True when a success is itself a failure of the scenario.</param>
public sealed record ExpectedFailure(int Status, IReadOnlyCollection<string> Codes, bool Required)
{
    public static ExpectedFailure Of(int status, params string[] codes) => new(status, codes, true);

    /// <summary>A failure that may happen, such as the loser's 409 in a race, but need not.</summary>
    public static ExpectedFailure Allowed(int status, params string[] codes) => new(status, codes, false);

    public bool Matches(int status, string? code) => status == Status && (Codes.Count == 0 || (code is not null && Codes.Contains(code)));

    public override string ToString() => Codes.Count == 0 ? $"{Status}" : $"{Status} {string.Join(" or ", Codes)}";
}

/// <summary>
/// The outcome of one request. <see cref="Status"/> is 0 when no response arrived;
/// <see cref="RetryAfter"/> comes from the Retry-After header of a 429.
/// </summary>
public sealed record ApiResult<T>(int Status, T? Value, string? Code, bool Replayed, TimeSpan? RetryAfter = null) where T : class
{
    public bool Succeeded => Status is >= 200 and < 300 && Value is not null;
}

/// <summary>The body type of requests whose response body the simulator does not read.</summary>
public sealed class Ignored
{
    public static readonly Ignored Instance = new();
}

/// <summary>
/// Sends JSON requests to the app and records each one in the <see cref="RequestLog"/>:
/// a failure is expected when it matches the request's <see cref="ExpectedFailure"/>,
/// and unexpected otherwise. Transport errors and timeouts count as unexpected.
/// </summary>
public sealed class ApiClient(HttpClient http, RequestLog log)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ChannelHeader = "X-Channel";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() }
    };

    public RequestLog Log => log;

    /// <summary>
    /// Creates the HTTP client for a loopback base URL. The system proxy is bypassed so that
    /// no request leaves the machine even when HTTP_PROXY is set.
    /// </summary>
    public static HttpClient CreateHttpClient(Uri baseUrl, int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = concurrency * 2 + 4,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5)
        };
        var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("LifeCircle.Simulator", "1.0"));
        return client;
    }

    public Task<ApiResult<T>> GetAsync<T>(string path, string? token, CancellationToken cancellation,
        ExpectedFailure? expected = null) where T : class =>
        SendAsync<T>(HttpMethod.Get, path, null, token, cancellation, expected);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, string? token, CancellationToken cancellation,
        ExpectedFailure? expected = null, IReadOnlyDictionary<string, string>? headers = null) where T : class =>
        SendAsync<T>(HttpMethod.Post, path, body, token, cancellation, expected, headers);

    /// <summary>
    /// Sends one request. <paramref name="path"/> is relative to the base URL, without a
    /// leading slash. Throws only <see cref="OperationCanceledException"/>, when the run is cancelled.
    /// </summary>
    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? token,
        CancellationToken cancellation, ExpectedFailure? expected = null, IReadOnlyDictionary<string, string>? headers = null)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var target = $"{method} /{RouteOf(path)}";
        log.CountRequest();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException e)
        {
            log.Unexpected("no response (connection failed)", $"{target}: {e.Message}");
            return new ApiResult<T>(0, null, null, false);
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            log.Unexpected($"no response within {Timeout.TotalSeconds:0} s", target);
            return new ApiResult<T>(0, null, null, false);
        }

        using (response)
        {
            return await ReadAsync<T>(response, target, expected, cancellation);
        }
    }

    private async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, string target, ExpectedFailure? expected,
        CancellationToken cancellation) where T : class
    {
        var status = (int)response.StatusCode;
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
        if (response.IsSuccessStatusCode)
        {
            if (expected is { Required: true })
            {
                log.Unexpected($"{status} where {expected} was expected", target);
            }

            var value = await ReadBodyAsync<T>(response, cancellation);
            if (value is null)
            {
                log.Unexpected($"{status} with an unreadable body", $"{target}: not a {typeof(T).Name}");
            }

            return new ApiResult<T>(status, value, null, replayed);
        }

        var (code, detail) = await ReadProblemAsync(response, cancellation);
        var kind = code is null ? $"{status}" : $"{status} {code}";
        if (expected?.Matches(status, code) == true)
        {
            log.Expected(kind);
        }
        else
        {
            log.Unexpected(kind, $"{target}: {detail}");
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new ApiResult<T>(status, null, code, replayed, retryAfter);
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpResponseMessage response, CancellationToken cancellation) where T : class
    {
        if (typeof(T) == typeof(Ignored))
        {
            return (T)(object)Ignored.Instance;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellation);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the <c>code</c> extension and the detail of an RFC 9457 problem response, if it is one.</summary>
    private static async Task<(string? Code, string Detail)> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "(empty body)");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Shorten(text));
            }

            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors))
            {
                detail = $"{detail} {errors.GetRawText()}";
            }

            return (code, Shorten(detail ?? text));
        }
        catch (JsonException)
        {
            return (null, Shorten(text));
        }
    }

    /// <summary>Returns the path without its query, so that logged samples carry no phone numbers from queries.</summary>
    private static string RouteOf(string path)
    {
        var query = path.IndexOf('?');
        return query < 0 ? path : path[..query];
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
