using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using static LifeCircle.Tests.Pricing.PricingApi;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// Charge proposals. An approved proposal (by the resident, a guardian, or an operator for a
/// phone caller) lets a bill pass the quote, and a pending or rejected one does not. A quote
/// proposal prices a booking made without items.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class ChargeProposalTests(AppFixture app)
{
    private static readonly ChargeInput[] ExtraLines = [Card("RP-TAP-PART", 1m), Free("生料带", 2m, "卷", 1.5m)];

    private static readonly ChargeInput[] FullBill = [Card("RP-TAP", 1m), .. ExtraLines];

    [Fact]
    public async Task Extra_approved_by_resident_lets_bill_pass()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        (await craftsman.BillAsync(id, FullBill)).ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 3 项", "生料带");

        var proposed = await craftsman.ProposeAsync(id, ProposalKind.Extra, ExtraLines);

        var created = proposed.ShouldHaveStatus(201).As<ProposalCreated>();
        Assert.Equal($"/api/bookings/{id}/charge-proposals/{created.ProposalId}", proposed.Headers.Location.ToString());
        Assert.Equal(ProposalKind.Extra, created.Kind);
        Assert.Equal(
        [
            new ChargeLine("水龙头（配件）", 1m, "个", Money.Of(35m), Money.Of(35m), "RP-TAP-PART", 1, FeeKind.PartsAtRetail),
            new ChargeLine("生料带", 2m, "卷", Money.Of(1.5m), Money.Of(3m))
        ], created.Lines);
        Assert.Equal(Money.Of(38m), created.Total);

        (await resident.Client.ApproveAsync(id, created.ProposalId)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.BillAsync(id, FullBill)).ShouldChangeTo(BookingStatus.Completed);

        var view = (await resident.Client.GetBookingAsync(id)).Booking;
        Assert.Equal(Money.Of(78m), view.Total);
        var proposal = Assert.Single(view.Proposals);
        Assert.Equal(ProposalStatus.Approved, proposal.Status);
        Assert.Equal("拆开后发现阀芯老化，需更换配件", proposal.Reason);
        var approved = Assert.Single(view.History, s => s.Action == "ChargesApproved");
        Assert.Equal((ActorRole.Resident, Channel.App), (approved.ActorRole, approved.Channel));
    }

    [Theory]
    [InlineData(null, Channel.Phone)]
    [InlineData("phone", Channel.Phone)]
    [InlineData("walk-in", Channel.WalkIn)]
    public async Task Operator_approval_is_recorded_with_channel(string? channel, Channel recorded)
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var proposalId = await craftsman.ProposedAsync(id, ProposalKind.Extra, ExtraLines);
        var staff = await app.OperatorAsync();

        var response = channel is null
            ? await staff.ApproveAsync(id, proposalId)
            : await staff.ApproveAsync(id, proposalId, ("X-Channel", channel));

        response.ShouldChangeTo(BookingStatus.Started);
        (await craftsman.BillAsync(id, FullBill)).ShouldChangeTo(BookingStatus.Completed);
        var approved = Assert.Single((await resident.Client.GetBookingAsync(id)).Booking.History, s => s.Action == "ChargesApproved");
        Assert.Equal((ActorRole.Operator, recorded), (approved.ActorRole, approved.Channel));
    }

    [Fact]
    public async Task Guardian_approval_is_recorded_as_guardian()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var guardianPhone = app.NewPhone();
        (await resident.Client.LinkGuardianAsync(guardianPhone)).ShouldHaveStatus(201);
        var guardian = await app.SignInAsResidentAsync(guardianPhone);
        var proposalId = await craftsman.ProposedAsync(id, ProposalKind.Extra, ExtraLines);

        (await guardian.ApproveAsync(id, proposalId)).ShouldChangeTo(BookingStatus.Started);

        (await craftsman.BillAsync(id, FullBill)).ShouldChangeTo(BookingStatus.Completed);
        var approved = Assert.Single((await resident.Client.GetBookingAsync(id)).Booking.History, s => s.Action == "ChargesApproved");
        Assert.Equal(ActorRole.Guardian, approved.ActorRole);
    }

    [Fact]
    public async Task Rejected_extra_does_not_let_bill_pass()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var proposalId = await craftsman.ProposedAsync(id, ProposalKind.Extra, ExtraLines);

        (await resident.Client.RejectAsync(id, proposalId, "配件自己买")).ShouldChangeTo(BookingStatus.Started);

        (await craftsman.BillAsync(id, FullBill)).ShouldBeProblem(409, "Charge_NeedsApproval").ShouldMention("第 3 项", "生料带");
        (await craftsman.BillAsync(id, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m)))
            .ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("75.00", "40.00");
        var view = (await resident.Client.GetBookingAsync(id)).Booking;
        Assert.Equal(ProposalStatus.Rejected, Assert.Single(view.Proposals).Status);
        Assert.Equal("配件自己买", Assert.Single(view.History, s => s.Action == "ChargesRejected").Note);
        Assert.Equal(BookingStatus.Started, view.Status);
    }

    [Fact]
    public async Task Pending_extra_does_not_let_bill_pass()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        await craftsman.ProposedAsync(id, ProposalKind.Extra, Card("RP-TAP-PART", 1m));

        var response = await craftsman.BillAsync(id, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m));

        response.ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("75.00", "40.00");
        Assert.Equal(ProposalStatus.Pending, Assert.Single((await resident.Client.GetBookingAsync(id)).Booking.Proposals).Status);
    }

    [Fact]
    public async Task Approved_quote_prices_pool_booking()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.NewCraftsmanAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.Requests.Repair());
        (await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m))).ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("40.00", "0.00");

        var proposalId = await craftsman.Client.ProposedAsync(id, ProposalKind.Quote, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m));
        (await resident.Client.ApproveAsync(id, proposalId)).ShouldChangeTo(BookingStatus.Started);

        (await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m), Card("RP-KEY", 1m)))
            .ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("80.00", "75.00");
        (await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m))).ShouldChangeTo(BookingStatus.Completed);
        var view = (await resident.Client.GetBookingAsync(id)).Booking;
        Assert.Null(view.Quote);
        Assert.Equal(1, view.CardVersion);
        Assert.Equal(Money.Of(75m), view.Total);
    }

    [Fact]
    public async Task Booking_without_items_is_bound_at_acceptance()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.NewCraftsmanAsync();
        var created = await resident.Client.CreateBookingAsync(app.RepairWith(craftsman.Id));
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m));
        (await craftsman.Client.AcceptAsync(created.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.Client.StartAsync(created.Id)).ShouldChangeTo(BookingStatus.Started);

        var atOldPrice = await craftsman.Client.ProposeAsync(created.Id, ProposalKind.Quote, Card("RP-TAP", 1m, 40m));
        var proposalId = await craftsman.Client.ProposedAsync(created.Id, ProposalKind.Quote, Card("RP-TAP", 1m));

        atOldPrice.ShouldBeProblem(409, "Charge_PriceDiffers").ShouldMention("第 1 项", "40.00", "50.00");
        (await resident.Client.ApproveAsync(created.Id, proposalId)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.Client.BillAsync(created.Id, Card("RP-TAP", 1m, 50m))).ShouldChangeTo(BookingStatus.Completed);
        Assert.Equal(2, (await resident.Client.GetBookingAsync(created.Id)).Booking.CardVersion);
    }

    [Fact]
    public async Task Second_quote_proposal_returns_409()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var pool = await resident.Client.StartedJobAsync(craftsman, app.RepairWith(DemoData.RepairCraftsman));
        var quoted = await resident.Client.StartedJobAsync(craftsman, app.RepairWith(DemoData.RepairCraftsman, new ItemChoice("RP-KEY", 1m)));
        var first = await craftsman.ProposedAsync(pool, ProposalKind.Quote, Card("RP-TAP", 1m));

        var whilePending = await craftsman.ProposeAsync(pool, ProposalKind.Quote, Card("RP-TAP", 1m));
        (await resident.Client.ApproveAsync(pool, first)).ShouldChangeTo(BookingStatus.Started);
        var afterApproval = await craftsman.ProposeAsync(pool, ProposalKind.Quote, Card("RP-KEY", 1m));
        var onQuotedBooking = await craftsman.ProposeAsync(quoted, ProposalKind.Quote, Card("RP-KEY", 1m));

        whilePending.ShouldBeProblem(409, "Proposal_QuoteExists");
        afterApproval.ShouldBeProblem(409, "Proposal_QuoteExists");
        onQuotedBooking.ShouldBeProblem(409, "Proposal_QuoteExists");
        Assert.Single((await resident.Client.GetBookingAsync(pool)).Booking.Proposals);
        Assert.Empty((await resident.Client.GetBookingAsync(quoted)).Booking.Proposals);
    }

    [Fact]
    public async Task Quote_proposal_after_rejected_one_is_allowed()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var id = await resident.Client.StartedJobAsync(craftsman, app.RepairWith(DemoData.RepairCraftsman));
        var first = await craftsman.ProposedAsync(id, ProposalKind.Quote, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m));
        (await resident.Client.RejectAsync(id, first)).ShouldChangeTo(BookingStatus.Started);

        var second = await craftsman.ProposeAsync(id, ProposalKind.Quote, Card("RP-TAP", 1m));

        second.ShouldHaveStatus(201);
    }

    [Fact]
    public async Task Answered_proposal_keeps_its_answer()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var approved = await craftsman.ProposedAsync(id, ProposalKind.Extra, Card("RP-KEY", 1m));
        var rejected = await craftsman.ProposedAsync(id, ProposalKind.Extra, Card("RP-SHOE", 1m));
        (await resident.Client.ApproveAsync(id, approved)).ShouldChangeTo(BookingStatus.Started);
        (await resident.Client.RejectAsync(id, rejected)).ShouldChangeTo(BookingStatus.Started);

        var approveAgain = await resident.Client.ApproveAsync(id, approved);
        var rejectApproved = await resident.Client.RejectAsync(id, approved);
        var rejectAgain = await resident.Client.RejectAsync(id, rejected);
        var approveRejected = await resident.Client.ApproveAsync(id, rejected);

        approveAgain.ShouldChangeTo(BookingStatus.Started, changed: false);
        rejectApproved.ShouldBeProblem(409, "Proposal_AlreadyAnswered").ShouldMention("已同意");
        rejectAgain.ShouldChangeTo(BookingStatus.Started, changed: false);
        approveRejected.ShouldBeProblem(409, "Proposal_AlreadyAnswered").ShouldMention("已拒绝");
        var view = (await resident.Client.GetBookingAsync(id)).Booking;
        Assert.Equal([ProposalStatus.Approved, ProposalStatus.Rejected], view.Proposals.Select(p => p.Status));
        Assert.Single(view.History, s => s.Action == "ChargesApproved");
        Assert.Single(view.History, s => s.Action == "ChargesRejected");
    }

    [Fact]
    public async Task Proposal_by_unassigned_provider_returns_404()
    {
        var (resident, _, id) = await StartedTapRepairAsync();
        var appliances = await app.SignInAsProviderAsync(DemoData.ApplianceRepairPhone);

        var response = await appliances.ProposeAsync(id, ProposalKind.Extra, Card("AP-ELEC", 1m));

        response.ShouldBeProblem(404, "Booking_NotFound");
        Assert.Empty((await resident.Client.GetBookingAsync(id)).Booking.Proposals);
    }

    [Fact]
    public async Task Proposal_before_acceptance_returns_404()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var created = await resident.Client.CreateBookingAsync(app.RepairWith(DemoData.RepairCraftsman));

        var response = await craftsman.ProposeAsync(created.Id, ProposalKind.Quote, Card("RP-TAP", 1m));

        response.ShouldBeProblem(404, "Booking_NotFound");
    }

    [Fact]
    public async Task Proposal_after_completion_returns_409()
    {
        var (_, craftsman, id) = await StartedTapRepairAsync();
        (await craftsman.BillAsync(id, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);

        var response = await craftsman.ProposeAsync(id, ProposalKind.Extra, Card("RP-KEY", 1m));

        response.ShouldBeInvalidTransition(BookingStatus.Completed);
    }

    [Fact]
    public async Task Approval_after_completion_returns_409()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var proposalId = await craftsman.ProposedAsync(id, ProposalKind.Extra, Card("RP-KEY", 1m));
        (await craftsman.BillAsync(id, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);

        var response = await resident.Client.ApproveAsync(id, proposalId);

        response.ShouldBeInvalidTransition(BookingStatus.Completed);
        Assert.Equal(ProposalStatus.Pending, Assert.Single((await resident.Client.GetBookingAsync(id)).Booking.Proposals).Status);
    }

    [Fact]
    public async Task Approval_by_another_resident_returns_404()
    {
        var (resident, craftsman, id) = await StartedTapRepairAsync();
        var proposalId = await craftsman.ProposedAsync(id, ProposalKind.Extra, ExtraLines);
        var stranger = await app.NewResidentAsync();

        var approve = await stranger.Client.ApproveAsync(id, proposalId);
        var reject = await stranger.Client.RejectAsync(id, proposalId);

        approve.ShouldBeProblem(404, "Booking_NotFound");
        reject.ShouldBeProblem(404, "Booking_NotFound");
        Assert.Equal(ProposalStatus.Pending, Assert.Single((await resident.Client.GetBookingAsync(id)).Booking.Proposals).Status);
    }

    [Fact]
    public async Task Approval_by_provider_returns_403()
    {
        var (_, craftsman, id) = await StartedTapRepairAsync();
        var proposalId = await craftsman.ProposedAsync(id, ProposalKind.Extra, ExtraLines);

        var response = await craftsman.ApproveAsync(id, proposalId);

        response.ShouldHaveStatus(403);
    }

    [Fact]
    public async Task Unknown_proposal_returns_404()
    {
        var (resident, _, id) = await StartedTapRepairAsync();
        var unknown = Guid.NewGuid();

        var response = await resident.Client.ApproveAsync(id, unknown);

        response.ShouldBeProblem(404, "Proposal_NotFound").ShouldMention(unknown.ToString());
    }

    [Fact]
    public async Task Proposal_breaking_card_returns_problem_naming_line()
    {
        var (_, craftsman, id) = await StartedTapRepairAsync();

        var price = await craftsman.ProposeAsync(id, ProposalKind.Extra, Card("RP-KEY", 1m), Card("RP-TAP-PART", 1m, 30m));
        var quantity = await craftsman.ProposeAsync(id, ProposalKind.Extra, Card("RP-KEY", 1.5m));
        var unknown = await craftsman.ProposeAsync(id, ProposalKind.Extra, Card("RP-GAS", 1m));

        price.ShouldBeProblem(409, "Charge_PriceDiffers").ShouldMention("第 2 项", "水龙头（配件）", "30.00", "35.00");
        quantity.ShouldBeProblem(400, "Charge_QuantityUnit").ShouldMention("第 1 项", "配钥匙（普通）");
        unknown.ShouldBeProblem(409, "Charge_NotOnCard").ShouldMention("第 1 项", "RP-GAS");
    }

    [Theory]
    [InlineData("""{"kind": "Extra", "lines": [{"itemCode": "RP-KEY", "quantity": 1}]}""", "reason")]
    [InlineData("""{"kind": "Extra", "lines": [{"itemCode": "RP-KEY", "quantity": 1}], "reason": ""}""", "reason")]
    [InlineData("""{"kind": "Extra", "lines": [], "reason": "需更换配件"}""", "lines")]
    [InlineData("""{"lines": [{"itemCode": "RP-KEY", "quantity": 1}], "reason": "需更换配件"}""", "kind")]
    [InlineData("""{"kind": "Extra", "lines": [{"item": "生料带", "quantity": 1, "unit": "卷"}], "reason": "需更换配件"}""", "lines[0].unitPrice")]
    public async Task Proposal_with_invalid_shape_returns_400(string body, string field)
    {
        var (_, craftsman, id) = await StartedTapRepairAsync();

        var response = await craftsman.PostAsync($"/api/bookings/{id}/charge-proposals", body);

        response.ShouldBeInvalidField(field);
    }

    private async Task<(TestResident Resident, ApiClient Craftsman, Guid Id)> StartedTapRepairAsync()
    {
        var resident = await app.NewResidentAsync();
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var id = await resident.Client.StartedJobAsync(craftsman, app.RepairWith(DemoData.RepairCraftsman, new ItemChoice("RP-TAP", 1m)));
        return (resident, craftsman, id);
    }
}
