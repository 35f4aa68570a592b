using LifeCircle.Simulator.Api;

namespace LifeCircle.Simulator.Scenario;

/// <summary>A provider account signed in for the day, with its record and posted prices.</summary>
public sealed class ProviderActor(Provider record, string token)
{
    public Provider Record => record;
    public string Token => token;
    public Guid Id => record.Id;
    public string Name => record.Name;

    public bool Serves(ServiceType service, string communityCode) =>
        record.Verified && !record.Suspended && record.Services.Contains(service)
        && (record.ServiceArea.Count == 0 || record.ServiceArea.Contains(communityCode));

    public IEnumerable<PriceItem> ItemsFor(ServiceType service) => record.PriceCard.Where(item => item.Service == service);
}

public sealed record OperatorActor(string UserName, string Token);

/// <summary>Everyone who acts during the simulated day, signed in.</summary>
public sealed record Cast(IReadOnlyList<OperatorActor> Operators, IReadOnlyList<ProviderActor> Providers, IReadOnlyList<Member> Members);
