using System.Collections.Concurrent;
using LifeCircle.Simulator.Api;
using LifeCircle.Simulator.Reporting;

namespace LifeCircle.Simulator.Scenario;

/// <summary>
/// Signs in operators, providers and the demo residents, registers the callers through the
/// operators (or finds them when an earlier run registered them), and signs in the callers
/// who use the app. Each phone gets at most one code per run, and the token is reused all
/// day and, through the <see cref="TokenCache"/>, by later runs.
/// </summary>
public sealed class Setup(ApiClient api, SimulationSettings settings, TokenCache cache)
{
    public static readonly string[] OperatorNames = ["operator1", "operator2"];

    /// <summary>The app returns 401 for a cached token it no longer accepts, and the phone then signs in again.</summary>
    private static readonly ExpectedFailure StaleToken = ExpectedFailure.Allowed(401);

    /// <summary>The longest the run waits for the app's code limits: its per-address window, 10 minutes by default.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5);

    private readonly SignIn _signIn = new(api);

    /// <summary>Time spent waiting for the app's limits on one-time codes.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>Cached tokens must outlive the whole run.</summary>
    private DateTimeOffset ValidUntil => DateTimeOffset.UtcNow.AddMinutes(settings.MaxMinutes + 5);

    public async Task<Cast> RunAsync(SharedProgress progress, CancellationToken cancellation)
    {
        progress.SetTotal(OperatorNames.Length + Population.Communities.Length + Population.ProviderPhones.Length
                          + Population.DemoResidentPhones.Length);
        var operators = await SignInOperatorsAsync(progress, cancellation);
        var communityNames = await LoadCommunityNamesAsync(progress, cancellation);

        var providerLogins = await SignInRequiredAsync(Population.ProviderPhones, "provider",
            async (phone, token, expected, c) => Owned((await api.GetAsync<Provider>("api/providers/me", token, c, expected)).Value, phone),
            progress, cancellation);
        var providers = Population.ProviderPhones.Select(p => new ProviderActor(providerLogins[p].Record, providerLogins[p].Token)).ToList();

        var demo = Population.DemoResidents().ToList();
        var demoLogins = await SignInRequiredAsync(demo.Select(m => m.Phone).ToList(), "resident",
            async (phone, token, expected, c) => Owned((await api.GetAsync<ResidentProfile>("api/residents/me", token, c, expected)).Value, phone),
            progress, cancellation);
        foreach (var member in demo)
        {
            member.Token = demoLogins[member.Phone].Token;
            member.Adopt(demoLogins[member.Phone].Record);
        }

        // Providers and demo residents are counted against the budget even when their tokens came from the cache.
        var appBudget = Math.Max(0, settings.MaxCodeSends - Population.ProviderPhones.Length - demo.Count);
        var year = settings.Day.Year;
        var callers = Population.Callers(settings.Bookings, appBudget, demo.Count(m => m.IsElderlyIn(year)),
            demo.Count(m => !m.IsElderlyIn(year)), communityNames);
        var appCallers = callers.Where(m => m.UsesApp).ToList();
        progress.AddToTotal(callers.Count + appCallers.Count);

        await Parallel.ForEachAsync(callers.Select((member, i) => (member, i)), Options(cancellation), async (item, token) =>
        {
            await RegisterOrFindAsync(item.member, operators[item.i % operators.Count], token);
            progress.Advance(1);
        });

        await SignInAppCallersAsync(appCallers, progress, cancellation);
        cache.Save(DateTimeOffset.UtcNow);

        var members = demo.Concat(callers).Where(m => m.ResidentId != Guid.Empty && (!m.UsesApp || m.Token is not null)).ToList();
        return new Cast(operators, providers, members);
    }

    private async Task<List<OperatorActor>> SignInOperatorsAsync(SharedProgress progress, CancellationToken cancellation)
    {
        var operators = new List<OperatorActor>();
        foreach (var name in OperatorNames)
        {
            var token = await _signIn.WithPasswordAsync(name, settings.Password, cancellation)
                        ?? throw new SimulationAbortedException(
                            $"Operator {name} could not sign in: check --password and that the demo data is seeded.");
            operators.Add(new OperatorActor(name, token));
            progress.Advance(1);
        }

        return operators;
    }

    private async Task<Dictionary<string, string>> LoadCommunityNamesAsync(SharedProgress progress, CancellationToken cancellation)
    {
        var names = new Dictionary<string, string>();
        foreach (var code in Population.Communities)
        {
            var result = await api.GetAsync<DivisionDetails>($"api/divisions/{code}", null, cancellation);
            names[code] = result.Value?.Division.Name
                          ?? throw new SimulationAbortedException($"Community {code} was not found: the app has no division data for it.");
            progress.Advance(1);
        }

        return names;
    }

    /// <summary>Reads the signed-in person's own record with a token. Returns null when the app rejects the token.</summary>
    private delegate Task<T?> LoadOwnRecord<T>(string phone, string token, ExpectedFailure? expected, CancellationToken cancellation)
        where T : class;

    /// <summary>
    /// Signs in phones that the run cannot do without, reusing cached tokens the app still
    /// accepts. When the app's code limits reject some phones, the run waits once for the
    /// limit to pass and tries those again. Any other failure stops the run.
    /// </summary>
    private async Task<Dictionary<string, (string Token, T Record)>> SignInRequiredAsync<T>(IReadOnlyList<string> phones, string role,
        LoadOwnRecord<T> load, SharedProgress progress, CancellationToken cancellation) where T : class
    {
        var done = new ConcurrentDictionary<string, (string Token, T Record)>();
        await Parallel.ForEachAsync(phones, Options(cancellation), async (phone, token) =>
        {
            if (await TryCachedAsync(phone, role, load, token) is { } cached)
            {
                done[phone] = cached;
            }
        });

        var missing = phones.Where(p => !done.ContainsKey(p)).ToList();
        for (var attempt = 1; missing.Count > 0; attempt++)
        {
            var results = await SignInEachAsync(missing, role, cancellation);
            foreach (var (phone, result) in results.Where(r => r.Value.Token is not null))
            {
                var record = await load(phone, result.Token!, null, cancellation)
                             ?? throw new SimulationAbortedException($"The {role} with phone {phone} signed in, but reading its own record failed.");
                Remember(phone, role, result);
                done[phone] = (result.Token!, record);
            }

            var rejected = results.Where(r => r.Value.Token is null).ToList();
            if (rejected.Count == 0)
            {
                break;
            }

            var hopeless = rejected.FirstOrDefault(r => r.Value.Rejection is CodeRejection.NumberLimit or CodeRejection.Failed);
            if (hopeless.Key is not null)
            {
                throw new SimulationAbortedException(hopeless.Value.Rejection == CodeRejection.NumberLimit
                    ? $"The app sends at most 5 codes per hour to one number, and {hopeless.Key} ({role}) had them: run again later."
                    : $"The {role} with phone {hopeless.Key} could not sign in: is the demo data seeded (LifeCircle__Demo__Seed=true)?");
            }

            if (attempt > 1)
            {
                throw new SimulationAbortedException($"The app still rejects one-time codes for {role} {rejected[0].Key} after the wait: run again later.");
            }

            await WaitForCodeLimitAsync(rejected.Select(r => r.Value).ToList(), progress, cancellation);
            missing = rejected.Select(r => r.Key).ToList();
        }

        progress.Advance(phones.Count);
        return new Dictionary<string, (string Token, T Record)>(done);
    }

    private async Task<(string Token, T Record)?> TryCachedAsync<T>(string phone, string role, LoadOwnRecord<T> load,
        CancellationToken cancellation) where T : class
    {
        if (cache.Get(phone, role, ValidUntil) is not { } token)
        {
            return null;
        }

        if (await load(phone, token, StaleToken, cancellation) is { } record)
        {
            return (token, record);
        }

        cache.Remove(phone, role);
        return null;
    }

    private async Task WaitForCodeLimitAsync(IReadOnlyList<CodeSignInResult> rejections, SharedProgress progress, CancellationToken cancellation)
    {
        var wait = rejections.Max(r => r.Rejection == CodeRejection.AddressLimit ? r.RetryAfter ?? MaxWait : SignIn.ResendInterval)
                   + TimeSpan.FromSeconds(2);
        if (wait > MaxWait)
        {
            throw new SimulationAbortedException($"The app rejects one-time codes for another {wait.TotalMinutes:0} minutes: run again later.");
        }

        await progress.ShowWhileAsync($"Waiting {wait.TotalSeconds:0} s: the app limits one-time codes per address",
            () => Task.Delay(wait, cancellation));
        Waited += wait;
    }

    private async Task<Dictionary<string, CodeSignInResult>> SignInEachAsync(IReadOnlyList<string> phones, string role,
        CancellationToken cancellation)
    {
        var results = new ConcurrentDictionary<string, CodeSignInResult>();
        await Parallel.ForEachAsync(phones, Options(cancellation), async (phone, token) =>
            results[phone] = await _signIn.WithCodeAsync(phone, role, token));
        return new Dictionary<string, CodeSignInResult>(results);
    }

    /// <summary>
    /// Signs in the callers who use the app, with cached tokens where the app still accepts
    /// them for the same resident. Once the app rejects codes for this address, the callers
    /// left without a token stay out of the day. The run does not wait for them.
    /// </summary>
    private async Task SignInAppCallersAsync(IReadOnlyList<Member> callers, SharedProgress progress, CancellationToken cancellation)
    {
        var addressLimited = 0;
        await Parallel.ForEachAsync(callers.Where(m => m.ResidentId != Guid.Empty), Options(cancellation), async (member, token) =>
        {
            var cached = await TryCachedAsync(member.Phone, "resident", async (_, bearer, expected, c) =>
            {
                var profile = (await api.GetAsync<ResidentProfile>("api/residents/me", bearer, c, expected)).Value;
                return profile?.Id == member.ResidentId ? profile : null;
            }, token);
            if (cached is { } hit)
            {
                member.Token = hit.Token;
            }
            else if (Volatile.Read(ref addressLimited) == 0)
            {
                var result = await _signIn.WithCodeAsync(member.Phone, "resident", token);
                member.Token = result.Token;
                Remember(member.Phone, "resident", result);
                if (result.Rejection == CodeRejection.AddressLimit)
                {
                    Interlocked.Exchange(ref addressLimited, 1);
                }
            }

            progress.Advance(1);
        });
        progress.Advance(callers.Count(m => m.ResidentId == Guid.Empty));
    }

    private void Remember(string phone, string role, CodeSignInResult result)
    {
        if (result is { Token: { } token, ExpiresAt: { } expiresAt })
        {
            cache.Put(phone, role, token, expiresAt);
        }
    }

    /// <summary>Returns the record only when it belongs to <paramref name="phone"/>, so that a token is never used for another person.</summary>
    private static T? Owned<T>(T? record, string phone) where T : class => record switch
    {
        Provider p when p.Phone.EndsWith(phone, StringComparison.Ordinal) => record,
        ResidentProfile r when r.Phone.EndsWith(phone, StringComparison.Ordinal) => record,
        _ => null
    };

    /// <summary>
    /// Registers a caller as an operator would, with the caller's spoken consent to their elder
    /// attributes. A phone registered by an earlier run gets 409 Resident_PhoneRegistered, and
    /// the operator then looks the caller up by phone.
    /// </summary>
    private async Task RegisterOrFindAsync(Member member, OperatorActor by, CancellationToken cancellation)
    {
        var request = new RegisterCallerRequest(member.Name, member.Phone, member.CommunityCode, member.Address, member.BirthYear,
            member.LivesAlone, member.HasDisability, VerbalConsent: member.LivesAlone || member.HasDisability);
        var registered = await api.PostAsync<ResidentProfile>("api/residents", request, by.Token, cancellation,
            ExpectedFailure.Allowed(409, "Resident_PhoneRegistered"));
        if (registered.Value is { } profile)
        {
            member.Adopt(profile);
            return;
        }

        if (registered.Code != "Resident_PhoneRegistered")
        {
            return;
        }

        var found = await api.GetAsync<List<ResidentProfile>>($"api/residents?phone={member.Phone}", by.Token, cancellation);
        if (found.Value is { Count: > 0 } profiles)
        {
            member.Adopt(profiles[0]);
        }
        else if (found.Succeeded)
        {
            api.Log.Unexpected("registered phone not found", $"GET /api/residents?phone= for caller {member.Phone} returned no resident");
        }
    }

    private ParallelOptions Options(CancellationToken cancellation) =>
        new() { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellation };
}
