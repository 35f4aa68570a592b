using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LifeCircle.Reliability.Infrastructure;

/// <summary>One HTTP response, or a transport failure (status 0) when none came.</summary>
public sealed record Reply(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers, string? Error = null)
{
    public bool IsTransportFailure => Status == 0;
    public bool IsServerError => Status >= 500;
    public bool IsSuccess => Status is >= 200 and < 300;

    public JsonNode? Json
    {
        get
        {
            try
            {
                return Body.Length == 0 ? null : JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// True for an RFC 9457 response: content type <c>application/problem+json</c> and a JSON
    /// object whose <c>status</c> equals the HTTP status and whose <c>detail</c> is not empty.
    /// It must also have the app's <c>code</c> extension: a framework default problem that the
    /// app did not localize has none.
    /// </summary>
    public bool IsProblemDetails =>
        ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true
        && Json is JsonObject body
        && body["status"] is JsonValue status && status.TryGetValue<int>(out var code) && code == Status
        && body["detail"] is JsonValue detail && detail.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
        && body["code"] is JsonValue name && name.TryGetValue<string>(out var codeName) && !string.IsNullOrWhiteSpace(codeName);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public string Describe(int maxBody = 300) =>
        IsTransportFailure ? $"no response ({Error})" : $"{Status} {ContentType} {Shorten(Body, maxBody)}";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}

/// <summary>
/// A small client for the LifeCircle API on one or more nodes: sign-in helpers and raw
/// requests that never throw for HTTP errors, so the scenarios can count every response.
/// </summary>
public sealed partial class ApiClient : IDisposable
{
    public const string DemoPassword = "LifeCircle-2026";

    private readonly HttpClient _http;

    public ApiClient(TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            AllowAutoRedirect = false
        };
        _http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    public Task<Reply> GetAsync(Uri node, string path, string? token, CancellationToken cancellation) =>
        SendAsync(node, HttpMethod.Get, path, token, null, cancellation);

    public Task<Reply> PostJsonAsync(Uri node, string path, string? token, object? body, CancellationToken cancellation,
        IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(node, HttpMethod.Post, path, token, body is null ? null : Json(body), cancellation, headers);

    /// <summary>Sends one request and returns its response; a connection or timeout failure becomes status 0.</summary>
    public async Task<Reply> SendAsync(Uri node, HttpMethod method, string path, string? token, HttpContent? content,
        CancellationToken cancellation, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(node, path)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            var all = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, all);
        }
        catch (HttpRequestException e)
        {
            return new Reply(0, null, "", new Dictionary<string, string>(), Messages(e));
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            // A connection that the server's death resets while it is being set up can surface
            // unwrapped, for example as ENOTCONN from Socket.RemoteEndPoint.
            return new Reply(0, null, "", new Dictionary<string, string>(), Messages(e));
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            return new Reply(0, null, "", new Dictionary<string, string>(), "timed out: " + e.Message);
        }
    }

    private static string Messages(Exception e) =>
        e.InnerException is null ? e.Message : $"{e.Message} ({Messages(e.InnerException)})";

    public static StringContent Json(object body) =>
        new(body is string text ? text : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Signs in an operator or administrator by password and returns the bearer token.</summary>
    public async Task<string> SignInWithPasswordAsync(Uri node, string userName, CancellationToken cancellation)
    {
        var reply = await PostJsonAsync(node, "/api/auth/password", null,
            new { userName, password = DemoPassword }, cancellation);
        return TokenOf(reply, userName);
    }

    /// <summary>
    /// Signs in a resident or provider by one-time code, read back from the development SMS
    /// endpoint, and returns the bearer token.
    /// </summary>
    public async Task<string> SignInWithCodeAsync(Uri node, string phone, string role, CancellationToken cancellation)
    {
        var sent = await PostJsonAsync(node, "/api/auth/code", null, new { phone }, cancellation);
        if (sent.Status != 202)
        {
            throw new InvalidOperationException($"Requesting a sign-in code for {phone} failed: {sent.Describe()}");
        }

        var sms = await GetAsync(node, $"/dev/sms/{phone}", null, cancellation);
        var text = sms.Json?["text"]?.GetValue<string>() ?? "";
        var code = SixDigits().Match(text);
        if (!code.Success)
        {
            throw new InvalidOperationException($"No sign-in code found for {phone}: {sms.Describe()}");
        }

        var reply = await PostJsonAsync(node, "/api/auth/token", null, new { phone, code = code.Value, role }, cancellation);
        return TokenOf(reply, phone);
    }

    public void Dispose() => _http.Dispose();

    private static string TokenOf(Reply reply, string account) =>
        reply.Json?["accessToken"]?.GetValue<string>()
        ?? throw new InvalidOperationException($"Sign-in of {account} failed: {reply.Describe()}");

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
