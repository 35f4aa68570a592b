using LifeCircle.Bookings;
using LifeCircle.Core;
using LifeCircle.Providers;
using LifeCircle.Tests.Infrastructure;
using Marten;
using static LifeCircle.Tests.Pricing.PricingApi;

namespace LifeCircle.Tests.Pricing;

/// <summary>
/// No code path settles a booking above its quote without a recorded approval. These tests try
/// every way of billing more, then check every bill in the read model against its quote, its
/// approved proposals and the card version it is bound to.
/// </summary>
[Collection(PricingCollection.Name)]
public sealed class QuoteBindingTests(AppFixture app)
{
    private static readonly string[] RejectionCodes =
    [
        "Charge_PriceDiffers", "Charge_NotOnCard", "Charge_QuantityUnit", "Charge_NeedsApproval", "Charge_AboveQuote",
        "Charge_VisitFeeWithService"
    ];

    public static TheoryData<string, ChargeInput[]> BillsAboveQuote() => new()
    {
        { "more of the quoted item", [Card("RP-TAP", 2m)] },
        { "a card item that was not quoted", [Card("RP-TAP", 1m), Card("RP-KEY", 1m)] },
        { "a free line", [Card("RP-TAP", 1m), Free("加急费", 1m, "次", 20m)] },
        { "a free line named like the card item", [Free("更换水龙头（加急）", 1m, "个", 60m)] },
        { "the card item by name at another price", [new ChargeInput("更换水龙头", 1m, "个", 60m)] },
        { "the price of the newer card", [Card("RP-TAP", 1m, 50m)] },
        { "an item only on the newer card", [Card("RP-TAP", 1m), Card("RP-FAST", 1m)] },
        { "a visit fee on top of the repair", [Card("RP-TAP", 1m), Card("RP-VISIT", 1m)] },
        { "a fractional piece", [Card("RP-TAP", 1.5m)] },
        { "the item by code at a lower price plus a free line", [Card("RP-TAP", 1m, 20m), Free("辅料", 1m, "份", 20m)] }
    };

    [Theory]
    [MemberData(nameof(BillsAboveQuote))]
    public async Task Bill_breaking_quote_never_completes(string path, ChargeInput[] bill)
    {
        var (resident, craftsman, id) = await StartedQuotedRepairAsync();
        await craftsman.Client.PublishCardOkAsync(craftsman.Id, PriceCards.Craftsman.WithPrice("RP-TAP", 50m)
            .With(new PriceItemInput("RP-FAST", ServiceType.Repair, "加急上门", "2小时内上门", "次", PriceUnit.PerJob, 20m)));

        var response = await craftsman.Client.BillAsync(id, bill);

        Assert.True(response.Status is 400 or 409, $"{path}: {response}");
        Assert.Contains(response.Json["code"]!.GetValue<string>(), RejectionCodes);
        await AssertNotBilledAsync(resident, id);
    }

    [Fact]
    public async Task Pending_or_rejected_proposal_never_completes()
    {
        var (resident, craftsman, id) = await StartedQuotedRepairAsync();
        await craftsman.Client.ProposedAsync(id, ProposalKind.Extra, Card("RP-KEY", 1m));
        var rejected = await craftsman.Client.ProposedAsync(id, ProposalKind.Extra, Free("加急费", 1m, "次", 20m));
        (await resident.RejectAsync(id, rejected)).ShouldChangeTo(BookingStatus.Started);

        var withPending = await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m), Card("RP-KEY", 1m));
        var withRejected = await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m), Free("加急费", 1m, "次", 20m));
        var settleFirst = await resident.SettleAsync(id, PaymentMethod.Online, 45m);

        withPending.ShouldBeProblem(409, "Charge_AboveQuote");
        withRejected.ShouldBeProblem(409, "Charge_NeedsApproval");
        settleFirst.ShouldBeInvalidTransition(BookingStatus.Started);
        await AssertNotBilledAsync(resident, id);
    }

    [Fact]
    public async Task Pool_booking_without_approved_quote_never_completes()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.Requests.Repair());

        var visitFee = await craftsman.Client.BillAsync(id, Card("RP-VISIT", 1m));
        var pending = await craftsman.Client.ProposedAsync(id, ProposalKind.Quote, Card("RP-SHOE", 1m));
        var whilePending = await craftsman.Client.BillAsync(id, Card("RP-SHOE", 1m));
        (await resident.Client.RejectAsync(id, pending)).ShouldChangeTo(BookingStatus.Started);
        var afterRejection = await craftsman.Client.BillAsync(id, Card("RP-SHOE", 1m));

        visitFee.ShouldBeProblem(409, "Charge_AboveQuote").ShouldMention("30.00", "0.00");
        whilePending.ShouldBeProblem(409, "Charge_AboveQuote");
        afterRejection.ShouldBeProblem(409, "Charge_AboveQuote");
        await AssertNotBilledAsync(resident.Client, id);
    }

    [Fact]
    public async Task Settlement_must_equal_bill()
    {
        var (resident, craftsman, id) = await StartedQuotedRepairAsync();
        (await craftsman.Client.BillAsync(id, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);

        var above = await craftsman.Client.SettleAsync(id, PaymentMethod.Cash, 45m);
        var exact = await craftsman.Client.SettleAsync(id, PaymentMethod.Cash, 40m);

        above.ShouldBeProblem(409, "Settle_AmountDiffers").ShouldMention("45.00", "40.00");
        exact.ShouldChangeTo(BookingStatus.Settled);
        Assert.Equal(Money.Of(40m), (await resident.GetBookingAsync(id)).Booking.AmountPaid);
    }

    /// <summary>
    /// Checks every completed or settled booking in this collection's database, whichever test
    /// made it. The total stays within the quote's upper bound plus the approved proposals, and
    /// each approval is on record. Each card line carries the posted price of the booking's card
    /// version, and free lines stay within the approved quantities.
    /// </summary>
    [Fact]
    public async Task Every_bill_in_read_model_is_within_agreement()
    {
        await BillSomeBookingsAsync();

        await using var session = app.Store.QuerySession(DemoData.City);
        var bills = await session.Query<BookingView>()
            .Where(b => b.Status == BookingStatus.Completed || b.Status == BookingStatus.Settled)
            .ToListAsync();
        var providers = (await session.Query<Provider>().ToListAsync()).ToDictionary(p => p.Id);

        Assert.True(bills.Count >= 4, $"Expected the bookings billed by this test at least, found {bills.Count}.");
        foreach (var bill in bills)
        {
            var approved = bill.Proposals.Where(p => p.Status == ProposalStatus.Approved).ToList();
            var budget = (bill.Quote?.TotalHigh.Yuan ?? 0m) + approved.Sum(p => p.Total.Yuan);
            var card = providers[bill.ProviderId!.Value].VersionOf(bill.CardVersion);

            Assert.True(bill.Total!.Value.Yuan <= budget, $"Booking {bill.Number} was billed {bill.Total} above the agreed {budget}.");
            Assert.Equal(bill.Charges.Sum(c => c.Amount.Yuan), bill.Total.Value.Yuan);
            Assert.Equal(approved.Count, bill.History.Count(s => s.Action == "ChargesApproved"));
            foreach (var line in bill.Charges.Where(c => c.ItemCode is not null))
            {
                Assert.Equal(bill.CardVersion, line.CardVersion);
                Assert.Equal(card!.Items.Single(i => i.Code == line.ItemCode).Price, line.UnitPrice);
            }

            foreach (var free in bill.Charges.Where(c => c.ItemCode is null).GroupBy(c => (c.Item, c.Unit, c.UnitPrice)))
            {
                var allowed = approved.SelectMany(p => p.Lines)
                    .Where(a => a.ItemCode is null && (a.Item, a.Unit, a.UnitPrice) == free.Key)
                    .Sum(a => a.Quantity);
                Assert.True(free.Sum(c => c.Quantity) <= allowed, $"Booking {bill.Number} billed {free.Key.Item} beyond the approved {allowed}.");
            }

            if (bill.Status == BookingStatus.Settled)
            {
                Assert.Equal(bill.Total, bill.AmountPaid);
            }
        }
    }

    /// <summary>Bills four bookings the allowed ways: at the quote, with an approved extra, with an approved quote, hourly.</summary>
    private async Task BillSomeBookingsAsync()
    {
        var (resident, craftsman, quoted) = await StartedQuotedRepairAsync();
        (await craftsman.Client.BillAsync(quoted, Card("RP-TAP", 1m))).ShouldChangeTo(BookingStatus.Completed);
        (await resident.SettleAsync(quoted, PaymentMethod.Online, 40m)).ShouldChangeTo(BookingStatus.Settled);

        var extra = await resident.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));
        var extraProposal = await craftsman.Client.ProposedAsync(extra, ProposalKind.Extra, Card("RP-TAP-PART", 1m), Free("生料带", 1m, "卷", 2m));
        (await resident.ApproveAsync(extra, extraProposal)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.Client.BillAsync(extra, Card("RP-TAP", 1m), Card("RP-TAP-PART", 1m), Free("生料带", 1m, "卷", 2m)))
            .ShouldChangeTo(BookingStatus.Completed);

        var pool = await resident.StartedJobAsync(craftsman.Client, app.Requests.Repair());
        var quoteProposal = await craftsman.Client.ProposedAsync(pool, ProposalKind.Quote, Card("RP-SHOE", 2m));
        (await resident.ApproveAsync(pool, quoteProposal)).ShouldChangeTo(BookingStatus.Started);
        (await craftsman.Client.BillAsync(pool, Card("RP-SHOE", 1m))).ShouldChangeTo(BookingStatus.Completed);

        var housekeeping = await app.SignInAsProviderAsync(DemoData.HousekeepingPhone);
        var hourly = await resident.StartedJobAsync(housekeeping,
            app.Requests.Housekeeping(providerId: DemoData.HousekeepingCompany) with { Items = [new("HK-ROUTINE", 2m)] });
        (await housekeeping.BillAsync(hourly, Card("HK-ROUTINE", 2.5m))).ShouldChangeTo(BookingStatus.Completed);
    }

    private async Task<(ApiClient Resident, RegisteredProvider Craftsman, Guid Id)> StartedQuotedRepairAsync()
    {
        var craftsman = await app.NewCraftsmanAsync();
        var resident = await app.NewResidentAsync();
        var id = await resident.Client.StartedJobAsync(craftsman.Client, app.RepairWith(craftsman.Id, new ItemChoice("RP-TAP", 1m)));
        return (resident.Client, craftsman, id);
    }

    private static async Task AssertNotBilledAsync(ApiClient resident, Guid id)
    {
        var view = (await resident.GetBookingAsync(id)).Booking;
        Assert.Equal(BookingStatus.Started, view.Status);
        Assert.Empty(view.Charges);
        Assert.Null(view.Total);
    }
}
