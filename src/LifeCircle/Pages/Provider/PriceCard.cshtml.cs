using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using Marten;
using Microsoft.AspNetCore.Authorization;

namespace LifeCircle.Pages.Provider;

/// <summary>
/// The provider edits its own price card. site.js posts the whole card to
/// <c>POST /api/providers/{id}/price-card</c>, which publishes it as a new version, and
/// withdraws single items, so the API's rules and problem details are the only ones.
/// </summary>
[Authorize(Roles = Roles.Provider)]
public sealed class PriceCardModel(IDocumentStore store, TimeProvider clock) : LifeCirclePageModel
{
    // Fully qualified because this page's namespace, LifeCircle.Pages.Provider, hides the type name.
    public LifeCircle.Providers.Provider? Me { get; private set; }

    /// <summary>Versions published for a later effective time that have not taken effect yet.</summary>
    public IReadOnlyList<PriceCardVersion> Scheduled { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var caller = CallerOf(clock);
        Now = caller.Now;
        await using var session = QuerySessionFor(store, caller);
        Me = await BookingAccess.LoadProviderAsync(caller, session, cancellation);
        if (Me is null)
        {
            return;
        }

        var current = Me.CardVersion;
        Scheduled = Me.CardVersions.Where(v => v.Version > current && v.TookEffectAt is null).OrderBy(v => v.Version).ToList();
    }

    /// <summary>The services a row may take: those the provider offers.</summary>
    public IReadOnlyList<ServiceType> Services => Me?.Services ?? [];

    public static string UnitKindLabel(PriceUnit kind) => kind switch
    {
        PriceUnit.PerHour => "按小时",
        PriceUnit.PerJob => "按次",
        PriceUnit.PerPortion => "按份",
        PriceUnit.PerSquareMetre => "按平方米",
        PriceUnit.PerKmBeyond => "超出距离按公里",
        PriceUnit.PerPiece => "按件",
        _ => kind.ToString()
    };

    public static string FeeLabel(FeeKind fee) => fee switch
    {
        FeeKind.Service => "服务费",
        FeeKind.InspectionVisitFee => "上门检测费",
        FeeKind.PartsAtRetail => "配件",
        _ => fee.ToString()
    };
}
