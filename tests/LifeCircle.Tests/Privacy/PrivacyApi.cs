using LifeCircle.Audit;
using LifeCircle.Bookings;
using LifeCircle.Notifications;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// The resident, guardian, notification and audit endpoints as calls of an <see cref="ApiClient"/>.
/// Methods named <c>...Async</c> that return a model also assert success, for tests that only
/// arrange state with them; the others return the raw response.
/// </summary>
public static class PrivacyApi
{
    public const string Daughter = "女儿";

    public static Task<ApiResponse> LinkMyGuardianAsync(this ApiClient resident, string guardianPhone, bool consentGiven = true) =>
        resident.PostAsync("/api/residents/me/guardians", new LinkGuardian(guardianPhone, Daughter, consentGiven));

    public static Task<ApiResponse> LinkGuardianForAsync(this ApiClient staff, Guid residentId, string guardianPhone,
        bool consentGiven = true) =>
        staff.PostAsync($"/api/residents/{residentId}/guardians", new LinkGuardian(guardianPhone, Daughter, consentGiven));

    public static Task<ApiResponse> UnlinkMyGuardianAsync(this ApiClient resident, Guid guardianAccountId) =>
        resident.SendAsync(x => x.Delete.Url($"/api/residents/me/guardians/{guardianAccountId}"));

    public static Task<ApiResponse> UnlinkGuardianForAsync(this ApiClient staff, Guid residentId, Guid guardianAccountId) =>
        staff.SendAsync(x => x.Delete.Url($"/api/residents/{residentId}/guardians/{guardianAccountId}"));

    public static Task<ApiResponse> LeaveGuardianshipAsync(this ApiClient guardian, Guid residentId) =>
        guardian.SendAsync(x => x.Delete.Url($"/api/guardianships/{residentId}"));

    public static async Task<IReadOnlyList<CaredForResident>> GuardianshipsAsync(this ApiClient guardian) =>
        (await guardian.GetAsync("/api/guardianships")).ShouldHaveStatus(200).As<List<CaredForResident>>();

    public static async Task<ResidentProfile> MyProfileAsync(this ApiClient resident) =>
        (await resident.GetAsync("/api/residents/me")).ShouldHaveStatus(200).As<ResidentProfile>();

    public static async Task<ResidentProfile> ProfileAsync(this ApiClient client, Guid residentId) =>
        (await client.GetAsync($"/api/residents/{residentId}")).ShouldHaveStatus(200).As<ResidentProfile>();

    public static async Task<BookingPage> BookingsOfAsync(this ApiClient client, Guid residentId) =>
        (await client.GetAsync($"/api/bookings?residentId={residentId}&pageSize=100")).ShouldHaveStatus(200).As<BookingPage>();

    public static async Task<BookingPage> MyBookingsAsync(this ApiClient client) =>
        (await client.GetAsync("/api/bookings?pageSize=100")).ShouldHaveStatus(200).As<BookingPage>();

    public static async Task<NotificationPage> NotificationsAsync(this ApiClient client) =>
        (await client.GetAsync("/api/notifications?pageSize=100")).ShouldHaveStatus(200).As<NotificationPage>();

    /// <summary>Reads the audit trail as an administrator; <paramref name="query"/> is the query string without '?'.</summary>
    public static async Task<AuditPage> AuditAsync(this ApiClient admin, string query) =>
        (await admin.GetAsync($"/api/audit?{query}&pageSize=200")).ShouldHaveStatus(200).As<AuditPage>();

    /// <summary>Returns the booking's contact as a provider sees it, asserting that the provider may see the booking.</summary>
    public static async Task<BookingContact> ContactSeenByAsync(this ApiClient client, Guid bookingId)
    {
        var details = await client.GetBookingAsync(bookingId);
        return details.Contact ?? throw new InvalidOperationException($"Booking {bookingId} has no contact.");
    }

    /// <summary>Returns the guardian account id from the Location header of a 201 link response.</summary>
    public static Guid GuardianAccountIdOf(ApiResponse linked)
    {
        linked.ShouldHaveStatus(201);
        var location = linked.Headers.Location.ToString();
        return Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
    }
}
