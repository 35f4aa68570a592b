using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LifeCircle.Tests.Concurrency;

/// <summary>Providers racing to accept one open job: exactly one wins, the rest get 409.</summary>
[Collection(Collections.Concurrency)]
public sealed class AcceptRaceTests(AppFixture app, ITestOutputHelper output)
{
    private const int Racers = 8;
    private const int Jobs = 20;

    [Fact]
    public async Task Parallel_accepts_by_eight_providers_have_one_winner()
    {
        var providers = new List<(ApiClient Client, Guid Id)>
        {
            (await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone), DemoData.RepairCraftsman),
            (await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone), DemoData.ApplianceRepair)
        };
        while (providers.Count < Racers)
        {
            var extra = await app.NewProviderAsync(ServiceType.Repair);
            providers.Add((extra.Client, extra.Id));
        }

        var resident = await app.NewResidentAsync();
        for (var job = 0; job < Jobs; job++)
        {
            var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());

            var responses = await Task.WhenAll(providers.Select(p => Task.Run(() => p.Client.AcceptAsync(created.Id))));

            var unexpected = responses.Where(r => r.Status is not (200 or 409)).ToList();
            Assert.True(unexpected.Count == 0, $"Job {job}: unexpected responses: {string.Join(" | ", unexpected)}");
            var winners = Enumerable.Range(0, Racers).Where(i => responses[i].Status == 200).ToList();
            var winner = Assert.Single(winners);
            responses[winner].ShouldChangeTo(BookingStatus.Accepted);
            Assert.All(responses.Where(r => r.Status == 409), r =>
                Assert.Contains(r.Json["code"]!.GetValue<string>(), new[] { "Booking_TakenByAnother", "Request_ConcurrentChange" }));

            output.WriteLine($"Job {job}: " + string.Join(", ", responses
                .GroupBy(r => r.Status == 200 ? "accepted" : r.Json["code"]!.GetValue<string>())
                .Select(g => $"{g.Count()} {g.Key}")));

            var view = (await resident.Client.GetBookingAsync(created.Id)).Booking;
            Assert.Equal(providers[winner].Id, view.ProviderId);
            Assert.Single(view.History, step => step.Action == "Accepted");
        }
    }
}
