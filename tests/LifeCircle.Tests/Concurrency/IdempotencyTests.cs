using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LifeCircle.Tests.Concurrency;

/// <summary>Retried booking requests with an Idempotency-Key create one booking only.</summary>
[Collection(Collections.Concurrency)]
public sealed class IdempotencyTests(AppFixture app, ITestOutputHelper output)
{
    private const string KeyHeader = "Idempotency-Key";

    [Fact]
    public async Task Retry_with_same_key_and_body_replays_first_response()
    {
        var resident = await app.NewResidentAsync();
        var request = app.Requests.Repair();
        var key = Guid.NewGuid().ToString();

        var first = await resident.Client.PostAsync("/api/bookings", request, (KeyHeader, key));
        var retry = await resident.Client.PostAsync("/api/bookings", request, (KeyHeader, key));

        first.ShouldHaveStatus(201);
        retry.ShouldHaveStatus(201);
        Assert.False(first.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers["Idempotent-Replayed"].ToString());
        Assert.Equal(first.Headers.Location.ToString(), retry.Headers.Location.ToString());
        Assert.Equal(first.As<BookingCreated>(), retry.As<BookingCreated>());
        Assert.Equal(1, await CountBookingsAsync(resident));
    }

    [Fact]
    public async Task Retry_with_same_key_and_other_body_returns_422()
    {
        var resident = await app.NewResidentAsync();
        var key = Guid.NewGuid().ToString();
        (await resident.Client.PostAsync("/api/bookings", app.Requests.Repair(), (KeyHeader, key))).ShouldHaveStatus(201);

        var response = await resident.Client.PostAsync("/api/bookings", app.Requests.Housekeeping(), (KeyHeader, key));

        response.ShouldBeProblem(422, "Idempotency_KeyReused");
        Assert.Equal(1, await CountBookingsAsync(resident));
    }

    [Fact]
    public async Task Same_key_from_two_residents_creates_two_bookings()
    {
        var first = await app.NewResidentAsync();
        var second = await app.NewResidentAsync();
        var key = Guid.NewGuid().ToString();

        var a = await first.Client.PostAsync("/api/bookings", app.Requests.Repair(), (KeyHeader, key));
        var b = await second.Client.PostAsync("/api/bookings", app.Requests.Repair(), (KeyHeader, key));

        Assert.NotEqual(a.ShouldHaveStatus(201).As<BookingCreated>().Id, b.ShouldHaveStatus(201).As<BookingCreated>().Id);
        Assert.False(b.Headers.ContainsKey("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("contains space")]
    [InlineData("中文键")]
    [InlineData("x129")]
    public async Task Create_with_invalid_key_returns_400(string key)
    {
        var resident = await app.NewResidentAsync();
        var header = key == "x129" ? new string('k', 129) : key;

        var response = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair(), (KeyHeader, header));

        response.ShouldBeProblem(400, "Idempotency_KeyInvalid");
        Assert.Equal(0, await CountBookingsAsync(resident));
    }

    [Fact]
    public async Task Create_with_128_character_key_returns_201()
    {
        var resident = await app.NewResidentAsync();

        var response = await resident.Client.PostAsync("/api/bookings", app.Requests.Repair(), (KeyHeader, new string('k', 128)));

        response.ShouldHaveStatus(201);
    }

    [Fact]
    public async Task Concurrent_duplicates_create_exactly_one_booking()
    {
        const int rounds = 5;
        const int duplicates = 10;
        for (var round = 0; round < rounds; round++)
        {
            var resident = await app.NewResidentAsync();
            var request = app.Requests.Repair();
            var key = Guid.NewGuid().ToString();

            var responses = await Task.WhenAll(Enumerable.Range(0, duplicates)
                .Select(_ => Task.Run(() => resident.Client.PostAsync("/api/bookings", request, (KeyHeader, key)))));

            var unexpected = responses.Where(r => r.Status is not (201 or 409)).ToList();
            Assert.True(unexpected.Count == 0, $"Round {round}: unexpected responses: {string.Join(" | ", unexpected)}");
            var created = responses.Where(r => r.Status == 201).ToList();
            output.WriteLine($"Round {round}: {created.Count} created or replayed, {responses.Length - created.Count} conflicts");
            Assert.Single(created, r => !r.Headers.ContainsKey("Idempotent-Replayed"));
            Assert.Single(created.Select(r => r.As<BookingCreated>().Id).Distinct());
            Assert.All(responses.Where(r => r.Status == 409), r => r.ShouldBeProblem(409, "Request_ConcurrentChange"));
            Assert.Equal(1, await CountBookingsAsync(resident));
        }
    }

    private static async Task<long> CountBookingsAsync(TestResident resident) =>
        (await resident.Client.GetAsync("/api/bookings")).ShouldHaveStatus(200).As<BookingPage>().Total;
}
