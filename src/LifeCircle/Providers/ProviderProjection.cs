using Marten.Events.Aggregation;

namespace LifeCircle.Providers;

/// <summary>Keeps the <see cref="Provider"/> document in step with its stream, inline.</summary>
public sealed partial class ProviderProjection : SingleStreamProjection<Provider, Guid>
{
    public static Provider Create(ProviderRegistered e) => new()
    {
        Id = e.ProviderId,
        Name = e.Name,
        Kind = e.Kind,
        Services = [.. e.Services],
        ServiceArea = [.. e.ServiceArea],
        Phone = e.Phone
    };

    public static Provider Apply(ProviderServicesChanged e, Provider provider)
    {
        provider.Services = [.. e.Services];
        provider.ServiceArea = [.. e.ServiceArea];
        return provider;
    }

    public static Provider Apply(StaffMemberAdded e, Provider provider)
    {
        provider.Staff.Add(new StaffMember(e.StaffId, e.Name, [.. e.Services], []));
        return provider;
    }

    public static Provider Apply(CredentialRecorded e, Provider provider)
    {
        var staff = provider.Staff.FirstOrDefault(s => s.Id == e.StaffId);
        if (staff is not null)
        {
            staff.Credentials.RemoveAll(c => c.Kind == e.Kind);
            staff.Credentials.Add(new StaffCredential(e.Kind, e.Number, e.ExpiresOn));
        }

        return provider;
    }

    public static Provider Apply(ProviderVerified e, Provider provider)
    {
        provider.Verified = true;
        return provider;
    }

    public static Provider Apply(ProviderSuspended e, Provider provider)
    {
        provider.Suspended = true;
        provider.SuspensionReason = e.Reason;
        return provider;
    }

    public static Provider Apply(ProviderReinstated e, Provider provider)
    {
        provider.Suspended = false;
        provider.SuspensionReason = null;
        return provider;
    }

    public static Provider Apply(PriceCardPublished e, Provider provider)
    {
        provider.CardVersions.Add(new PriceCardVersion(e.Version, e.EffectiveFrom, e.Items, e.At, null));
        return provider;
    }

    public static Provider Apply(PriceCardTookEffect e, Provider provider)
    {
        var index = provider.CardVersions.FindIndex(v => v.Version == e.Version);
        if (index < 0)
        {
            return provider;
        }

        var version = provider.CardVersions[index] with { TookEffectAt = e.At };
        provider.CardVersions[index] = version;
        provider.CardVersion = version.Version;
        provider.PriceCard = [.. version.Items];
        provider.CardChangedAt = e.At;
        return provider;
    }
}
