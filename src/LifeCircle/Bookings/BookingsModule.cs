using JasperFx.Events.Projections;
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
            .Index(x => x.Status);

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
        return services;
    }
}
