using System.Collections.Concurrent;
using LifeCircle.Simulator.Api;
using Spectre.Console;

namespace LifeCircle.Simulator.Scenario;

/// <summary>A provider account signed in for the day, with its record and posted prices.</summary>
public sealed class ProviderActor(Provider record, string token)
{
    public Provider Record => record;
    public string Token => token;
    public Guid Id => record.Id;
    public string Name => record.Name;

    public bool Serves(ServiceType service, string communityCode) =>
        record.Verified && record.Services.Contains(service)
        && (record.ServiceArea.Count == 0 || record.ServiceArea.Contains(communityCode));

    public IEnumerable<PriceItem> ItemsFor(ServiceType service) => record.PriceCard.Where(item => item.Service == service);
}

public sealed record OperatorActor(string UserName, string Token);

/// <summary>Everyone who acts during the simulated day, signed in.</summary>
public sealed record Cast(IReadOnlyList<OperatorActor> Operators, IReadOnlyList<ProviderActor> Providers, IReadOnlyList<Member> Members);

/// <summary>
/// Signs in operators, providers and the demo residents, registers the callers through the
/// operators (or finds them when an earlier run registered them), and signs in the callers
/// who use the app. Each phone gets one code per run, and the token is reused all day.
/// </summary>
public sealed class Setup(ApiClient api, SimulationSettings settings)
{
    public static readonly string[] OperatorNames = ["operator1", "operator2"];

    private readonly SignIn _signIn = new(api);

    public async Task<Cast> RunAsync(ProgressTask progress, CancellationToken cancellation)
    {
        progress.MaxValue = OperatorNames.Length + Population.Communities.Length + Population.ProviderPhones.Length
                            + Population.DemoResidentPhones.Length;
        var operators = await SignInOperatorsAsync(progress, cancellation);
        var communityNames = await LoadCommunityNamesAsync(progress, cancellation);
        var providers = await SignInProvidersAsync(progress, cancellation);
        var demo = await SignInDemoResidentsAsync(progress, cancellation);

        // Providers and demo residents used one code each; the rest of the budget goes to callers.
        var appBudget = Math.Max(0, settings.MaxCodeSends - Population.ProviderPhones.Length - demo.Count);
        var year = settings.Day.Year;
        var callers = Population.Callers(settings.Bookings, appBudget, demo.Count(m => m.IsElderlyIn(year)),
            demo.Count(m => !m.IsElderlyIn(year)), communityNames);
        var appCallers = callers.Count(m => m.UsesApp);
        progress.MaxValue += callers.Count + appCallers;

        await Parallel.ForEachAsync(callers.Select((member, i) => (member, i)), Options(cancellation), async (item, token) =>
        {
            await RegisterOrFindAsync(item.member, operators[item.i % operators.Count], token);
            progress.Increment(1);
        });

        await SignInAppCallersAsync(callers.Where(m => m.UsesApp && m.ResidentId != Guid.Empty).ToList(), progress, cancellation);

        var members = demo.Concat(callers).Where(m => m.ResidentId != Guid.Empty && (!m.UsesApp || m.Token is not null)).ToList();
        return new Cast(operators, providers, members);
    }

    private async Task<List<OperatorActor>> SignInOperatorsAsync(ProgressTask progress, CancellationToken cancellation)
    {
        var operators = new List<OperatorActor>();
        foreach (var name in OperatorNames)
        {
            var token = await _signIn.WithPasswordAsync(name, settings.Password, cancellation)
                        ?? throw new SimulationAbortedException(
                            $"Operator {name} could not sign in: check --password and that the demo data is seeded.");
            operators.Add(new OperatorActor(name, token));
            progress.Increment(1);
        }

        return operators;
    }

    private async Task<Dictionary<string, string>> LoadCommunityNamesAsync(ProgressTask progress, CancellationToken cancellation)
    {
        var names = new Dictionary<string, string>();
        foreach (var code in Population.Communities)
        {
            var result = await api.GetAsync<DivisionDetails>($"api/divisions/{code}", null, cancellation);
            names[code] = result.Value?.Division.Name
                          ?? throw new SimulationAbortedException($"Community {code} was not found: the app has no division data for it.");
            progress.Increment(1);
        }

        return names;
    }

    private async Task<List<ProviderActor>> SignInProvidersAsync(ProgressTask progress, CancellationToken cancellation)
    {
        var tokens = await SignInRequiredAsync(Population.ProviderPhones, "provider", progress, cancellation);
        var providers = new List<ProviderActor>();
        foreach (var phone in Population.ProviderPhones)
        {
            var record = await api.GetAsync<Provider>("api/providers/me", tokens[phone], cancellation);
            providers.Add(new ProviderActor(
                record.Value ?? throw new SimulationAbortedException($"GET /api/providers/me failed for provider {phone}."),
                tokens[phone]));
        }

        return providers;
    }

    private async Task<List<Member>> SignInDemoResidentsAsync(ProgressTask progress, CancellationToken cancellation)
    {
        var demo = Population.DemoResidents().ToList();
        var tokens = await SignInRequiredAsync(demo.Select(m => m.Phone).ToList(), "resident", progress, cancellation);
        foreach (var member in demo)
        {
            member.Token = tokens[member.Phone];
            var profile = await api.GetAsync<ResidentProfile>("api/residents/me", member.Token, cancellation);
            member.Adopt(profile.Value
                         ?? throw new SimulationAbortedException($"GET /api/residents/me failed for demo resident {member.Phone}."));
        }

        return demo;
    }

    /// <summary>
    /// Signs in phones that the run cannot do without. When the app's limits on code sends
    /// refuse some, the run waits once for the limit to pass and tries those again.
    /// </summary>
    private async Task<Dictionary<string, string>> SignInRequiredAsync(IReadOnlyList<string> phones, string role, ProgressTask progress,
        CancellationToken cancellation)
    {
        var results = await SignInEachAsync(phones, role, cancellation);
        var refused = results.Where(r => r.Value.Token is null).ToList();
        if (refused.Count > 0)
        {
            var hopeless = refused.FirstOrDefault(r => r.Value.Refusal is CodeRefusal.NumberLimit or CodeRefusal.Failed);
            if (hopeless.Key is not null)
            {
                throw new SimulationAbortedException(hopeless.Value.Refusal == CodeRefusal.NumberLimit
                    ? $"The app sends at most 5 codes per hour to one number, and {hopeless.Key} ({role}) had them: run again later."
                    : $"The {role} with phone {hopeless.Key} could not sign in: is the demo data seeded (LifeCircle__Demo__Seed=true)?");
            }

            var wait = refused.Max(r => r.Value.Refusal == CodeRefusal.AddressLimit
                ? r.Value.RetryAfter ?? SignIn.ResendInterval
                : SignIn.ResendInterval) + TimeSpan.FromSeconds(2);
            if (wait > MaxWait)
            {
                throw new SimulationAbortedException($"The app refuses codes for another {wait.TotalMinutes:0} minutes: run again later.");
            }

            await Task.Delay(wait, cancellation);
            foreach (var (phone, result) in await SignInEachAsync(refused.Select(r => r.Key).ToList(), role, cancellation))
            {
                results[phone] = result;
            }
        }

        progress.Increment(phones.Count);
        return phones.ToDictionary(p => p, p => results[p].Token
                                               ?? throw new SimulationAbortedException(
                                                   $"The {role} with phone {p} could not sign in ({results[p].Refusal})."));
    }

    /// <summary>The longest the run waits for the app's code limits: its per-address window in Development.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5);

    private async Task<Dictionary<string, CodeSignInResult>> SignInEachAsync(IReadOnlyList<string> phones, string role,
        CancellationToken cancellation)
    {
        var results = new ConcurrentDictionary<string, CodeSignInResult>();
        await Parallel.ForEachAsync(phones, Options(cancellation), async (phone, token) =>
            results[phone] = await _signIn.WithCodeAsync(phone, role, token));
        return new Dictionary<string, CodeSignInResult>(results);
    }

    /// <summary>
    /// Signs in the callers who use the app. Once the app refuses codes for this address, the
    /// remaining callers stay signed out and drop out of the day; there is no waiting for them.
    /// </summary>
    private async Task SignInAppCallersAsync(IReadOnlyList<Member> callers, ProgressTask progress, CancellationToken cancellation)
    {
        var addressLimited = 0;
        await Parallel.ForEachAsync(callers, Options(cancellation), async (member, token) =>
        {
            if (Volatile.Read(ref addressLimited) == 0)
            {
                var result = await _signIn.WithCodeAsync(member.Phone, "resident", token);
                member.Token = result.Token;
                if (result.Refusal == CodeRefusal.AddressLimit)
                {
                    Interlocked.Exchange(ref addressLimited, 1);
                }
            }

            progress.Increment(1);
        });
    }

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
