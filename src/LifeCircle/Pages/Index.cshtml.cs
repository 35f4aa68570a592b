using Microsoft.AspNetCore.Authorization;

namespace LifeCircle.Pages;

[AllowAnonymous]
public sealed class IndexModel : LifeCirclePageModel
{
    public void OnGet()
    {
    }
}
