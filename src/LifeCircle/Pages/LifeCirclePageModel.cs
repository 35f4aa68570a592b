using System.Globalization;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using Marten;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeCircle.Pages;

/// <summary>
/// Renders a page in Simplified Chinese whatever language the browser requests, because
/// the pages exist only in Chinese. The JSON API keeps following Accept-Language.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ChineseOnlyAttribute : Attribute, IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        // A resource filter wraps both the handler and the rendering of the view and layout,
        // so the culture set here holds for all of them.
        CultureInfo.CurrentCulture = HttpSetup.DefaultCulture;
        CultureInfo.CurrentUICulture = HttpSetup.DefaultCulture;
        context.HttpContext.Response.Headers.ContentLanguage = HttpSetup.DefaultCulture.Name;
        await next();
    }
}

/// <summary>The base of every page: Chinese rendering and the signed-in caller with their city's Marten session.</summary>
[ChineseOnly]
public abstract class LifeCirclePageModel : PageModel
{
    /// <summary>The signed-in person, built the same way as for the JSON API.</summary>
    protected Caller CallerOf(TimeProvider clock) => CallerMiddleware.FromPrincipal(User, Request, clock);

    /// <summary>Opens a read session on the caller's city, the Marten tenant that contains their bookings.</summary>
    protected static IQuerySession QuerySessionFor(IDocumentStore store, Caller caller) => store.QuerySession(caller.City);

    /// <summary>Returns a local return address, or the fallback when the given one is missing or points off-site.</summary>
    protected string LocalOr(string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
}
