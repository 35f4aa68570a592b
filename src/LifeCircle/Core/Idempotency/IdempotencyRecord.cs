using System.Security.Cryptography;
using System.Text.Json;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Core.Idempotency;

/// <summary>
/// The first response to a request that carried an <c>Idempotency-Key</c>. It is inserted in
/// the same transaction as the request's events, so a key maps to exactly one outcome: a
/// concurrent duplicate fails on the unique id at commit and gets a 409.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The account id and the key, so keys of different callers never collide.</summary>
    public string Id { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int StatusCode { get; set; }
    public string? Location { get; set; }
    public string ResponseJson { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The idempotency key of a request and the hash of its body.</summary>
public sealed record IdempotencyKey(string RecordId, string RequestHash)
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 128;

    /// <summary>Reads the key header; returns null when absent and a problem when malformed.</summary>
    public static (IdempotencyKey? Key, ProblemDetails? Problem) Read<T>(HttpRequest request, Caller caller, T command)
    {
        var raw = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(raw))
        {
            return (null, null);
        }

        if (raw.Length > MaxLength || raw.Any(c => c < 0x21 || c > 0x7E))
        {
            return (null, Problems.BadRequest("Idempotency_KeyInvalid", MaxLength));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(command);
        return (new IdempotencyKey($"{caller.Actor.AccountId:N}:{raw}", Convert.ToHexString(SHA256.HashData(body))), null);
    }

    public IdempotencyRecord Complete(int statusCode, string? location, object response, DateTimeOffset now) => new()
    {
        Id = RecordId,
        RequestHash = RequestHash,
        StatusCode = statusCode,
        Location = location,
        ResponseJson = JsonSerializer.Serialize(response, ApiJson.Options),
        CreatedAt = now
    };
}

/// <summary>Writes a stored first response again, byte for byte.</summary>
public sealed class ReplayedResult(IdempotencyRecord record) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = record.StatusCode;
        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null)
        {
            httpContext.Response.Headers.Location = record.Location;
        }

        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await httpContext.Response.WriteAsync(record.ResponseJson);
    }
}
