using LifeCircle.Core.Identity;

namespace LifeCircle.Identity;

/// <summary>
/// A sign-in account. Residents and providers sign in by mobile number and one-time code;
/// operators and administrators are seeded accounts with a user name and password.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }
    public string Role { get; set; } = Roles.Resident;
    public string City { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Phone { get; set; }
    public string? UserName { get; set; }
    public string? PasswordHash { get; set; }
    public Guid? ResidentId { get; set; }
    public Guid? ProviderId { get; set; }
}

/// <summary>The pending one-time code of a phone number; only a hash of the code is stored.</summary>
public sealed class OneTimeCode
{
    public string Id { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }

    /// <summary>Start of the current rate-limit window of sends to this number, and the sends in it.</summary>
    public DateTimeOffset WindowStart { get; set; }
    public int SendsInWindow { get; set; }
}
