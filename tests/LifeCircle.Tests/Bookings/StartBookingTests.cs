using LifeCircle.Bookings;
using LifeCircle.Tests.Infrastructure;

namespace LifeCircle.Tests.Bookings;

[Collection(Collections.Api)]
public sealed class StartBookingTests(AppFixture app)
{
    [Fact]
    public async Task Start_accepted_booking_returns_started()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await craftsman.StartAsync(created.Id);

        response.ShouldChangeTo(BookingStatus.Started);
        Assert.Equal(app.Clock.GetUtcNow(), (await resident.GetBookingAsync(created.Id)).Booking.StartedAt);
    }

    [Fact]
    public async Task Start_twice_returns_unchanged()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);

        var again = await craftsman.StartAsync(created.Id);

        again.ShouldChangeTo(BookingStatus.Started, changed: false);
    }

    [Fact]
    public async Task Start_job_of_another_provider_returns_404()
    {
        var resident = await app.SignInAsResidentAsync(DemoData.ZhaoLiPhone);
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);
        var created = await resident.CreateBookingAsync(app.Requests.Repair());
        (await craftsman.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await appliances.StartAsync(created.Id);

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Start_first_bath_without_prerequisites_returns_409()
    {
        var resident = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await team.StartAsync(created.Id);

        response.ShouldBeProblem(409, "Bathing_AssessmentAndAgreementFirst");
    }

    [Fact]
    public async Task Start_first_bath_with_assessment_only_returns_409()
    {
        var resident = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAssessmentAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await team.StartAsync(created.Id);

        response.ShouldBeProblem(409, "Bathing_AssessmentAndAgreementFirst");
    }

    [Fact]
    public async Task Start_first_bath_after_assessment_and_agreement_returns_started()
    {
        var resident = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var created = await resident.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAgreementAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAssessmentAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await team.StartAsync(created.Id);

        response.ShouldChangeTo(BookingStatus.Started);
    }

    [Fact]
    public async Task Start_second_bath_of_cleared_resident_needs_no_prerequisites()
    {
        var resident = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var first = await resident.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(first.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAssessmentAsync(first.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAgreementAsync(first.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var second = await resident.Client.CreateBookingAsync(app.Requests.Bathing() with
        {
            WindowStart = app.Requests.TomorrowAt(17),
            WindowEnd = app.Requests.TomorrowAt(18)
        });
        (await team.AcceptAsync(second.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await team.StartAsync(second.Id);

        response.ShouldChangeTo(BookingStatus.Started);
        Assert.True((await resident.Client.GetBookingAsync(second.Id)).Booking.BathingCleared);
    }

    [Fact]
    public async Task Start_bath_of_other_resident_still_needs_prerequisites()
    {
        var cleared = await app.NewResidentAsync(birthYear: 1938);
        var other = await app.NewResidentAsync(birthYear: 1938);
        var team = await app.SignInAsProviderAsync(DemoData.BathingTeamPhone);
        var first = await cleared.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(first.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAssessmentAsync(first.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await team.RecordBathingAgreementAsync(first.Id)).ShouldChangeTo(BookingStatus.Accepted);
        var created = await other.Client.CreateBookingAsync(app.Requests.Bathing());
        (await team.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);

        var response = await team.StartAsync(created.Id);

        response.ShouldBeProblem(409, "Bathing_AssessmentAndAgreementFirst");
    }
}
