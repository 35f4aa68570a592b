using System.Security.Claims;
using FluentValidation;
using FluentValidation.Results;
using LifeCircle.Core.Identity;
using LifeCircle.Identity;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Pages;

/// <summary>
/// Sign-in with the cookie scheme: residents and providers by one-time code, operators and
/// administrators by password. It runs the same validators and checks as the token API.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(
    IDocumentStore store,
    TimeProvider clock,
    IWebHostEnvironment environment,
    IValidator<SignInWithCode> codeValidator,
    IValidator<SignInWithPassword> passwordValidator) : LifeCirclePageModel
{
    // TempData keys by which /login/code hands its outcome back to this page.
    public const string PhoneKey = "login.phone";
    public const string RoleKey = "login.role";
    public const string PhoneErrorKey = "login.phoneError";
    public const string CodeSentKey = "login.codeSent";

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Role { get; set; } = Roles.Resident;

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Error messages by form field: phone, code, role, userName, password.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? CodeSentMessage { get; private set; }

    /// <summary>True where no SMS gateway exists and codes go to the server log instead.</summary>
    public bool CodesGoToLog => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public void OnGet()
    {
        Phone = TempData[PhoneKey] as string;
        Role = TempData[RoleKey] as string ?? Roles.Resident;
        CodeSentMessage = TempData[CodeSentKey] as string;
        if (TempData[PhoneErrorKey] is string error)
        {
            Errors["phone"] = error;
        }
    }

    public async Task<IActionResult> OnPostCodeAsync(CancellationToken cancellation)
    {
        var command = new SignInWithCode(Phone ?? "", Code?.Trim() ?? "", Role);
        if (!Collect(await codeValidator.ValidateAsync(command, cancellation)))
        {
            return Page();
        }

        await using var session = store.LightweightSession();
        var outcome = await SignInEndpoints.VerifyCodeAsync(command, session, Request, clock.GetUtcNow(), cancellation);
        if (outcome.Problem is { } problem)
        {
            var isCodeProblem = problem.Extensions.TryGetValue("code", out var code) && code is string text && text.StartsWith("Code_");
            Errors[isCodeProblem ? "code" : "phone"] = problem.Detail ?? "";
            return Page();
        }

        return await SignInAsync(outcome.Principal!);
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellation)
    {
        var command = new SignInWithPassword(UserName?.Trim() ?? "", Password ?? "");
        if (!Collect(await passwordValidator.ValidateAsync(command, cancellation)))
        {
            return Page();
        }

        await using var session = store.QuerySession();
        var outcome = await SignInEndpoints.VerifyPasswordAsync(command, session, cancellation);
        if (outcome.Problem is { } problem)
        {
            Errors["password"] = problem.Detail ?? "";
            return Page();
        }

        return await SignInAsync(outcome.Principal!);
    }

    private async Task<IActionResult> SignInAsync(ClaimsPrincipal principal)
    {
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        var home = principal.IsInRole(Roles.Provider) ? "/provider/jobs" : "/bookings";
        return LocalRedirect(LocalOr(ReturnUrl, home));
    }

    /// <summary>Keeps the first message of each invalid field and returns true when no field is invalid.</summary>
    private bool Collect(ValidationResult result)
    {
        foreach (var failure in result.Errors)
        {
            Errors.TryAdd(failure.PropertyName, failure.ErrorMessage);
        }

        return result.IsValid;
    }
}
