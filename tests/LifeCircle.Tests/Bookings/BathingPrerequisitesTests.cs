using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class BathingPrerequisitesTests(AppFixture app)
{
    [Fact]
    public async Task Assessment_twice_returns_unchanged()
    {
        var (team, id) = await AcceptedBathAsync();
        (await team.RecordBathingAssessmentAsync(id)).ShouldChangeTo(BookingStatus.Accepted);

        var again = await team.RecordBathingAssessmentAsync(id);

        again.ShouldChangeTo(BookingStatus.Accepted, changed: false);
    }

    [Fact]
    public async Task Agreement_twice_returns_unchanged()
    {
        var (team, id) = await AcceptedBathAsync();
        (await team.RecordBathingAgreementAsync(id)).ShouldChangeTo(BookingStatus.Accepted);

        var again = await team.RecordBathingAgreementAsync(id, "ZY-2026-0002");

        again.ShouldChangeTo(BookingStatus.Accepted, changed: false);
    }

    [Fact]
    public async Task Assessment_before_acceptance_returns_409()
    {
        var resident = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Bathing());

        var response = await team.RecordBathingAssessmentAsync(created.Id);

        response.ShouldBeInvalidTransition(BookingStatus.Requested);
    }

    [Fact]
    public async Task Assessment_after_start_returns_409()
    {
        var (team, id) = await AcceptedBathAsync();
        (await team.RecordBathingAssessmentAsync(id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAgreementAsync(id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.StartAsync(id)).ShouldChangeTo(BookingStatus.Started);

        var response = await team.RecordBathingAssessmentAsync(id);

        response.ShouldBeInvalidTransition(BookingStatus.Started);
    }

    [Fact]
    public async Task Assessment_on_repair_booking_returns_409()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await craftsman.RecordBathingAssessmentAsync(created.Id);

        response.ShouldBeProblem(409, "Bathing_OnlyForBathing");
    }

    [Fact]
    public async Task Assessment_without_summary_returns_400()
    {
        var (team, id) = await AcceptedBathAsync();

        var response = await team.PostAsync($"/api/bookings/{id}/bathing-assessment",
            new RecordBathingAssessment(MobilityLevel.WheelchairUser, ""));

        response.ShouldBeInvalidField("summary");
    }

    [Fact]
    public async Task Assessment_without_mobility_returns_400()
    {
        var (team, id) = await AcceptedBathAsync();

        var response = await team.PostAsync($"/api/bookings/{id}/bathing-assessment",
            new RecordBathingAssessment(null, "需轮椅转移"));

        response.ShouldBeInvalidField("mobility");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ZY 2026")]
    [InlineData("协议-1")]
    public async Task Agreement_with_invalid_number_returns_400(string number)
    {
        var (team, id) = await AcceptedBathAsync();

        var response = await team.RecordBathingAgreementAsync(id, number);

        response.ShouldBeInvalidField("agreementNumber");
    }

    private async Task<(ApiClient Team, Guid Id)> AcceptedBathAsync()
    {
        var resident = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        return (team, created.Id);
    }
}
