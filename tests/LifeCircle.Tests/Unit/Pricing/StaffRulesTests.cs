using LifeCircle.Bookings;
using LifeCircle.Providers;

namespace LifeCircle.Tests.Unit.Pricing;

/// <summary>Which credential keeps a staff member off a job, without a host.</summary>
public sealed class StaffRulesTests
{
    private static readonly DateOnly ServiceDay = new(2026, 12, 5);

    [Theory]
    [InlineData(ServiceType.Housekeeping, CredentialKind.HomeServiceCreditRecord)]
    [InlineData(ServiceType.Meal, CredentialKind.HealthCertificate)]
    [InlineData(ServiceType.Bathing, CredentialKind.HealthCertificate)]
    public void Credential_valid_on_service_day_is_enough(ServiceType service, CredentialKind required)
    {
        var staff = StaffWith(new StaffCredential(required, "LN-001", ServiceDay));

        Assert.Equal(required, StaffRules.RequiredFor(service));
        Assert.Null(StaffRules.MissingCredential(staff, service, ServiceDay));
        Assert.Null(StaffRules.MissingCredential(staff, service, ServiceDay.AddDays(-30)));
    }

    [Theory]
    [InlineData(ServiceType.Housekeeping, CredentialKind.HomeServiceCreditRecord)]
    [InlineData(ServiceType.Meal, CredentialKind.HealthCertificate)]
    [InlineData(ServiceType.Bathing, CredentialKind.HealthCertificate)]
    public void Credential_expired_before_service_day_is_missing(ServiceType service, CredentialKind required)
    {
        var staff = StaffWith(new StaffCredential(required, "LN-001", ServiceDay.AddDays(-1)));

        Assert.Equal(required, StaffRules.MissingCredential(staff, service, ServiceDay));
    }

    [Theory]
    [InlineData(ServiceType.Housekeeping, CredentialKind.HomeServiceCreditRecord, CredentialKind.HealthCertificate)]
    [InlineData(ServiceType.Meal, CredentialKind.HealthCertificate, CredentialKind.HomeServiceCreditRecord)]
    [InlineData(ServiceType.Bathing, CredentialKind.HealthCertificate, CredentialKind.SkillCertificate)]
    public void Other_credentials_do_not_count(ServiceType service, CredentialKind required, CredentialKind other)
    {
        var staff = StaffWith(new StaffCredential(other, "LN-002", ServiceDay.AddYears(1)));

        Assert.Equal(required, StaffRules.MissingCredential(staff, service, ServiceDay));
        Assert.Equal(required, StaffRules.MissingCredential(StaffWith(), service, ServiceDay));
    }

    [Fact]
    public void Repair_needs_no_credential()
    {
        Assert.Null(StaffRules.RequiredFor(ServiceType.Repair));
        Assert.Null(StaffRules.MissingCredential(StaffWith(), ServiceType.Repair, ServiceDay));
    }

    private static StaffMember StaffWith(params StaffCredential[] credentials) =>
        new(Guid.NewGuid(), "王师傅", [ServiceType.Housekeeping, ServiceType.Meal, ServiceType.Bathing, ServiceType.Repair], [.. credentials]);
}
