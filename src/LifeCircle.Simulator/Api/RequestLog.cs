using System.Collections.Concurrent;

namespace LifeCircle.Simulator.Api;

/// <summary>
/// Counts the requests sent and the failures met, by kind (status code and problem
/// <c>code</c>), split into failures the scenario provokes on purpose and all others.
/// Thread-safe: every worker writes to the same log.
/// </summary>
public sealed class RequestLog
{
    private const int MaxSamples = 20;

    private long _requests;
    private readonly ConcurrentDictionary<string, int> _expected = new();
    private readonly ConcurrentDictionary<string, int> _unexpected = new();
    private readonly ConcurrentQueue<string> _samples = new();

    public long Requests => Interlocked.Read(ref _requests);

    public int UnexpectedCount => _unexpected.Values.Sum();

    public int ExpectedCount => _expected.Values.Sum();

    /// <summary>The first unexpected failures, each with the request and the problem detail.</summary>
    public IReadOnlyList<string> Samples => [.. _samples];

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void Expected(string kind) => _expected.AddOrUpdate(kind, 1, (_, count) => count + 1);

    public void Unexpected(string kind, string sample)
    {
        _unexpected.AddOrUpdate(kind, 1, (_, count) => count + 1);
        if (_samples.Count < MaxSamples)
        {
            _samples.Enqueue($"{kind}: {sample}");
        }
    }

    /// <summary>Every kind met, with how often it was expected and how often not, most frequent first.</summary>
    public IReadOnlyList<(string Kind, int Expected, int Unexpected)> Kinds() =>
        _expected.Keys.Union(_unexpected.Keys)
            .Select(kind => (kind, _expected.GetValueOrDefault(kind), _unexpected.GetValueOrDefault(kind)))
            .OrderByDescending(k => k.Item2 + k.Item3)
            .ThenBy(k => k.kind, StringComparer.Ordinal)
            .ToList();
}
