using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using Marten.Events.Aggregation;
using Marten.Events.Projections;

namespace LifeCircle.Residents;

public sealed record GuardianLink(Guid AccountId, string Name, string Phone, string Relationship, DateTimeOffset Since, Consent Consent);

/// <summary>
/// A resident's current profile, projected from the resident stream: contact, home, the
/// consented elder attributes that decide priority, and linked guardians. Phones are E.164.
/// </summary>
public sealed class ResidentProfile
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";
    public string? Landline { get; set; }
    public string? CommunityCode { get; set; }
    public string? Address { get; set; }
    public int? BirthYear { get; set; }
    public bool LivesAlone { get; set; }
    public bool HasDisability { get; set; }
    public MobilityLevel? Mobility { get; set; }
    public List<DietNeed> Diet { get; set; } = [];
    public Consent? ElderAttributesConsent { get; set; }
    public List<GuardianLink> Guardians { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? ErasedAt { get; set; }

    public bool IsErased => ErasedAt is not null;

    public int? AgeIn(int year) => BirthYear is { } born ? year - born : null;

    public bool HasGuardian(Guid accountId) => Guardians.Any(g => g.AccountId == accountId);
}

public sealed partial class ResidentProfileProjection : SingleStreamProjection<ResidentProfile, Guid>
{
    public static ResidentProfile Create(ResidentRegistered e) => new()
    {
        Id = e.ResidentId,
        Name = e.Name,
        Phone = e.Mobile,
        Landline = e.Landline,
        CommunityCode = e.CommunityCode,
        Address = e.Address,
        BirthYear = e.BirthYear,
        RegisteredAt = e.At
    };

    public static ResidentProfile Apply(ResidentContactChanged e, ResidentProfile profile)
    {
        profile.Name = e.Name;
        profile.Phone = e.Mobile;
        profile.Landline = e.Landline;
        profile.CommunityCode = e.CommunityCode;
        profile.Address = e.Address;
        profile.BirthYear = e.BirthYear;
        return profile;
    }

    public static ResidentProfile Apply(ElderAttributesRecorded e, ResidentProfile profile)
    {
        profile.LivesAlone = e.LivesAlone;
        profile.HasDisability = e.HasDisability;
        profile.Mobility = e.Mobility;
        profile.Diet = [.. e.Diet];
        profile.ElderAttributesConsent = e.Consent;
        return profile;
    }

    public static ResidentProfile Apply(GuardianLinked e, ResidentProfile profile)
    {
        profile.Guardians.RemoveAll(g => g.AccountId == e.GuardianAccountId);
        profile.Guardians.Add(new GuardianLink(e.GuardianAccountId, e.GuardianName, e.GuardianPhone, e.Relationship, e.At, e.Consent));
        return profile;
    }

    public static ResidentProfile Apply(GuardianUnlinked e, ResidentProfile profile)
    {
        profile.Guardians.RemoveAll(g => g.AccountId == e.GuardianAccountId);
        return profile;
    }

    public static ResidentProfile Apply(ResidentErased e, ResidentProfile profile) => new()
    {
        Id = profile.Id,
        Name = ErasedText,
        Phone = "",
        RegisteredAt = profile.RegisteredAt,
        ErasedAt = e.At
    };

    public const string ErasedText = "（已注销）";
}

public sealed partial class GuardianshipProjection : MultiStreamProjection<Guardianship, Guid>
{
    public GuardianshipProjection()
    {
        Identity<GuardianLinked>(e => e.GuardianAccountId);
        Identity<GuardianUnlinked>(e => e.GuardianAccountId);
        Identities<ResidentErased>(e => e.GuardianAccountIds);
    }

    public static Guardianship Create(GuardianLinked e) => new() { Id = e.GuardianAccountId, ResidentIds = [e.ResidentId] };

    public static Guardianship Apply(GuardianLinked e, Guardianship guardianship)
    {
        if (!guardianship.ResidentIds.Contains(e.ResidentId))
        {
            guardianship.ResidentIds.Add(e.ResidentId);
        }

        return guardianship;
    }

    public static Guardianship Apply(GuardianUnlinked e, Guardianship guardianship)
    {
        guardianship.ResidentIds.Remove(e.ResidentId);
        return guardianship;
    }

    public static Guardianship Apply(ResidentErased e, Guardianship guardianship)
    {
        guardianship.ResidentIds.Remove(e.ResidentId);
        return guardianship;
    }
}
