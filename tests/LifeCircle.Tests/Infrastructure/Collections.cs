namespace LifeCircle.Tests.Infrastructure;

/// <summary>
/// The test collections. Each gets its own <see cref="AppFixture"/> (host and database), and
/// xunit runs the collections in parallel but the tests of one collection one at a time.
/// </summary>
public static class Collections
{
    /// <summary>Endpoint behaviour: happy paths, validation, rules, access and read models.</summary>
    public const string Api = "Api";

    /// <summary>Parallel requests: idempotent retries and providers racing for one job.</summary>
    public const string Concurrency = "Concurrency";

    /// <summary>Tests that move the fake clock far ahead: expiry timers, cut-offs, sign-in codes.</summary>
    public const string Clock = "Clock";

    /// <summary>Tests that cut the app's database connections, so they get a database of their own.</summary>
    public const string Outage = "Outage";
}

[CollectionDefinition(Collections.Api)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>;

[CollectionDefinition(Collections.Concurrency)]
public sealed class ConcurrencyCollection : ICollectionFixture<AppFixture>;

[CollectionDefinition(Collections.Clock)]
public sealed class ClockCollection : ICollectionFixture<AppFixture>;

[CollectionDefinition(Collections.Outage)]
public sealed class OutageCollection : ICollectionFixture<AppFixture>;
