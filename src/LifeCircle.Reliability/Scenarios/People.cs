using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>A signed-in resident: bearer token and resident profile id.</summary>
public sealed record SignedInResident(string Phone, string Token, Guid ResidentId);

/// <summary>A signed-in provider: bearer token and provider id.</summary>
public sealed record SignedInProvider(string Phone, string Token, Guid ProviderId);

/// <summary>The demo accounts of the Shenyang seed and helpers to sign them in.</summary>
public static class People
{
    /// <summary>Demo residents 13904001001 to 13904001010.</summary>
    public static readonly string[] ResidentPhones = Enumerable.Range(1, 10).Select(i => $"1390400{1000 + i}").ToArray();

    public const string HousekeepingProviderPhone = "13904002002";

    /// <summary>The two demo providers that take repairs: a craftsman and an appliance repair company.</summary>
    public static readonly string[] RepairProviderPhones = ["13904002003", "13904002004"];

    public static async Task<List<SignedInResident>> SignInResidentsAsync(Deployment app, int count, CancellationToken cancellation)
    {
        var residents = new List<SignedInResident>();
        foreach (var phone in ResidentPhones.Take(count))
        {
            var token = await app.Api.SignInWithCodeAsync(app.First, phone, "resident", cancellation);
            var me = await app.Api.GetAsync(app.First, "/api/residents/me", token, cancellation);
            var id = me.Json?["id"]?.GetValue<Guid>()
                     ?? throw new InvalidOperationException($"Reading the profile of resident {phone} failed: {me.Describe()}");
            residents.Add(new SignedInResident(phone, token, id));
        }

        return residents;
    }

    public static async Task<SignedInProvider> SignInProviderAsync(Deployment app, string phone, CancellationToken cancellation)
    {
        var token = await app.Api.SignInWithCodeAsync(app.First, phone, "provider", cancellation);
        var me = await app.Api.GetAsync(app.First, "/api/providers/me", token, cancellation);
        var id = me.Json?["id"]?.GetValue<Guid>()
                 ?? throw new InvalidOperationException($"Reading the record of provider {phone} failed: {me.Describe()}");
        return new SignedInProvider(phone, token, id);
    }

    /// <summary>
    /// Registers and verifies a repair provider that serves every community, as an
    /// administrator does, and signs it in.
    /// </summary>
    public static async Task<SignedInProvider> RegisterRepairProviderAsync(Deployment app, string adminToken, string phone, string name,
        CancellationToken cancellation)
    {
        var registered = await app.Api.PostJsonAsync(app.First, "/api/providers", adminToken,
            new { name, kind = "Craftsman", services = new[] { "Repair" }, serviceArea = Array.Empty<string>(), phone }, cancellation);
        var id = registered.Status == 201 ? registered.Json?["id"]?.GetValue<Guid>() : null;
        if (id is null)
        {
            throw new InvalidOperationException($"Registering provider {phone} failed: {registered.Describe()}");
        }

        var verified = await app.Api.PostJsonAsync(app.First, $"/api/providers/{id}/verify", adminToken, null, cancellation);
        if (verified.Status != 200)
        {
            throw new InvalidOperationException($"Verifying provider {phone} failed: {verified.Describe()}");
        }

        return await SignInProviderAsync(app, phone, cancellation);
    }
}
