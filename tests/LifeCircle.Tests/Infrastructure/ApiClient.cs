using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using LifeCircle.Core.Http;
using Microsoft.AspNetCore.Http;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>
/// Sends API requests through the Alba host as one signed-in caller (or anonymously), with
/// headers that every request of this client carries. Status codes are never checked here:
/// tests assert on the returned <see cref="ApiResponse"/>.
/// </summary>
public sealed class ApiClient
{
    private readonly IAlbaHost _host;
    private readonly ImmutableDictionary<string, string> _headers;

    public ApiClient(IAlbaHost host, string? accessToken)
        : this(host, accessToken, ImmutableDictionary<string, string>.Empty)
    {
    }

    private ApiClient(IAlbaHost host, string? accessToken, ImmutableDictionary<string, string> headers)
    {
        _host = host;
        AccessToken = accessToken;
        _headers = headers;
    }

    public string? AccessToken { get; }

    /// <summary>The host this client sends to, for helpers that need a second caller on it.</summary>
    public IAlbaHost Host => _host;

    /// <summary>Returns a copy of this client that sends one more header on every request.</summary>
    public ApiClient WithHeader(string name, string value) => new(_host, AccessToken, _headers.SetItem(name, value));

    public Task<ApiResponse> GetAsync(string url, params (string Name, string Value)[] headers) =>
        SendAsync(x => x.Get.Url(url), headers);

    /// <summary>
    /// Posts <paramref name="body"/> as JSON: a string is sent as it is, a <see cref="JsonNode"/>
    /// as its text, anything else serialized with the API's JSON settings; null sends no body.
    /// </summary>
    public Task<ApiResponse> PostAsync(string url, object? body = null, params (string Name, string Value)[] headers) =>
        body is null
            ? SendAsync(x => x.Post.Url(url), headers)
            : SendAsync(x => x.Post.RawJson(ToJson(body)).ToUrl(url), headers);

    public Task<ApiResponse> PutAsync(string url, object body, params (string Name, string Value)[] headers) =>
        SendAsync(x => x.Put.RawJson(ToJson(body)).ToUrl(url), headers);

    public async Task<ApiResponse> SendAsync(Action<Scenario> request, params (string Name, string Value)[] headers)
    {
        var result = await _host.Scenario(x =>
        {
            request(x);
            x.IgnoreStatusCode();
            if (AccessToken is not null)
            {
                x.WithBearerToken(AccessToken);
            }

            foreach (var (name, value) in _headers)
            {
                x.WithRequestHeader(name, value);
            }

            foreach (var (name, value) in headers)
            {
                x.WithRequestHeader(name, value);
            }
        });

        var response = result.Context.Response;
        return new ApiResponse(response.StatusCode, await result.ReadAsTextAsync(), response.Headers);
    }

    public static string ToJson(object body) => body switch
    {
        string text => text,
        JsonNode node => node.ToJsonString(),
        _ => JsonSerializer.Serialize(body, body.GetType(), ApiJson.Options)
    };
}

/// <summary>A finished HTTP exchange: status code, body text and response headers.</summary>
public sealed class ApiResponse(int status, string body, IHeaderDictionary headers)
{
    public int Status { get; } = status;

    public string Body { get; } = body;

    public IHeaderDictionary Headers { get; } = headers;

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The response body is the JSON literal null.");

    public T As<T>() => JsonSerializer.Deserialize<T>(Body, ApiJson.Options)
                        ?? throw new InvalidOperationException($"The response body is not a {typeof(T).Name}: {Body}");

    /// <summary>Fails the test, showing the body, unless the status code is <paramref name="expected"/>.</summary>
    public ApiResponse ShouldHaveStatus(int expected)
    {
        if (Status != expected)
        {
            Assert.Fail($"Expected HTTP {expected} but got {Status}. Body: {Body}");
        }

        return this;
    }

    public override string ToString() => $"{Status} {Body}";
}
