using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LifeCircle.Bench.Load;

/// <summary>The outcome of one request: the HTTP status (0 when no response came) and what the caller needs from the body.</summary>
public readonly record struct CallResult(int Status, string? Failure = null, Guid Id = default, long Count = 0)
{
    public string Outcome => Failure ?? Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One virtual client: its own HttpClient with one connection to the app, signed in as one
/// account. Only loopback addresses are accepted.
/// </summary>
public sealed partial class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, TimeSpan timeout)
    {
        if (!IPAddress.TryParse(baseAddress.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"The load driver only sends to a loopback address, not to {baseAddress}.");
        }

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public string Name { get; private set; } = "anonymous";

    /// <summary>Signs in with a one-time code, read back from the development SMS endpoint.</summary>
    public async Task SignInWithCodeAsync(string phone, string role, CancellationToken cancellation)
    {
        using (var sent = await _http.PostAsync("/api/auth/code", Json(new { phone }), cancellation))
        {
            await EnsureAsync(sent, $"sending a code to {phone}", cancellation);
        }

        var sms = await _http.GetFromJsonAsync<JsonElement>($"/dev/sms/{phone}", cancellation);
        var code = SixDigits().Match(sms.GetProperty("text").GetString() ?? "").Value;
        if (code.Length != 6)
        {
            throw new InvalidOperationException($"The development SMS to {phone} has no 6-digit code.");
        }

        await SignInAsync("/api/auth/token", new { phone, code, role }, $"{role} {phone}", cancellation);
    }

    public Task SignInWithPasswordAsync(string userName, string password, CancellationToken cancellation) =>
        SignInAsync("/api/auth/password", new { userName, password }, userName, cancellation);

    private async Task SignInAsync(string path, object body, string name, CancellationToken cancellation)
    {
        using var response = await _http.PostAsync(path, Json(body), cancellation);
        await EnsureAsync(response, $"signing in as {name}", cancellation);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("accessToken").GetString();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Name = name;
    }

    /// <summary>Creates a booking; returns 201 and the new booking's id on success.</summary>
    public Task<CallResult> CreateBookingAsync(byte[] body, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/bookings") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return SendAsync(request, ReadId, cancellation);
    }

    public Task<CallResult> AcceptAsync(Guid bookingId, CancellationToken cancellation) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/bookings/{bookingId}/accept"), null, cancellation);

    public Task<CallResult> GetBookingAsync(Guid bookingId, CancellationToken cancellation) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/bookings/{bookingId}"), null, cancellation);

    /// <summary>Reads the administrator dashboard of one day; returns its count of requested bookings.</summary>
    public Task<CallResult> GetRequestedOnDashboardAsync(string day, CancellationToken cancellation) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/dashboard/{day}"), ReadRequested, cancellation);

    public async Task<string> GetTextAsync(string path, CancellationToken cancellation) => await _http.GetStringAsync(path, cancellation);

    private async Task<CallResult> SendAsync(HttpRequestMessage request, Func<byte[], CallResult, CallResult>? read,
        CancellationToken cancellation)
    {
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
                var body = await response.Content.ReadAsByteArrayAsync(cancellation);
                var result = new CallResult((int)response.StatusCode);
                return response.IsSuccessStatusCode && read is not null ? read(body, result) : result;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return new CallResult(0, "timeout");
            }
            catch (HttpRequestException e)
            {
                return new CallResult(0, $"connection error ({e.HttpRequestError})");
            }
        }
    }

    private static CallResult ReadId(byte[] body, CallResult result)
    {
        using var document = JsonDocument.Parse(body);
        return result with { Id = document.RootElement.GetProperty("id").GetGuid() };
    }

    private static CallResult ReadRequested(byte[] body, CallResult result)
    {
        using var document = JsonDocument.Parse(body);
        return result with { Count = document.RootElement.GetProperty("requested").GetInt64() };
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellation)
    {
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellation);
            throw new InvalidOperationException($"{what} failed with {(int)response.StatusCode}: {detail}");
        }
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();

    public void Dispose() => _http.Dispose();
}
