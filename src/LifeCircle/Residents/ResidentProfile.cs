namespace LifeCircle.Residents;

/// <summary>
/// A resident's profile: contact, home and the attributes that decide elder priority.
/// Phones are stored in E.164 form.
/// </summary>
public sealed class ResidentProfile
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";
    public string? CommunityCode { get; set; }
    public string? Address { get; set; }
    public int? BirthYear { get; set; }
    public bool LivesAlone { get; set; }
    public bool HasDisability { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    public int? AgeIn(int year) => BirthYear is { } born ? year - born : null;
}
