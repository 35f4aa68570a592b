using LifeCircle.Bookings;
using LifeCircle.Demo;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using LifeCircle.Tests.Pricing;
using Marten;
using Xunit.Abstractions;

namespace LifeCircle.Tests.Concurrency;

/// <summary>
/// A provider assigning one staff member to eight overlapping jobs at once: each job is its own
/// stream, so only the staff member's slots keep them apart. Exactly one assignment wins per round.
/// </summary>
[Collection(Collections.Concurrency)]
public sealed class StaffAssignmentRaceTests(AppFixture app, ITestOutputHelper output)
{
    private const int Racers = 8;
    private const int Rounds = 10;

    [Fact]
    public async Task Parallel_staff_assignments_have_one_winner()
    {
        var provider = await app.NewCraftsmanAsync();
        var staffId = (await provider.Client.PostAsync($"/api/providers/{provider.Id}/staff", new AddStaffMember("孙师傅", [ServiceType.Repair])))
            .ShouldHaveStatus(201).As<StaffMemberAdded>().StaffId;
        var winners = new List<(Guid BookingId, TimeWindow Window)>();

        for (var round = 0; round < Rounds; round++)
        {
            // Each round is on its own day. The windows start 15 minutes apart and all overlap
            // from 11:45 to 12:00, so the racers claim different but intersecting sets of slots.
            var resident = (await app.NewResidentAsync()).Client;
            var day = app.Requests.Tomorrow.AddDays(round);
            var bookings = new List<BookingCreated>();
            for (var i = 0; i < Racers; i++)
            {
                var request = app.RepairWith(provider.Id) with
                {
                    WindowStart = BookingRequests.At(day, 10).AddMinutes(15 * i),
                    WindowEnd = BookingRequests.At(day, 12)
                };
                var created = await resident.CreateBookingAsync(request);
                (await provider.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
                bookings.Add(created);
            }

            var responses = await Task.WhenAll(bookings.Select(b =>
                Task.Run(() => provider.Client.PostAsync($"/api/bookings/{b.Id}/staff", new AssignStaff(staffId)))));

            var unexpected = responses.Where(r => r.Status is not (200 or 409)).ToList();
            Assert.True(unexpected.Count == 0, $"Round {round}: unexpected responses: {string.Join(" | ", unexpected)}");
            var winner = Assert.Single(Enumerable.Range(0, Racers), i => responses[i].Status == 200);
            responses[winner].ShouldChangeTo(BookingStatus.Accepted);
            Assert.All(responses.Where(r => r.Status == 409), r => r.ShouldBeProblem(409, "Staff_Busy").ShouldMention(bookings[winner].Number));
            winners.Add((bookings[winner].Id, bookings[winner].Window));

            output.WriteLine($"Round {round}: booking {winner} won; " + string.Join(", ", responses
                .GroupBy(r => r.Status == 200 ? "assigned" : r.Json["code"]!.GetValue<string>())
                .Select(g => $"{g.Count()} {g.Key}")));
        }

        await using var session = app.Store.QuerySession(DemoData.City);
        var assigned = await session.Events.QueryRawEventDataOnly<StaffAssigned>().Where(e => e.StaffId == staffId).ToListAsync();
        Assert.Equal(winners.Select(w => w.BookingId).Order(), assigned.Select(e => e.BookingId).Order());

        var slots = await session.Query<StaffSlot>().Where(s => s.StaffId == staffId).ToListAsync();
        foreach (var (bookingId, window) in winners)
        {
            var slotStarts = slots.Where(s => s.BookingId == bookingId).Select(s => s.Start).Order().ToList();
            Assert.Equal(StaffSlots.StartsOf(window), slotStarts);
        }

        Assert.Equal(winners.Sum(w => StaffSlots.StartsOf(w.Window).Count), slots.Count);
    }
}
