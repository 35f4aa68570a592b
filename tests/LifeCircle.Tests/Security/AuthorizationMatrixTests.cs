using LifeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LifeCircle.Tests.Security;

/// <summary>
/// Sends a request to every API endpoint as every role and checks the outcome against the
/// matrix in docs/security.md: 401 for anonymous callers, 403 for roles that may never call
/// the endpoint, and anything but 401, 403 or 5xx where the role passes authorization.
/// </summary>
[Collection(Collections.Api)]
public sealed class AuthorizationMatrixTests(AppFixture app)
{
    public static TheoryData<string, string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var row in AuthorizationMatrix.Rows)
        {
            foreach (var role in AuthorizationMatrix.Roles)
            {
                data.Add(row.Method, row.Route, role, row.Expected[role]);
            }
        }

        return data;
    }

    [Fact]
    public void Matrix_lists_every_api_endpoint()
    {
        var documented = AuthorizationMatrix.Rows.Select(r => $"{r.Method} {r.Route}").ToHashSet();
        var endpoints = app.Host.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();

        var missing = endpoints.Except(documented).Order().ToList();
        var stale = documented.Except(endpoints).Order().ToList();

        Assert.True(missing.Count == 0, "Endpoints without a row in docs/security.md: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Rows in docs/security.md without an endpoint: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_answers_role_as_documented(string method, string route, string role, string expected)
    {
        var client = await ClientFor(role);
        var url = route
            .Replace("{code}", "2101")
            .Replace("{id}", Guid.NewGuid().ToString())
            .Replace("{bookingId}", Guid.NewGuid().ToString())
            .Replace("{residentId}", Guid.NewGuid().ToString())
            .Replace("{guardianAccountId}", Guid.NewGuid().ToString())
            .Replace("{providerId}", Guid.NewGuid().ToString())
            .Replace("{staffId}", Guid.NewGuid().ToString())
            .Replace("{proposalId}", Guid.NewGuid().ToString())
            .Replace("{comparable}", "matrix.check")
            .Replace("{date}", "2026-12-05");

        var response = method switch
        {
            "GET" => await client.GetAsync(url),
            "POST" => await client.PostAsync(url, "{}"),
            "PUT" => await client.PutAsync(url, "{}"),
            "DELETE" => await client.SendAsync(x => x.Delete.Url(url)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown HTTP method in the matrix.")
        };

        Assert.True(response.Status < 500, $"{method} {route} as {role} failed with {response}");
        if (expected == "✓")
        {
            Assert.True(response.Status is not (401 or 403), $"{method} {route} as {role} expected to pass authorization: {response}");
        }
        else
        {
            Assert.Equal(int.Parse(expected), response.Status);
        }
    }

    private async Task<ApiClient> ClientFor(string role) => role switch
    {
        "anonymous" => app.Anonymous,
        "resident" => await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone),
        "provider" => await app.SignInAsProviderAsync(DemoData.HousekeepingPhone),
        "operator" => await app.SignInAsStaffAsync(DemoData.Operator),
        "admin" => await app.SignInAsStaffAsync(DemoData.Admin),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role in the matrix.")
    };
}
