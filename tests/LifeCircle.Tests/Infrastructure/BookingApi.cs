using LifeCircle.Bookings;

namespace LifeCircle.Tests.Infrastructure;

/// <summary>
/// The booking endpoints as calls of an <see cref="ApiClient"/>. The command calls return the
/// raw response; <see cref="CreateBookingAsync"/> and <see cref="GetBookingAsync"/> also assert
/// success, for tests that only arrange state with them.
/// </summary>
public static class BookingApi
{
    public static async Task<BookingCreated> CreateBookingAsync(this ApiClient client, CreateBooking request,
        params (string Name, string Value)[] headers) =>
        (await client.PostAsync("/api/bookings", request, headers)).ShouldHaveStatus(201).As<BookingCreated>();

    public static async Task<BookingDetails> GetBookingAsync(this ApiClient client, Guid id) =>
        (await client.GetAsync($"/api/bookings/{id}")).ShouldHaveStatus(200).As<BookingDetails>();

    public static Task<ApiResponse> AcceptAsync(this ApiClient client, Guid id) =>
        client.PostAsync($"/api/bookings/{id}/accept");

    public static Task<ApiResponse> DeclineAsync(this ApiClient client, Guid id, string? reason = "时间排不开") =>
        client.PostAsync($"/api/bookings/{id}/decline", new DeclineBooking(reason));

    public static Task<ApiResponse> StartAsync(this ApiClient client, Guid id) =>
        client.PostAsync($"/api/bookings/{id}/start");

    /// <summary>
    /// Completes a booking with a bill of the given lines (a lone visit fee by default). Bills may
    /// not pass what the resident agreed to, so the provider first proposes the lines and an
    /// operator approves them on the resident's behalf; tests of the pricing rules themselves
    /// post to the complete endpoint directly instead.
    /// </summary>
    public static async Task<ApiResponse> CompleteAsync(this ApiClient client, Guid id, params ChargeInput[] charges)
    {
        ChargeInput[] lines = charges.Length > 0 ? charges : [new ChargeInput("上门检测费", 1m, "次", 30m)];
        await client.AgreeChargesAsync(id, lines);
        return await client.PostAsync($"/api/bookings/{id}/complete", new CompleteBooking(lines, null));
    }

    /// <summary>
    /// Has the provider propose charges and an operator approve them for the resident. Does
    /// nothing more when the proposal is rejected, for example because the booking is not in
    /// progress.
    /// </summary>
    public static async Task AgreeChargesAsync(this ApiClient provider, Guid id, IReadOnlyList<ChargeInput> lines)
    {
        var proposed = await provider.PostAsync($"/api/bookings/{id}/charge-proposals",
            new ProposeCharges(ProposalKind.Extra, [.. lines], "按实际工作量收费"));
        if (proposed.Status != 201)
        {
            return;
        }

        var proposalId = proposed.As<ProposalCreated>().ProposalId;
        var approver = await OperatorOn(provider.Host);
        (await approver.PostAsync($"/api/bookings/{id}/charge-proposals/{proposalId}/approve")).ShouldHaveStatus(200);
    }

    // The fixture's sign-in renews the token once the fake clock has moved hours ahead.
    private static Task<ApiClient> OperatorOn(Alba.IAlbaHost host) => AppFixture.Of(host).SignInAsStaffAsync(DemoData.Operator);

    public static Task<ApiResponse> SettleAsync(this ApiClient client, Guid id, PaymentMethod method, decimal amount) =>
        client.PostAsync($"/api/bookings/{id}/settle", new SettleBooking(method, amount));

    public static Task<ApiResponse> CancelAsync(this ApiClient client, Guid id, string reason = "家里临时有事") =>
        client.PostAsync($"/api/bookings/{id}/cancel", new CancelBooking(reason));

    public static Task<ApiResponse> RescheduleAsync(this ApiClient client, Guid id, DateTimeOffset start, DateTimeOffset end) =>
        client.PostAsync($"/api/bookings/{id}/reschedule", new RescheduleBooking(start, end));

    public static Task<ApiResponse> RecordNoShowAsync(this ApiClient client, Guid id, NoShowParty absent) =>
        client.PostAsync($"/api/bookings/{id}/no-show", new RecordNoShow(absent, null));

    public static Task<ApiResponse> RecordBathingAssessmentAsync(this ApiClient client, Guid id) =>
        client.PostAsync($"/api/bookings/{id}/bathing-assessment",
            new RecordBathingAssessment(MobilityLevel.NeedsAssistance, "可扶行，需两人协助进出浴缸"));

    public static Task<ApiResponse> RecordBathingAgreementAsync(this ApiClient client, Guid id, string number = "ZY-2026-0001") =>
        client.PostAsync($"/api/bookings/{id}/bathing-agreement", new RecordBathingAgreement(number));

    /// <summary>Reads a lifecycle response and fails unless it is 200 with the expected outcome.</summary>
    public static BookingChanged ShouldChangeTo(this ApiResponse response, BookingStatus status, bool changed = true)
    {
        var body = response.ShouldHaveStatus(200).As<BookingChanged>();
        Assert.Equal(status, body.Status);
        Assert.Equal(changed, body.Changed);
        return body;
    }
}
