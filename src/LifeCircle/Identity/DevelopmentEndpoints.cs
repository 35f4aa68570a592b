namespace LifeCircle.Identity;

/// <summary>
/// Endpoints that exist only in Development and Testing: they let the simulator and tests
/// read the one-time code that the logging SMS sink kept for a phone number.
/// </summary>
public static class DevelopmentEndpoints
{
    public static void MapDevelopmentEndpoints(this WebApplication app) =>
        app.MapGet("/dev/sms/{phone}", (string phone, LoggingSmsSink sink) =>
        {
            var normalized = Core.Identity.Phones.NormalizeMobile(phone);
            var text = normalized is null ? null : sink.LastMessageTo(normalized);
            return text is null ? Results.NotFound() : Results.Ok(new { phone = Core.Identity.Phones.Mask(normalized), text });
        }).AllowAnonymous().ExcludeFromDescription();
}
