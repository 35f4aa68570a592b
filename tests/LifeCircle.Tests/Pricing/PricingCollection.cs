using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// The posted-price tests get a host and database of their own: they publish price cards,
/// set guidance prices and move the clock by days, which other collections would notice.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PricingCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "Pricing";
}
