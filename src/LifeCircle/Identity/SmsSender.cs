using System.Collections.Concurrent;
using LifeCircle.Core.Identity;

namespace LifeCircle.Identity;

/// <summary>Sends a text message to a mobile number in E.164 form.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken cancellation);
}

/// <summary>
/// The development and test SMS gateway: writes each message to the log with the number
/// masked, and keeps the last message per number so that tests and the simulator can read
/// the code. Never registered in production.
/// </summary>
public sealed class LoggingSmsSink(ILogger<LoggingSmsSink> logger) : ISmsSender
{
    private readonly ConcurrentDictionary<string, string> _lastMessage = new();

    public Task SendAsync(string phone, string text, CancellationToken cancellation)
    {
        _lastMessage[phone] = text;
        logger.LogInformation("SMS to {Phone}: {Text}", Phones.Mask(phone), text);
        return Task.CompletedTask;
    }

    public string? LastMessageTo(string phone) => _lastMessage.TryGetValue(phone, out var text) ? text : null;
}
