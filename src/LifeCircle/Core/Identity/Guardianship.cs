namespace LifeCircle.Core.Identity;

/// <summary>
/// The residents a guardian account cares for, keyed by the guardian's account id. The
/// residents feature projects it from guardian links; every request of a resident account
/// reads it to know on whose behalf the account may act.
/// </summary>
public sealed class Guardianship
{
    public Guid Id { get; set; }
    public List<Guid> ResidentIds { get; set; } = [];
}
