using FluentValidation;
using LifeCircle.Core.Http;
using LifeCircle.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace LifeCircle.Pages;

/// <summary>
/// Sends a sign-in code from the login form, then goes back to /login. It is a page of its
/// own so that the per-address limit of <c>POST /api/auth/code</c> applies here too, without
/// counting every view of the login page.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AbuseLimits.CodeSendPolicy)]
public sealed class LoginCodeModel(IDocumentStore store, ISmsSender sms, TimeProvider clock, IValidator<SendCode> validator)
    : LifeCirclePageModel
{
    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/login");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        var command = new SendCode(Phone ?? "");
        var validation = await validator.ValidateAsync(command, cancellation);
        if (!validation.IsValid)
        {
            return BackToLogin(error: validation.Errors[0].ErrorMessage);
        }

        await using var session = store.LightweightSession();
        var (sent, problem) = await SignInEndpoints.SendCodeAsync(command, session, sms, clock.GetUtcNow(), cancellation);
        return problem is not null
            ? BackToLogin(error: problem.Detail)
            : BackToLogin(sent: $"验证码已发送至 {sent!.Phone}，{sent.ExpiresInSeconds / 60} 分钟内有效。");
    }

    /// <summary>Redirects to /login, handing over the typed phone and the outcome in TempData (post, redirect, get).</summary>
    private IActionResult BackToLogin(string? error = null, string? sent = null)
    {
        TempData[LoginModel.PhoneKey] = Phone;
        TempData[LoginModel.RoleKey] = Role;
        TempData[LoginModel.PhoneErrorKey] = error;
        TempData[LoginModel.CodeSentKey] = sent;
        var returnUrl = LocalOr(ReturnUrl, "");
        return LocalRedirect(returnUrl == "" ? "/login" : "/login" + QueryString.Create("ReturnUrl", returnUrl));
    }
}
