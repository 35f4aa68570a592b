using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Core.Tenancy;
using LifeCircle.Residents;
using Marten;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace LifeCircle.Identity;

public sealed record SendCode(string Phone);

public sealed record SignInWithCode(string Phone, string Code, string? Role);

public sealed record SignInWithPassword(string UserName, string Password);

public sealed record CodeSent(string Phone, int ExpiresInSeconds, int ResendAfterSeconds);

public sealed class SendCodeValidator : AbstractValidator<SendCode>
{
    public SendCodeValidator()
    {
        RuleFor(x => x.Phone).NotEmpty()
            .Must(p => Phones.NormalizeMobile(p) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidMobile"));
    }
}

public sealed class SignInWithCodeValidator : AbstractValidator<SignInWithCode>
{
    public SignInWithCodeValidator()
    {
        RuleFor(x => x.Phone).NotEmpty()
            .Must(p => Phones.NormalizeMobile(p) is not null)
            .WithMessage(_ => Text.Get("Phone_InvalidMobile"));
        RuleFor(x => x.Code).NotEmpty().Matches("^[0-9]{6}$").WithMessage(_ => Text.Get("Code_Format"));
        RuleFor(x => x.Role).Must(r => r is null or Roles.Resident or Roles.Provider)
            .WithMessage(_ => Text.Get("SignIn_RoleInvalid"));
    }
}

public sealed class SignInWithPasswordValidator : AbstractValidator<SignInWithPassword>
{
    public SignInWithPasswordValidator()
    {
        // The user name goes into a SQL query, and PostgreSQL rejects a NUL character with an error.
        RuleFor(x => x.UserName).NotEmpty().MaximumLength(64).Must(TextRules.IsPlainText)
            .WithMessage(_ => Text.Get("Text_ControlCharacters"));
        RuleFor(x => x.Password).NotEmpty().MaximumLength(128);
    }
}

/// <summary>
/// Sign-in by one-time code (residents and providers) and by password (operators and
/// administrators). Codes expire after five minutes and allow five attempts.
/// </summary>
public static class SignInEndpoints
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(60);
    public const int MaxAttempts = 5;

    /// <summary>At most <see cref="MaxSendsPerWindow"/> codes per phone number in any <see cref="SendWindow"/>.</summary>
    public static readonly TimeSpan SendWindow = TimeSpan.FromHours(1);
    public const int MaxSendsPerWindow = 5;

    [AllowAnonymous]
    [EnableRateLimiting(AbuseLimits.CodeSendPolicy)]
    [WolverinePost("/api/auth/code", OperationId = "sendCode")]
    public static async Task<IResult> SendCode(SendCode command, IDocumentSession session, ISmsSender sms,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (sent, problem) = await SendCodeAsync(command, session, sms, clock.GetUtcNow(), cancellation);
        return problem is not null ? Results.Problem(problem) : Results.Accepted(value: sent);
    }

    /// <summary>Sends a new one-time code to a validated phone number, at most once per <see cref="ResendInterval"/>.</summary>
    public static async Task<(CodeSent? Sent, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> SendCodeAsync(
        SendCode command, IDocumentSession session, ISmsSender sms, DateTimeOffset now, CancellationToken cancellation)
    {
        var phone = Phones.NormalizeMobile(command.Phone)!;
        var pending = await session.LoadAsync<OneTimeCode>(phone, cancellation);
        // The resend interval guards an unused code; after a sign-in only the hourly count applies.
        if (pending is { CodeHash.Length: > 0 } && now - pending.SentAt < ResendInterval)
        {
            var wait = (int)Math.Ceiling((ResendInterval - (now - pending.SentAt)).TotalSeconds);
            return (null, Problems.TooManyRequests("Code_SentTooRecently", wait));
        }

        var windowOpen = pending is not null && now - pending.WindowStart < SendWindow;
        if (windowOpen && pending!.SendsInWindow >= MaxSendsPerWindow)
        {
            var retryAt = pending.WindowStart + SendWindow;
            return (null, Problems.TooManyRequests("Code_TooManySends", MaxSendsPerWindow,
                (int)Math.Ceiling((retryAt - now).TotalMinutes)));
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        session.Store(new OneTimeCode
        {
            Id = phone,
            CodeHash = Hash(phone, code),
            SentAt = now,
            ExpiresAt = now + CodeLifetime,
            WindowStart = windowOpen ? pending!.WindowStart : now,
            SendsInWindow = windowOpen ? pending!.SendsInWindow + 1 : 1
        });
        await session.SaveChangesAsync(cancellation);
        await sms.SendAsync(phone, Text.Get("Sms_Code", code, (int)CodeLifetime.TotalMinutes), cancellation);

        return (new CodeSent(Phones.Mask(phone), (int)CodeLifetime.TotalSeconds, (int)ResendInterval.TotalSeconds), null);
    }

    [AllowAnonymous]
    [WolverinePost("/api/auth/token", OperationId = "signInWithCode")]
    public static async Task<IResult> SignInWithCode(SignInWithCode command, IDocumentSession session,
        HttpRequest request, TimeProvider clock, CancellationToken cancellation)
    {
        var outcome = await VerifyCodeAsync(command, session, request, clock.GetUtcNow(), cancellation);
        return outcome.Problem is not null
            ? Results.Problem(outcome.Problem)
            : Results.SignIn(outcome.Principal!, authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    [AllowAnonymous]
    [WolverinePost("/api/auth/password", OperationId = "signInWithPassword")]
    public static async Task<IResult> SignInWithPassword(SignInWithPassword command, IQuerySession session,
        CancellationToken cancellation)
    {
        var outcome = await VerifyPasswordAsync(command, session, cancellation);
        return outcome.Problem is not null
            ? Results.Problem(outcome.Problem)
            : Results.SignIn(outcome.Principal!, authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    /// <summary>Checks a one-time code and returns the principal of its account, creating a resident account on first sign-in.</summary>
    public static async Task<SignInOutcome> VerifyCodeAsync(SignInWithCode command, IDocumentSession session,
        HttpRequest request, DateTimeOffset now, CancellationToken cancellation)
    {
        var phone = Phones.NormalizeMobile(command.Phone)!;
        var role = command.Role ?? Roles.Resident;
        var pending = await session.LoadAsync<OneTimeCode>(phone, cancellation);
        if (pending is null || pending.ExpiresAt <= now)
        {
            return SignInOutcome.Fail(Problems.BadRequest("Code_ExpiredOrMissing"));
        }

        if (pending.FailedAttempts >= MaxAttempts)
        {
            return SignInOutcome.Fail(Problems.TooManyRequests("Code_TooManyAttempts"));
        }

        if (!CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(pending.CodeHash), Encoding.ASCII.GetBytes(Hash(phone, command.Code))))
        {
            pending.FailedAttempts++;
            session.Store(pending);
            await session.SaveChangesAsync(cancellation);
            var left = MaxAttempts - pending.FailedAttempts;
            return SignInOutcome.Fail(left > 0
                ? Problems.BadRequest("Code_Wrong", left)
                : Problems.TooManyRequests("Code_TooManyAttempts"));
        }

        var account = await session.Query<Account>()
            .FirstOrDefaultAsync(a => a.Phone == phone && a.Role == role, cancellation);
        if (account is null && role == Roles.Provider)
        {
            return SignInOutcome.Fail(Problems.NotFound("SignIn_NoProviderAccount", Phones.Mask(phone)));
        }

        // The used code is spent, but its record stays so that the per-number send limits
        // still count it.
        pending.CodeHash = "";
        pending.ExpiresAt = now;
        session.Store(pending);
        account ??= RegisterResident(session, phone, CityOf(request), now);
        await session.SaveChangesAsync(cancellation);
        return SignInOutcome.Success(PrincipalOf(account));
    }

    public static async Task<SignInOutcome> VerifyPasswordAsync(SignInWithPassword command, IQuerySession session,
        CancellationToken cancellation)
    {
        var account = await session.Query<Account>()
            .FirstOrDefaultAsync(a => a.UserName == command.UserName, cancellation);
        var hasher = new PasswordHasher<Account>();
        if (account?.PasswordHash is null
            || hasher.VerifyHashedPassword(account, account.PasswordHash, command.Password) == PasswordVerificationResult.Failed)
        {
            return SignInOutcome.Fail(Problems.Create(StatusCodes.Status401Unauthorized, "SignIn_WrongPassword"));
        }

        return SignInOutcome.Success(PrincipalOf(account));
    }

    public static ClaimsPrincipal PrincipalOf(Account account, string scheme = "LifeCircle")
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Role, account.Role),
            new(LifeCircleClaims.City, account.City)
        };
        if (account.ResidentId is { } residentId)
        {
            claims.Add(new Claim(LifeCircleClaims.ResidentId, residentId.ToString()));
        }

        if (account.ProviderId is { } providerId)
        {
            claims.Add(new Claim(LifeCircleClaims.ProviderId, providerId.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private static Account RegisterResident(IDocumentSession session, string phone, string city, DateTimeOffset now)
    {
        var residentId = Ids.New();
        var account = new Account
        {
            Id = Ids.New(),
            Role = Roles.Resident,
            City = city,
            DisplayName = Text.Get("Resident_DefaultName", Phones.National(phone)[^4..]),
            Phone = phone,
            ResidentId = residentId
        };
        var registered = new ResidentRegistered
        {
            ResidentId = residentId,
            Name = account.DisplayName,
            Mobile = phone,
            By = new Actor(ActorRole.Resident, account.Id, Channel.App, residentId),
            At = now
        };
        session.ForTenant(city).Events.StartStream<ResidentProfile>(residentId, registered);
        session.Store(account);
        return account;
    }

    private static string CityOf(HttpRequest request)
    {
        var city = request.Headers[City.HeaderName].ToString();
        return City.IsCityCode(city) ? city : City.Shenyang;
    }

    private static string Hash(string phone, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{phone}:{code}")));
}

public sealed record SignInOutcome(ClaimsPrincipal? Principal, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)
{
    public static SignInOutcome Success(ClaimsPrincipal principal) => new(principal, null);

    public static SignInOutcome Fail(Microsoft.AspNetCore.Mvc.ProblemDetails problem) => new(null, problem);
}
