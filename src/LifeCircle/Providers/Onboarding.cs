using FluentValidation;
using LifeCircle.Bookings;
using LifeCircle.Communities;
using LifeCircle.Core;
using LifeCircle.Core.Http;
using LifeCircle.Core.Identity;
using LifeCircle.Core.Localization;
using LifeCircle.Identity;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace LifeCircle.Providers;

public sealed record RegisterProvider(string Name, ProviderKind? Kind, ServiceType[] Services, string[]? ServiceArea, string Phone);

public sealed record ChangeProviderServices(ServiceType[] Services, string[]? ServiceArea);

public sealed record AddStaffMember(string Name, ServiceType[] Services);

public sealed record RecordCredential(CredentialKind? Kind, string Number, DateOnly ExpiresOn);

public sealed record SuspendProvider(string Reason);

public sealed class RegisterProviderValidator : AbstractValidator<RegisterProvider>
{
    public RegisterProviderValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(40).Must(TextRules.IsPlainText);
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.Services).NotNull().Must(s => s is { Length: > 0 }).WithMessage(_ => Text.Get("Provider_ServicesRequired"));
        RuleForEach(x => x.Services).IsInEnum();
        RuleForEach(x => x.ServiceArea).Matches("^21[0-9]{10}$").WithMessage(_ => Text.Get("Community_CodeFormat"));
        RuleFor(x => x.Phone).NotEmpty().Must(p => Phones.NormalizeMobile(p) is not null).WithMessage(_ => Text.Get("Phone_InvalidMobile"));
    }
}

public sealed class ChangeProviderServicesValidator : AbstractValidator<ChangeProviderServices>
{
    public ChangeProviderServicesValidator()
    {
        RuleFor(x => x.Services).NotNull().Must(s => s is { Length: > 0 }).WithMessage(_ => Text.Get("Provider_ServicesRequired"));
        RuleForEach(x => x.Services).IsInEnum();
        RuleForEach(x => x.ServiceArea).Matches("^21[0-9]{10}$").WithMessage(_ => Text.Get("Community_CodeFormat"));
    }
}

public sealed class AddStaffMemberValidator : AbstractValidator<AddStaffMember>
{
    public AddStaffMemberValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(20).Must(TextRules.IsPlainText);
        RuleFor(x => x.Services).NotNull().Must(s => s is { Length: > 0 }).WithMessage(_ => Text.Get("Provider_ServicesRequired"));
        RuleForEach(x => x.Services).IsInEnum();
    }
}

public sealed class RecordCredentialValidator : AbstractValidator<RecordCredential>
{
    public RecordCredentialValidator()
    {
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.Number).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9-]+$");
        RuleFor(x => x.ExpiresOn).NotEmpty();
    }
}

public sealed class SuspendProviderValidator : AbstractValidator<SuspendProvider>
{
    public SuspendProviderValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(200).Must(TextRules.IsPlainText);
    }
}

/// <summary>
/// Provider onboarding: an administrator registers a provider with its services and area and
/// its sign-in phone, verifies or suspends it; the provider (or an administrator) keeps its
/// staff and their credentials. Unverified or suspended providers cannot take jobs.
/// </summary>
public static class OnboardingEndpoints
{
    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/providers", OperationId = "registerProvider")]
    public static async Task<IResult> Register(RegisterProvider command, [NotBody] Caller caller, IDocumentSession session,
        CancellationToken cancellation)
    {
        var phone = Phones.NormalizeMobile(command.Phone)!;
        var area = command.ServiceArea ?? [];
        if (await UnknownCommunityAsync(area, caller, session, cancellation) is { } unknown)
        {
            return Results.Problem(Problems.NotFound("Community_NotFound", unknown));
        }

        if (await session.Query<Account>().AnyAsync(a => a.Phone == phone && a.Role == Roles.Provider, cancellation))
        {
            return Results.Problem(Problems.Conflict("Provider_PhoneRegistered", Phones.Mask(phone)));
        }

        var id = Ids.New();
        session.Events.StartStream<Provider>(id, new ProviderRegistered(id, command.Name.Trim(), command.Kind!.Value,
            command.Services.Distinct().ToArray(), area.Distinct().ToArray(), phone, caller.Actor, caller.Now));
        session.Store(new Account
        {
            Id = Ids.New(), Role = Roles.Provider, City = caller.City, DisplayName = command.Name.Trim(), Phone = phone, ProviderId = id
        });
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/api/providers/{id}", await session.LoadAsync<Provider>(id, cancellation));
    }

    [Authorize(Roles = Roles.Provider + "," + Roles.Admin)]
    [WolverinePut("/api/providers/{providerId}/services", OperationId = "changeProviderServices")]
    public static async Task<(IResult, Events)> ChangeServices(ChangeProviderServices command, [Aggregate] Provider provider,
        [NotBody] Caller caller, IDocumentSession session, CancellationToken cancellation)
    {
        if (!MayManage(provider, caller))
        {
            return (Results.Problem(Problems.NotFound("Provider_NotFound", provider.Id)), new Events());
        }

        var area = (command.ServiceArea ?? []).Distinct().ToArray();
        if (await UnknownCommunityAsync(area, caller, session, cancellation) is { } unknown)
        {
            return (Results.Problem(Problems.NotFound("Community_NotFound", unknown)), new Events());
        }

        var changed = new ProviderServicesChanged(provider.Id, command.Services.Distinct().ToArray(), area, caller.Actor, caller.Now);
        return (Results.Ok(changed), new Events { changed });
    }

    [Authorize(Roles = Roles.Provider + "," + Roles.Admin)]
    [WolverinePost("/api/providers/{providerId}/staff", OperationId = "addStaffMember")]
    [ProducesResponseType<StaffMemberAdded>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public static (IResult, Events) AddStaff(AddStaffMember command, [Aggregate] Provider provider, [NotBody] Caller caller)
    {
        if (!MayManage(provider, caller))
        {
            return (Results.Problem(Problems.NotFound("Provider_NotFound", provider.Id)), new Events());
        }

        var outside = command.Services.Where(s => !provider.Offers(s)).ToList();
        if (outside.Count > 0)
        {
            return (Results.Problem(Problems.Conflict("Staff_ServiceNotOffered", Text.Of(outside[0]))), new Events());
        }

        var added = new StaffMemberAdded(provider.Id, Ids.New(), command.Name.Trim(), command.Services.Distinct().ToArray(), caller.Actor,
            caller.Now);
        return (Results.Created($"/api/providers/{provider.Id}/staff/{added.StaffId}", added), new Events { added });
    }

    [Authorize(Roles = Roles.Provider + "," + Roles.Admin)]
    [WolverinePost("/api/providers/{providerId}/staff/{staffId}/credentials", OperationId = "recordCredential")]
    public static (IResult, Events) RecordCredential(Guid staffId, RecordCredential command, [Aggregate] Provider provider,
        [NotBody] Caller caller)
    {
        if (!MayManage(provider, caller))
        {
            return (Results.Problem(Problems.NotFound("Provider_NotFound", provider.Id)), new Events());
        }

        if (provider.Staff.All(s => s.Id != staffId))
        {
            return (Results.Problem(Problems.NotFound("Staff_NotFound", staffId)), new Events());
        }

        var recorded = new CredentialRecorded(provider.Id, staffId, command.Kind!.Value, command.Number, command.ExpiresOn, caller.Actor,
            caller.Now);
        return (Results.Ok(recorded), new Events { recorded });
    }

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/providers/{providerId}/verify", OperationId = "verifyProvider")]
    public static (IResult, Events) Verify([Aggregate] Provider provider, [NotBody] Caller caller) =>
        provider.Verified
            ? (Results.Ok(new { provider.Id, provider.Verified }), new Events())
            : (Results.Ok(new { provider.Id, Verified = true }), new Events { new ProviderVerified(provider.Id, caller.Actor, caller.Now) });

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/providers/{providerId}/suspend", OperationId = "suspendProvider")]
    public static (IResult, Events) Suspend(SuspendProvider command, [Aggregate] Provider provider, [NotBody] Caller caller) =>
        provider.Suspended
            ? (Results.Ok(new { provider.Id, provider.Suspended }), new Events())
            : (Results.Ok(new { provider.Id, Suspended = true }),
                new Events { new ProviderSuspended(provider.Id, command.Reason.Trim(), caller.Actor, caller.Now) });

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/providers/{providerId}/reinstate", OperationId = "reinstateProvider")]
    public static (IResult, Events) Reinstate([Aggregate] Provider provider, [NotBody] Caller caller) =>
        !provider.Suspended
            ? (Results.Ok(new { provider.Id, provider.Suspended }), new Events())
            : (Results.Ok(new { provider.Id, Suspended = false }), new Events { new ProviderReinstated(provider.Id, caller.Actor, caller.Now) });

    private static bool MayManage(Provider provider, Caller caller) =>
        caller.Role == ActorRole.Admin || caller.IsProvider(provider.Id);

    private static async Task<string?> UnknownCommunityAsync(IReadOnlyList<string> codes, Caller caller, IQuerySession session,
        CancellationToken cancellation)
    {
        if (codes.Count == 0)
        {
            return null;
        }

        var found = await session.LoadManyAsync<Division>(cancellation, codes.Distinct().ToArray());
        var valid = found.Where(d => d.Level == DivisionLevel.Community && d.CityCode == caller.City).Select(d => d.Id).ToHashSet();
        return codes.FirstOrDefault(c => !valid.Contains(c));
    }
}
