using LifeCircle.Bookings;
using LifeCircle.Core.Identity;
using LifeCircle.Providers;
using Microsoft.AspNetCore.Mvc;

namespace LifeCircle.Tests.Unit;

/// <summary>Write models, callers and providers for the decision functions, built without a host.</summary>
internal static class Decisions
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);
    public static readonly Guid ResidentId = Guid.Parse("0190f000-0000-7000-8000-000000000001");
    public static readonly Guid OtherResidentId = Guid.Parse("0190f000-0000-7000-8000-000000000002");
    public static readonly Guid ProviderId = Guid.Parse("0190f000-0000-7000-8000-000000000103");
    public static readonly Guid OtherProviderId = Guid.Parse("0190f000-0000-7000-8000-000000000104");
    public const string Community = "210102001002";

    /// <summary>A booking of tomorrow 10:00 to 12:00 (Asia/Shanghai) in the given status.</summary>
    public static Booking Booking(BookingStatus status, Guid? providerId = null, Guid? targetProviderId = null,
        ServiceType service = ServiceType.Repair) => new(
        Id: Guid.Parse("0190f000-0000-7000-8000-00000000b001"),
        Status: status,
        Service: service,
        ResidentId: ResidentId,
        CommunityCode: Community,
        TargetProviderId: targetProviderId,
        ProviderId: providerId,
        Window: new TimeWindow(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(8)),
            new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.FromHours(8))),
        AcceptBy: Now.AddHours(2),
        DeclinedBy: [],
        Total: null,
        BathingCleared: false,
        AssessmentRecorded: false,
        AgreementSigned: false,
        Absent: null);

    public static Caller ResidentCaller(Guid? residentId = null, DateTimeOffset? now = null) =>
        new(new Actor(ActorRole.Resident, Guid.NewGuid(), Channel.App, ResidentId: residentId ?? ResidentId), "2101", now ?? Now);

    public static Caller ProviderCaller(Guid? providerId = null, DateTimeOffset? now = null) =>
        new(new Actor(ActorRole.Provider, Guid.NewGuid(), Channel.App, ProviderId: providerId ?? ProviderId), "2101", now ?? Now);

    public static Caller OperatorCaller(DateTimeOffset? now = null) =>
        new(new Actor(ActorRole.Operator, Guid.NewGuid(), Channel.Phone), "2101", now ?? Now);

    public static Provider Provider(Guid? id = null, ServiceType service = ServiceType.Repair, bool verified = true,
        params string[] area) => new()
    {
        Id = id ?? ProviderId,
        Name = "老王便民修理铺",
        Services = [service],
        ServiceArea = [.. area],
        Verified = verified
    };

    public static string? CodeOf(ProblemDetails? problem) =>
        problem?.Extensions.TryGetValue("code", out var code) == true ? code as string : null;

    /// <summary>Fails unless the decision is the problem with this status and code.</summary>
    public static ProblemDetails ShouldBeProblem(this BookingDecision decision, int status, string code)
    {
        Assert.NotNull(decision.Problem);
        Assert.Equal(status, decision.Problem.Status);
        Assert.Equal(code, CodeOf(decision.Problem));
        Assert.Empty(decision.Events);
        return decision.Problem;
    }

    /// <summary>Fails unless the decision is the 409 of an invalid transition from <paramref name="current"/>.</summary>
    public static void ShouldBeInvalidTransition(this BookingDecision decision, BookingStatus current)
    {
        var problem = decision.ShouldBeProblem(409, "Booking_InvalidTransition");
        Assert.Equal(current.ToString(), problem.Extensions["currentStatus"]);
    }

    public static void ShouldBeNoChange(this BookingDecision decision)
    {
        Assert.Null(decision.Problem);
        Assert.Empty(decision.Events);
    }

    /// <summary>Fails unless the decision appends exactly one event, of type <typeparamref name="T"/>; returns it.</summary>
    public static T ShouldAppend<T>(this BookingDecision decision)
    {
        Assert.Null(decision.Problem);
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }
}
