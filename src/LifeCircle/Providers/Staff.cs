using LifeCircle.Bookings;

namespace LifeCircle.Providers;

public static class StaffRules
{
    /// <summary>
    /// The credential a staff member must hold, valid on the service day, to be assigned a job:
    /// a home-service credit record for housekeeping, a health certificate for meals and bathing.
    /// </summary>
    public static CredentialKind? RequiredFor(ServiceType service) => service switch
    {
        ServiceType.Housekeeping => CredentialKind.HomeServiceCreditRecord,
        ServiceType.Meal or ServiceType.Bathing => CredentialKind.HealthCertificate,
        _ => null
    };

    /// <summary>Returns the missing or expired credential that keeps a staff member off a job, or null.</summary>
    public static CredentialKind? MissingCredential(StaffMember staff, ServiceType service, DateOnly serviceDay)
    {
        if (RequiredFor(service) is not { } required)
        {
            return null;
        }

        var credential = staff.Credentials.FirstOrDefault(c => c.Kind == required);
        return credential is null || credential.ExpiresOn < serviceDay ? required : null;
    }
}
