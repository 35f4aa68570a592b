using LifeCircle.Simulator.Api;
using LifeCircle.Simulator.Reporting;

namespace LifeCircle.Simulator.Scenario;

/// <summary>
/// Runs the day's steps in the order of their local times, with at most
/// <see cref="SimulationSettings.Concurrency"/> requests in flight. Steps of one booking run
/// one after another, and a booking whose step fails unexpectedly skips its remaining steps.
/// </summary>
public sealed class DayRunner(ApiClient api, SimulationSettings settings)
{
    private static readonly ExpectedFailure RaceLost = ExpectedFailure.Allowed(409, "Booking_TakenByAnother", "Request_ConcurrentChange");
    private static readonly ExpectedFailure TakenByAnother = ExpectedFailure.Of(409, "Booking_TakenByAnother");
    private static readonly ExpectedFailure ResidentLimit = ExpectedFailure.Allowed(429, "RateLimit_Exceeded");

    public async Task RunAsync(DayPlan plan, SharedProgress progress, CancellationToken cancellation)
    {
        using var gate = new SemaphoreSlim(settings.Concurrency);
        var running = new List<Task>(plan.Steps.Count);
        foreach (var step in plan.Steps)
        {
            // Slots are taken in timeline order. A step may keep its slot while the booking's
            // previous step finishes. That step has a slot of its own, so the run cannot stall.
            await gate.WaitAsync(cancellation);
            var task = RunAfterAsync(step.Booking?.Tail ?? Task.CompletedTask, step, gate, progress, cancellation);
            if (step.Booking is not null)
            {
                step.Booking.Tail = task;
            }

            running.Add(task);
        }

        await Task.WhenAll(running);
    }

    private async Task RunAfterAsync(Task previous, Step step, SemaphoreSlim gate, SharedProgress progress, CancellationToken cancellation)
    {
        try
        {
            await previous;
            if (step.Booking is { Failed: true })
            {
                return;
            }

            if (!await RunStepAsync(step, cancellation) && step.Booking is not null)
            {
                step.Booking.Failed = true;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            api.Log.Unexpected($"simulator error ({e.GetType().Name})", $"{step.Kind} of booking {step.Booking?.Index}: {e.Message}");
            if (step.Booking is not null)
            {
                step.Booking.Failed = true;
            }
        }
        finally
        {
            gate.Release();
            progress.Advance();
        }
    }

    /// <summary>Runs one step; returns false when it failed unexpectedly (the failure is already logged).</summary>
    private Task<bool> RunStepAsync(Step step, CancellationToken cancellation)
    {
        if (step.Booking is not { } booking)
        {
            return PollJobsAsync(step.Provider!, cancellation);
        }

        return step.Kind switch
        {
            StepKind.Create => CreateAsync(booking, cancellation),
            StepKind.DuplicateCreate => CreateAgainAsync(booking, cancellation),
            StepKind.RivalDeclines => DeclineAsync(booking, step.Provider!, BookingStatus.Requested, Catalog.OpenDeclineReasons, cancellation),
            StepKind.Decline => DeclineAsync(booking, step.Provider!, BookingStatus.Declined, Catalog.DeclineReasons, cancellation),
            StepKind.Accept => AcceptAsync(booking, step.Provider!, cancellation),
            StepKind.RaceAccept => RaceAsync(booking, cancellation),
            StepKind.RivalAcceptsLate => AcceptLateAsync(booking, step.Provider!, cancellation),
            StepKind.ProposeQuote => ProposeQuoteAsync(booking, cancellation),
            StepKind.ApproveQuote => ApproveAsync(booking, booking.QuoteProposalId, BookingStatus.Accepted, cancellation),
            StepKind.ProposeParts => ProposePartsAsync(booking, cancellation),
            StepKind.ApproveParts => ApprovePartsAsync(booking, cancellation),
            StepKind.Reschedule => RescheduleAsync(booking, cancellation),
            StepKind.ConfirmReschedule => ProviderActsAsync(booking, "accept", null, BookingStatus.Accepted, cancellation),
            StepKind.Cancel => CancelAsync(booking, cancellation),
            StepKind.RecordAssessment => ProviderActsAsync(booking, "bathing-assessment",
                new BathingAssessmentRequest(booking.Request.Bathing!.Mobility, Catalog.AssessmentSummary(booking.Request.Bathing.Mobility)),
                BookingStatus.Accepted, cancellation),
            StepKind.SignAgreement => ProviderActsAsync(booking, "bathing-agreement",
                new BathingAgreementRequest($"ZY{settings.Day:yyyyMMdd}-{booking.Number}"), BookingStatus.Accepted, cancellation),
            StepKind.Start => ProviderActsAsync(booking, "start", null, BookingStatus.Started, cancellation),
            StepKind.Complete => CompleteAsync(booking, cancellation),
            StepKind.Settle => SettleAsync(booking, cancellation),
            _ => throw new InvalidOperationException($"Step {step.Kind} needs no booking.")
        };
    }

    private async Task<bool> CreateAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var created = booking.Channel == Channel.App
            ? await SendCreateAsync(booking, cancellation, ResidentLimit)
            : null;
        if (created is { Status: 429 })
        {
            // The app limits bookings per resident account and hour; the resident phones the hotline instead.
            booking.Channel = Channel.Phone;
        }

        if (booking.Channel == Channel.Phone)
        {
            if (!await FindCallerAsync(booking, cancellation))
            {
                return false;
            }

            created = await SendCreateAsync(booking, cancellation);
        }

        if (created?.Value is null)
        {
            return false;
        }

        booking.Id = created.Value.Id;
        booking.Number = created.Value.Number;
        return ExpectStatus(booking, "create", created.Value.Status, BookingStatus.Requested);
    }

    /// <summary>The operator first finds the caller by the number they call from.</summary>
    private async Task<bool> FindCallerAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var found = await api.GetAsync<List<ResidentProfile>>($"api/residents?phone={booking.Resident.Phone}",
            booking.Operator.Token, cancellation);
        if (found.Value is null)
        {
            return false;
        }

        if (found.Value.Any(p => p.Id == booking.Resident.ResidentId))
        {
            return true;
        }

        api.Log.Unexpected("caller not found by phone", $"GET /api/residents?phone= for booking {booking.Index}");
        return false;
    }

    /// <summary>Sends the same create again with the same idempotency key; the app must replay its first response.</summary>
    private async Task<bool> CreateAgainAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var again = await SendCreateAsync(booking, cancellation);
        if (again.Value is null)
        {
            return true;
        }

        if (again.Status == 201 && again.Replayed && again.Value.Id == booking.Id)
        {
            api.Log.Expected("201 replayed (same Idempotency-Key)");
        }
        else
        {
            api.Log.Unexpected("duplicate create not replayed",
                $"booking {booking.Number}: status {again.Status}, replayed {again.Replayed}, id {again.Value.Id}");
        }

        return true;
    }

    private Task<ApiResult<BookingCreated>> SendCreateAsync(PlannedBooking booking, CancellationToken cancellation,
        ExpectedFailure? expected = null)
    {
        var (token, headers) = ResidentSide(booking);
        headers[ApiClient.IdempotencyKeyHeader] = booking.IdempotencyKey;
        var request = booking.Channel == Channel.Phone ? booking.Request with { ResidentId = booking.Resident.ResidentId } : booking.Request;
        return api.PostAsync<BookingCreated>("api/bookings", request, token, cancellation, expected, headers);
    }

    private async Task<bool> AcceptAsync(PlannedBooking booking, ProviderActor provider, CancellationToken cancellation)
    {
        var accepted = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/accept", null, provider.Token, cancellation);
        if (accepted.Value is null || !ExpectStatus(booking, "accept", accepted.Value.Status, BookingStatus.Accepted))
        {
            return false;
        }

        booking.AcceptedBy = provider;
        return true;
    }

    /// <summary>Both repair providers accept at once: exactly one must win, and the other must get 409.</summary>
    private async Task<bool> RaceAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var contenders = new[] { booking.Acceptor!, booking.Rival! };
        var results = await Task.WhenAll(contenders.Select(p =>
            api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/accept", null, p.Token, cancellation, RaceLost)));
        var winners = contenders.Where((_, i) => results[i].Value is { Status: BookingStatus.Accepted, Changed: true }).ToList();
        if (winners.Count != 1)
        {
            api.Log.Unexpected($"race for a job won by {winners.Count} providers",
                $"booking {booking.Number}: statuses {string.Join(", ", results.Select(r => r.Status))}");
            return false;
        }

        api.Log.Expected("race for a job won by exactly one provider");
        booking.AcceptedBy = winners[0];
        return true;
    }

    private async Task<bool> AcceptLateAsync(PlannedBooking booking, ProviderActor rival, CancellationToken cancellation)
    {
        var late = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/accept", null, rival.Token, cancellation, TakenByAnother);
        return late.Status == 409;
    }

    private async Task<bool> DeclineAsync(PlannedBooking booking, ProviderActor provider, BookingStatus expected, string[] reasons,
        CancellationToken cancellation)
    {
        var reason = reasons[booking.Index % reasons.Length];
        var declined = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/decline", new DeclineRequest(reason),
            provider.Token, cancellation);
        return declined.Value is not null && ExpectStatus(booking, "decline", declined.Value.Status, expected);
    }

    private async Task<bool> RescheduleAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var (token, headers) = ResidentSide(booking);
        var moved = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/reschedule", booking.Reschedule, token, cancellation,
            headers: headers);
        var expected = booking.AcceptedBy is null ? BookingStatus.Requested : BookingStatus.Rescheduled;
        return moved.Value is not null && ExpectStatus(booking, "reschedule", moved.Value.Status, expected);
    }

    private async Task<bool> CancelAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var (token, headers) = ResidentSide(booking);
        var reason = Catalog.CancelReasons[booking.Index % Catalog.CancelReasons.Length];
        var cancelled = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/cancel", new CancelRequest(reason), token,
            cancellation, headers: headers);
        return cancelled.Value is not null && ExpectStatus(booking, "cancel", cancelled.Value.Status, BookingStatus.Cancelled);
    }

    /// <summary>The provider prices a job booked without items from its card, for the resident to agree to.</summary>
    private async Task<bool> ProposeQuoteAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        if (WorkLines(booking) is not { } lines)
        {
            return false;
        }

        var proposal = new ProposeChargesRequest(ProposalKind.Quote, [.. lines.Select(l => l.Charge)], null);
        booking.QuoteProposalId = await ProposeAsync(booking, proposal, Charges.Total(lines), cancellation);
        return booking.QuoteProposalId is not null;
    }

    /// <summary>
    /// On site the provider finds that the repair needs a part and proposes it at its posted
    /// retail price. A provider without the part on its card, such as the other repair
    /// provider after winning a race, only does the work it quoted.
    /// </summary>
    private async Task<bool> ProposePartsAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        if (Charges.PartsFor(booking, booking.AcceptedBy!) is not { } part)
        {
            return true;
        }

        var proposal = new ProposeChargesRequest(ProposalKind.Extra, [part.Charge], Catalog.PartsReason);
        booking.PartsProposalId = await ProposeAsync(booking, proposal, part.Amount, cancellation);
        return booking.PartsProposalId is not null;
    }

    private async Task<bool> ApprovePartsAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        if (booking.PartsProposalId is null)
        {
            return true;
        }

        // About one resident in five turns the extra parts down; the job is then billed for the
        // quoted work alone, which the card rules allow without approval.
        if (DeclinesParts(booking))
        {
            return await RejectAsync(booking, booking.PartsProposalId, cancellation);
        }

        booking.PartsApproved = await ApproveAsync(booking, booking.PartsProposalId, BookingStatus.Started, cancellation);
        return booking.PartsApproved;
    }

    private static bool DeclinesParts(PlannedBooking booking) => booking.Id.GetHashCode() % 5 == 0;

    private async Task<bool> RejectAsync(PlannedBooking booking, Guid? proposalId, CancellationToken cancellation)
    {
        var (token, headers) = ResidentSide(booking);
        var rejected = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/charge-proposals/{proposalId}/reject",
            new { reason = "太贵了，先不换了" }, token, cancellation, headers: headers);
        return rejected.Value is not null && ExpectStatus(booking, "reject charges", rejected.Value.Status, BookingStatus.Started);
    }

    private async Task<Guid?> ProposeAsync(PlannedBooking booking, ProposeChargesRequest proposal, decimal expectedTotal,
        CancellationToken cancellation)
    {
        var created = await api.PostAsync<ProposalCreated>($"api/bookings/{booking.Id}/charge-proposals", proposal,
            booking.AcceptedBy!.Token, cancellation);
        if (created.Value is null)
        {
            return null;
        }

        if (created.Value.Total != expectedTotal)
        {
            api.Log.Unexpected($"{proposal.Kind} priced differently from the card",
                $"booking {booking.Number}: {created.Value.Total} instead of {expectedTotal}");
            return null;
        }

        return created.Value.ProposalId;
    }

    /// <summary>The resident agrees to a proposal in the app, or the operator does for a phone caller.</summary>
    private async Task<bool> ApproveAsync(PlannedBooking booking, Guid? proposalId, BookingStatus expected, CancellationToken cancellation)
    {
        var (token, headers) = ResidentSide(booking);
        var approved = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/charge-proposals/{proposalId}/approve", null,
            token, cancellation, headers: headers);
        return approved.Value is not null && ExpectStatus(booking, "approve charges", approved.Value.Status, expected);
    }

    private async Task<bool> CompleteAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        if (WorkLines(booking) is not { } work)
        {
            return false;
        }

        var part = booking.PartsApproved ? Charges.PartsFor(booking, booking.AcceptedBy!) : null;
        PricedLine[] lines = part is null ? work : [.. work, part];
        booking.Total = Charges.Total(lines);
        var bill = new CompleteRequest([.. lines.Select(l => l.Charge)], null);
        return await ProviderActsAsync(booking, "complete", bill, BookingStatus.Completed, cancellation);
    }

    /// <summary>
    /// Returns the lines of the work. A booking made with items is billed for exactly those
    /// items, because a later move to another meal does not change the agreed price. Any
    /// other booking is billed for its current work.
    /// </summary>
    private PricedLine[]? WorkLines(PlannedBooking booking)
    {
        var lines = booking.Request.Items is { } quoted
            ? Charges.Of(quoted, booking.AcceptedBy!)
            : Charges.For(booking, booking.AcceptedBy!);
        if (lines is null)
        {
            api.Log.Unexpected("price card without items for the service", $"{booking.AcceptedBy!.Name}, {booking.Service}");
        }

        return lines;
    }

    /// <summary>
    /// Records payment. The provider collects cash and bank cards. The resident confirms an
    /// online payment in the app, or the operator records it for a phone caller.
    /// </summary>
    private async Task<bool> SettleAsync(PlannedBooking booking, CancellationToken cancellation)
    {
        var request = new SettleRequest(booking.Payment, booking.Total ?? 0m);
        var (token, headers) = booking.Payment == PaymentMethod.Online
            ? ResidentSide(booking)
            : (booking.AcceptedBy!.Token, new Dictionary<string, string>());
        var settled = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/settle", request, token, cancellation,
            headers: headers);
        return settled.Value is not null && ExpectStatus(booking, "settle", settled.Value.Status, BookingStatus.Settled);
    }

    private async Task<bool> ProviderActsAsync(PlannedBooking booking, string action, object? body, BookingStatus expected,
        CancellationToken cancellation)
    {
        var result = await api.PostAsync<BookingChanged>($"api/bookings/{booking.Id}/{action}", body, booking.AcceptedBy!.Token,
            cancellation);
        return result.Value is not null && ExpectStatus(booking, action, result.Value.Status, expected);
    }

    private async Task<bool> PollJobsAsync(ProviderActor provider, CancellationToken cancellation)
    {
        var page = await api.GetAsync<BookingPage>("api/jobs/open?pageSize=20", provider.Token, cancellation);
        return page.Succeeded;
    }

    /// <summary>Returns the token and headers of the person acting for the resident: the resident in the app, or an operator on the phone.</summary>
    private static (string Token, Dictionary<string, string> Headers) ResidentSide(PlannedBooking booking) =>
        booking.Channel == Channel.Phone
            ? (booking.Operator.Token, new Dictionary<string, string> { [ApiClient.ChannelHeader] = "phone" })
            : (booking.Resident.Token!, new Dictionary<string, string>());

    private bool ExpectStatus(PlannedBooking booking, string action, BookingStatus actual, BookingStatus expected)
    {
        if (actual == expected)
        {
            return true;
        }

        api.Log.Unexpected($"{action} left the booking {actual}", $"booking {booking.Number}: expected {expected}");
        return false;
    }
}
