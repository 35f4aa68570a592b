using System.Collections.Concurrent;
using LifeCircle.Reliability.Infrastructure;

namespace LifeCircle.Reliability.Scenarios;

/// <summary>
/// The app node that clients may send to. The crash scenario closes the gate before it kills
/// the node and opens it again with the next node once that node is ready, so every request
/// that gets no response was in flight when the node died.
/// </summary>
internal sealed class NodeGate
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AppNode _node;

    public NodeGate(AppNode node)
    {
        _node = node;
        _open.SetResult();
    }

    /// <summary>Waits until the gate is open and returns the node to send to.</summary>
    public async Task<AppNode> EnterAsync(CancellationToken stop)
    {
        Task open;
        lock (_gate)
        {
            open = _open.Task;
        }

        await open.WaitAsync(stop);
        lock (_gate)
        {
            return _node;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Open(AppNode node)
    {
        lock (_gate)
        {
            _node = node;
            _open.TrySetResult();
        }
    }
}

/// <summary>One create request: its idempotency key and body, and what the client learned of its outcome.</summary>
internal sealed class CreateAttempt(string key, SignedInResident resident, string body)
{
    public string Key { get; } = key;
    public SignedInResident Resident { get; } = resident;
    public string Body { get; } = body;

    /// <summary>The booking id of the 201 response, or null while no 201 came.</summary>
    public Guid? BookingId { get; set; }

    /// <summary>True when a request for this key got no response because the node was killed.</summary>
    public bool WasCutOff { get; set; }

    /// <summary>True while the last request for this key got no response.</summary>
    public bool AwaitingResponse { get; set; }

    /// <summary>True when the 201 came from a retry after a restart.</summary>
    public bool AcknowledgedOnRetry { get; set; }

    /// <summary>True when that retry's 201 was the stored first response, so the cut-off request had committed.</summary>
    public bool Replayed { get; set; }

    public int Sends { get; set; }
}

/// <summary>An accept or cancel of one booking, and whether a 200 acknowledged it.</summary>
internal sealed class TransitionAttempt(string action, Guid bookingId, string token, Guid? providerId)
{
    public const string Accept = "accept";
    public const string Cancel = "cancel";

    public string Action { get; } = action;
    public Guid BookingId { get; } = bookingId;
    public string Token { get; } = token;

    /// <summary>The accepting provider; null for a cancel.</summary>
    public Guid? ProviderId { get; } = providerId;

    public bool Acknowledged { get; set; }

    /// <summary>True when the 200 contained <c>changed: false</c>, because the transition already held.</summary>
    public bool AlreadyHeld { get; set; }

    /// <summary>True when a 409 rejected an accept because the resident had cancelled the booking.</summary>
    public bool Conflict { get; set; }

    /// <summary>True when a request for this transition got no response because the node was killed.</summary>
    public bool WasCutOff { get; set; }

    /// <summary>True while the last request for this transition got no response.</summary>
    public bool AwaitingResponse { get; set; }
    public bool AcknowledgedOnRetry { get; set; }
    public int Sends { get; set; }
}

/// <summary>
/// The create and accept load of the crash scenario. Residents create repair bookings with a
/// new <c>Idempotency-Key</c> each and cancel some of their own; providers accept the
/// requested jobs. Every request and its outcome is recorded. A request cut off by a kill is
/// sent again once after the restart with the same key and body, as a careful client would.
/// </summary>
internal sealed class AppCrashLoad(Deployment app, NodeGate gate, List<SignedInResident> residents, List<SignedInProvider> providers,
    ScenarioResult result)
{
    /// <summary>A bound on the requests of one client, besides the scenario's time.</summary>
    private const int MaxRequestsPerClient = 100_000;

    /// <summary>How often a cut-off request is sent again before the final pass after the load.</summary>
    private const int MaxSendsDuringLoad = 3;

    /// <summary>Every fifth request of a resident cancels one of their own bookings.</summary>
    private const int CancelEvery = 5;

    /// <summary>How often a cancel is sent in all when it keeps losing races with concurrent accepts.</summary>
    private const int MaxSendsAfterLostRace = 6;

    /// <summary>The problem code of a 409 for a write that lost a race with a concurrent write to the same booking.</summary>
    private const string ConcurrentChangeCode = "Request_ConcurrentChange";

    private readonly ConcurrentQueue<Guid> _openJobs = new();
    private long _cutOff;
    private long _cancelsAfterLostRace;
    private long _acknowledgedCreates;

    public ConcurrentBag<CreateAttempt> Creates { get; } = [];
    public ConcurrentBag<TransitionAttempt> Transitions { get; } = [];
    public long CutOff => Interlocked.Read(ref _cutOff);
    public long AcknowledgedCreates => Interlocked.Read(ref _acknowledgedCreates);

    /// <summary>Cancels sent again after a 409 for a concurrent change.</summary>
    public long CancelsAfterLostRace => Interlocked.Read(ref _cancelsAfterLostRace);

    public Task[] Start(int residentClients, CancellationToken stop)
    {
        var clients = Enumerable.Range(0, residentClients)
            .Select(i => Task.Run(() => ResidentAsync(i, residents[i % residents.Count], stop), CancellationToken.None))
            .Concat(providers.Select(p => Task.Run(() => ProviderAsync(p, stop), CancellationToken.None)));
        return clients.ToArray();
    }

    /// <summary>Sends every create, accept and cancel that is still without a response, once, after the load has stopped.</summary>
    public async Task RetryPendingAsync(AppNode node)
    {
        foreach (var create in Creates.Where(c => c.AwaitingResponse))
        {
            await SendCreateAsync(node, create, retry: true);
        }

        foreach (var transition in Transitions.Where(t => t.AwaitingResponse))
        {
            await SendTransitionAsync(node, transition, retry: true);
        }
    }

    private async Task ResidentAsync(int client, SignedInResident resident, CancellationToken stop)
    {
        var random = new Random(client);
        var mine = new List<Guid>();
        var pending = new Queue<object>();
        for (var n = 0; n < MaxRequestsPerClient && !stop.IsCancellationRequested; n++)
        {
            AppNode node;
            try
            {
                node = await gate.EnterAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (pending.Count > 0)
            {
                var again = pending.Dequeue();
                var done = again is CreateAttempt create
                    ? await SendCreateAsync(node, create, retry: true)
                    : await SendTransitionAsync(node, (TransitionAttempt)again, retry: true);
                if (!done && SendsOf(again) < MaxSendsDuringLoad)
                {
                    pending.Enqueue(again);
                }

                continue;
            }

            if (n % CancelEvery == CancelEvery - 1 && mine.Count > 0)
            {
                var victim = mine[random.Next(mine.Count)];
                mine.Remove(victim);
                var cancel = new TransitionAttempt(TransitionAttempt.Cancel, victim, resident.Token, null);
                Transitions.Add(cancel);
                if (!await SendTransitionAsync(node, cancel, retry: false))
                {
                    pending.Enqueue(cancel);
                }

                continue;
            }

            var key = $"crash-{client}-{n}";
            var attempt = new CreateAttempt(key, resident, BookingBodies.Repair($"[{key}]").ToJsonString());
            Creates.Add(attempt);
            if (await SendCreateAsync(node, attempt, retry: false))
            {
                if (attempt.BookingId is { } id)
                {
                    mine.Add(id);
                }
            }
            else
            {
                pending.Enqueue(attempt);
            }
        }
    }

    private async Task ProviderAsync(SignedInProvider provider, CancellationToken stop)
    {
        var pending = new Queue<TransitionAttempt>();
        for (var n = 0; n < MaxRequestsPerClient && !stop.IsCancellationRequested; n++)
        {
            AppNode node;
            try
            {
                node = await gate.EnterAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (pending.Count > 0)
            {
                var again = pending.Dequeue();
                if (!await SendTransitionAsync(node, again, retry: true) && again.Sends < MaxSendsDuringLoad)
                {
                    pending.Enqueue(again);
                }

                continue;
            }

            if (!_openJobs.TryDequeue(out var job))
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            var accept = new TransitionAttempt(TransitionAttempt.Accept, job, provider.Token, provider.ProviderId);
            Transitions.Add(accept);
            if (!await SendTransitionAsync(node, accept, retry: false))
            {
                pending.Enqueue(accept);
            }
        }
    }

    private static int SendsOf(object attempt) => attempt is CreateAttempt c ? c.Sends : ((TransitionAttempt)attempt).Sends;

    /// <summary>Sends one create; returns false when the request got no response because its node was killed.</summary>
    private async Task<bool> SendCreateAsync(AppNode node, CreateAttempt create, bool retry)
    {
        create.Sends++;
        create.AwaitingResponse = false;
        result.CountTried();
        var reply = await app.Api.PostJsonAsync(node.BaseAddress, "/api/bookings", create.Resident.Token, create.Body, CancellationToken.None,
            new Dictionary<string, string> { ["Idempotency-Key"] = create.Key });
        if (reply.Status == 201 && reply.Json?["id"]?.GetValue<Guid>() is { } id)
        {
            create.BookingId = id;
            create.AcknowledgedOnRetry = retry;
            create.Replayed = reply.Header("Idempotent-Replayed") == "true";
            Interlocked.Increment(ref _acknowledgedCreates);
            _openJobs.Enqueue(id);

            return true;
        }

        if (IsCutOff(node, reply))
        {
            create.WasCutOff = true;
            create.AwaitingResponse = true;
            return false;
        }

        Unexpected(node, $"create {create.Key}{(retry ? " (retry)" : "")}", reply);
        return true;
    }

    /// <summary>Sends one accept or cancel; returns false when the request got no response because its node was killed.</summary>
    private async Task<bool> SendTransitionAsync(AppNode node, TransitionAttempt transition, bool retry)
    {
        transition.Sends++;
        transition.AwaitingResponse = false;
        result.CountTried();
        object? body = transition.Action == TransitionAttempt.Cancel ? new { reason = "计划有变" } : null;
        var reply = await app.Api.PostJsonAsync(node.BaseAddress, $"/api/bookings/{transition.BookingId}/{transition.Action}",
            transition.Token, body, CancellationToken.None);
        if (reply.Status == 200)
        {
            transition.Acknowledged = true;
            transition.AcknowledgedOnRetry = retry;
            transition.AlreadyHeld = reply.Json?["changed"]?.GetValue<bool>() == false;
            return true;
        }

        // The resident may cancel a job before a provider takes it: the accept then gets a 409.
        if (reply.Status == 409 && reply.IsProblemDetails && transition.Action == TransitionAttempt.Accept)
        {
            transition.Conflict = true;
            return true;
        }

        // A cancel that loses the race with a concurrent accept gets a 409 naming the
        // concurrent change, and the resident sends it again.
        if (reply.Status == 409 && reply.IsProblemDetails && transition.Action == TransitionAttempt.Cancel
            && reply.Json?["code"]?.GetValue<string>() == ConcurrentChangeCode && transition.Sends < MaxSendsAfterLostRace)
        {
            Interlocked.Increment(ref _cancelsAfterLostRace);
            return await SendTransitionAsync(node, transition, retry);
        }

        if (IsCutOff(node, reply))
        {
            transition.WasCutOff = true;
            transition.AwaitingResponse = true;
            return false;
        }

        Unexpected(node, $"{transition.Action} of {transition.BookingId}{(retry ? " (retry)" : "")}", reply);
        return true;
    }

    /// <summary>
    /// True for a request that got no response because the scenario killed its node. No
    /// response from a node that was not killed is a failure of the app.
    /// </summary>
    private bool IsCutOff(AppNode node, Reply reply)
    {
        if (!reply.IsTransportFailure || !node.Killed)
        {
            return false;
        }

        result.CountFailed();
        Interlocked.Increment(ref _cutOff);
        return true;
    }

    private void Unexpected(AppNode node, string request, Reply reply)
    {
        result.CountFailed();
        if (reply.IsServerError)
        {
            result.CountServerError();
        }

        result.Violation($"{node.Name}: {request} got {reply.Describe()}");
    }
}
