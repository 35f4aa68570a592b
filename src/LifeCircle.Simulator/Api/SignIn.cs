using System.Text.RegularExpressions;

namespace LifeCircle.Simulator.Api;

/// <summary>Stops the run with a message for the user, when the app cannot be driven at all.</summary>
public sealed class SimulationAbortedException(string message) : Exception(message);

/// <summary>Why a one-time-code sign-in produced no token.</summary>
public enum CodeRejection
{
    None,

    /// <summary>A code went to this number less than 60 s ago.</summary>
    SentTooRecently,

    /// <summary>This number had its hourly maximum of codes.</summary>
    NumberLimit,

    /// <summary>The client address had its maximum of codes for the current window.</summary>
    AddressLimit,

    /// <summary>Any other failure, logged as unexpected.</summary>
    Failed
}

/// <summary>The result of a one-time-code sign-in: a bearer token, or the reason there is none.</summary>
public sealed record CodeSignInResult(string? Token, CodeRejection Rejection, TimeSpan? RetryAfter = null, DateTimeOffset? ExpiresAt = null)
{
    public static readonly CodeSignInResult Failed = new(null, CodeRejection.Failed);
}

/// <summary>
/// Signs in the way people do: staff by password, residents and providers by a one-time
/// code. The code is read back from the app's Development endpoint <c>GET /dev/sms/{phone}</c>,
/// which exists only when the app runs in Development or Testing.
/// </summary>
public sealed partial class SignIn(ApiClient api)
{
    /// <summary>The app allows one code per phone number per 60 seconds.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(60);

    public async Task<string?> WithPasswordAsync(string userName, string password, CancellationToken cancellation)
    {
        var result = await api.PostAsync<TokenResponse>("api/auth/password", new PasswordRequest(userName, password), null, cancellation);
        return result.Value?.AccessToken;
    }

    /// <summary>
    /// Sends a code to <paramref name="phone"/>, reads it back and exchanges it for a token.
    /// The app's limits on code sends return 429. Those count as expected and come back as a
    /// <see cref="CodeRejection"/>, so that the caller can wait or give up.
    /// </summary>
    public async Task<CodeSignInResult> WithCodeAsync(string phone, string role, CancellationToken cancellation)
    {
        var sent = await api.PostAsync<Ignored>("api/auth/code", new SendCodeRequest(phone), null, cancellation,
            ExpectedFailure.Allowed(429, "Code_SentTooRecently", "Code_TooManySends", "RateLimit_Exceeded"));
        if (sent.Status == 429)
        {
            var rejection = sent.Code switch
            {
                "Code_SentTooRecently" => CodeRejection.SentTooRecently,
                "Code_TooManySends" => CodeRejection.NumberLimit,
                "RateLimit_Exceeded" => CodeRejection.AddressLimit,
                _ => CodeRejection.Failed
            };
            return new CodeSignInResult(null, rejection, sent.RetryAfter);
        }

        if (!sent.Succeeded)
        {
            return CodeSignInResult.Failed;
        }

        var message = await api.GetAsync<SmsMessage>($"dev/sms/{phone}", null, cancellation);
        if (message.Status == 404)
        {
            throw new SimulationAbortedException(
                $"GET /dev/sms/{phone} returned 404, so the one-time code cannot be read: the app must run in the " +
                "Development environment (./ops/run sets ASPNETCORE_ENVIRONMENT=Development).");
        }

        var code = message.Value is null ? null : SixDigits().Match(message.Value.Text);
        if (code is not { Success: true })
        {
            api.Log.Unexpected("no code in the SMS text", $"GET /dev/sms/{{phone}}: '{message.Value?.Text}'");
            return CodeSignInResult.Failed;
        }

        var token = await api.PostAsync<TokenResponse>("api/auth/token", new TokenRequest(phone, code.Value, role), null, cancellation);
        return token.Value is null
            ? CodeSignInResult.Failed
            : new CodeSignInResult(token.Value.AccessToken, CodeRejection.None, ExpiresAt: DateTimeOffset.UtcNow.AddSeconds(token.Value.ExpiresIn));
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
