using System.Collections.Concurrent;
using System.Text.Json;

namespace LifeCircle.Simulator.Api;

/// <summary>
/// Bearer tokens kept between runs in <c>.local/simulator/tokens.json</c> (git-ignored, mode
/// 0600), per app URL, so that a re-run needs no new sign-in while the tokens last (8 h).
/// The app limits one-time codes per number and per client address, and a run needs about
/// a hundred of them. A cached token is used only after the app accepted it for the same person.
/// </summary>
public sealed class TokenCache
{
    public const string DefaultPath = ".local/simulator/tokens.json";

    private readonly string _path;
    private readonly string _app;
    private readonly Dictionary<string, Dictionary<string, CachedToken>> _all;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens;

    private TokenCache(string path, string app, Dictionary<string, Dictionary<string, CachedToken>> all)
    {
        _path = path;
        _app = app;
        _all = all;
        _tokens = new ConcurrentDictionary<string, CachedToken>(all.GetValueOrDefault(app) ?? []);
    }

    public sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);

    /// <summary>Reads the cache file; a missing or unreadable file gives an empty cache.</summary>
    public static TokenCache Load(Uri app, string path = DefaultPath)
    {
        var all = new Dictionary<string, Dictionary<string, CachedToken>>();
        try
        {
            if (File.Exists(path))
            {
                all = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, CachedToken>>>(File.ReadAllText(path)) ?? all;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            all = [];
        }

        return new TokenCache(path, app.ToString(), all);
    }

    /// <summary>Returns the cached token of a phone and role that stays valid until <paramref name="validUntil"/>.</summary>
    public string? Get(string phone, string role, DateTimeOffset validUntil) =>
        _tokens.TryGetValue(Key(phone, role), out var cached) && cached.ExpiresAt > validUntil ? cached.Token : null;

    public void Put(string phone, string role, string token, DateTimeOffset expiresAt) =>
        _tokens[Key(phone, role)] = new CachedToken(token, expiresAt);

    public void Remove(string phone, string role) => _tokens.TryRemove(Key(phone, role), out _);

    /// <summary>Writes the cache, dropping expired tokens. A failure to write only costs codes on the next run.</summary>
    public void Save(DateTimeOffset now)
    {
        _all[_app] = _tokens.Where(t => t.Value.ExpiresAt > now).ToDictionary(t => t.Key, t => t.Value);
        foreach (var app in _all.Keys.ToList())
        {
            _all[app] = _all[app].Where(t => t.Value.ExpiresAt > now).ToDictionary(t => t.Key, t => t.Value);
            if (_all[app].Count == 0)
            {
                _all.Remove(app);
            }
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(_path, options);
            JsonSerializer.Serialize(stream, _all);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not write the token cache {_path}: {e.Message}");
        }
    }

    private static string Key(string phone, string role) => $"{role}:{phone}";
}
