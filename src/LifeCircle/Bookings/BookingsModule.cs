using JasperFx.Events.Projections;
using LifeCircle.Core.Http;
using Marten;
using Weasel.Core;
using Weasel.Postgresql;

namespace LifeCircle.Bookings;

public static class BookingsModule
{
    public static StoreOptions AddBookings(this StoreOptions options)
    {
        options.Projections.LiveStreamAggregation<Booking>();
        options.Projections.Add<BookingViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<BathingClearanceProjection>(ProjectionLifecycle.Inline);

        options.Schema.For<BookingView>()
            .Index(x => x.ResidentId)
            .Index(x => x.ProviderId)
            .Index(x => x.Number)
            .Index(x => x.Status)
            .Index(x => x.StaffId!);

        // A slot's id is unique per staff member and time, so its primary key is the guard
        // against double assignment. Slots are tenant documents like every other.
        options.Schema.For<StaffSlot>()
            .Index(x => x.BookingId)
            .Index(x => x.StaffId);

        options.Storage.ExtendedSchemaObjects.Add(new Sequence(
            new PostgresqlObjectName(BookingNumbers.SequenceSchema, BookingNumbers.SequenceName, SchemaUtils.IdentifierUsage.General), BookingNumbers.FirstNumber));
        return options;
    }

    public static IServiceCollection AddBookings(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new BookingOptions();
        configuration.GetSection(BookingOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<BookingNumbers>();
        services.AddSingleton<IProblemExplainer, StaffSlotConflicts>();
        return services;
    }
}
