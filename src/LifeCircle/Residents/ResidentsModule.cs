using JasperFx.Events.Projections;
using LifeCircle.Bookings;
using Marten;

namespace LifeCircle.Residents;

public static class ResidentsModule
{
    public static StoreOptions AddResidents(this StoreOptions options)
    {
        options.Projections.Add<ResidentProfileProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<GuardianshipProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ResidentProfile>().Index(x => x.Phone);
        AddErasureMasking(options);
        return options;
    }

    /// <summary>
    /// What erasure overwrites inside stored events: names, phones, addresses, birth years,
    /// health details and every free text (descriptions, reasons and notes). Ids, service types, times and money stay
    /// for statistics and disputes.
    /// </summary>
    private static void AddErasureMasking(StoreOptions options)
    {
        const string erased = ResidentProfileProjection.ErasedText;
        options.Events.AddMaskingRuleForProtectedInformation<ResidentRegistered>(e =>
        {
            e.Name = erased;
            e.Mobile = "";
            e.Landline = null;
            e.Address = null;
            e.BirthYear = null;
        });
        options.Events.AddMaskingRuleForProtectedInformation<ResidentContactChanged>(e =>
        {
            e.Name = erased;
            e.Mobile = "";
            e.Landline = null;
            e.Address = null;
            e.BirthYear = null;
        });
        options.Events.AddMaskingRuleForProtectedInformation<ElderAttributesRecorded>(e =>
        {
            e.LivesAlone = false;
            e.HasDisability = false;
            e.Mobility = null;
            e.Diet = [];
        });
        options.Events.AddMaskingRuleForProtectedInformation<GuardianLinked>(e =>
        {
            e.GuardianName = erased;
            e.GuardianPhone = "";
        });
        options.Events.AddMaskingRuleForProtectedInformation<BookingRequested>(e => e.Details = e.Details.WithoutPersonalData());
        options.Events.AddMaskingRuleForProtectedInformation<BookingCancelled>(e => e.Reason = erased);
        options.Events.AddMaskingRuleForProtectedInformation<BookingRescheduled>(e => e.Reason = e.Reason is null ? null : erased);
        options.Events.AddMaskingRuleForProtectedInformation<BookingDeclined>(e => e.Reason = e.Reason is null ? null : erased);
        options.Events.AddMaskingRuleForProtectedInformation<NoShowRecorded>(e => e.Note = e.Note is null ? null : erased);
        options.Events.AddMaskingRuleForProtectedInformation<BookingCompleted>(e => e.Note = e.Note is null ? null : erased);
        options.Events.AddMaskingRuleForProtectedInformation<ChargesRejected>(e => e.Reason = e.Reason is null ? null : erased);
        options.Events.AddMaskingRuleForProtectedInformation<BathingAssessmentRecorded>(e =>
        {
            e.Mobility = MobilityLevel.NotRecorded;
            e.Summary = erased;
        });
    }
}
