using System.Text.RegularExpressions;
using LifeCircle.Bookings;
using LifeCircle.Identity;
using LifeCircle.Residents;
using LifeCircle.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace LifeCircle.Tests.Privacy;

/// <summary>
/// Log output at Information level never contains a full mobile number: sign-in, a whole
/// booking lifecycle and an operator's phone order are logged with masked numbers only.
/// </summary>
[Collection(LimitedHostCollection.Name)]
public sealed partial class LogMaskingTests(LimitedHostFixture app)
{
    // An 11-digit mobile number, with or without +86, that is not part of a longer word or
    // number and not the tail of a masked number such as 139****1001.
    [GeneratedRegex(@"(?<![\w*])(?:\+?86)?1[3-9]\d{9}(?!\w)")]
    private static partial Regex FullMobile();

    [GeneratedRegex(@"1\d{2}\*{4}\d{4}")]
    private static partial Regex MaskedMobile();

    [Fact]
    public async Task Logs_contain_no_full_mobile_number()
    {
        app.Logs.Clear();
        var phones = new List<string> { DemoData.RepairCraftsmanPhone };

        var resident = await app.NewResidentAsync();
        phones.Add(resident.Phone[3..]);
        await RunBookingLifecycleAsync(resident);
        phones.Add(await RunPhoneOrderAsync());
        phones.Add(await RunFailedSignInsAsync());

        var logs = app.Logs.Entries;
        Assert.NotEmpty(logs);
        var known = logs.Where(l => phones.Any(p => l.Message.Contains(p, StringComparison.Ordinal))).ToList();
        Assert.True(known.Count == 0, $"The mobile numbers of this test appear in the log: {Describe(known)}");
        var anyFull = logs.Where(l => FullMobile().IsMatch(l.Message)).ToList();
        Assert.True(anyFull.Count == 0, $"A full mobile number appears in the log: {Describe(anyFull)}");
        var residentMasked = $"{resident.Phone[3..6]}****{resident.Phone[^4..]}";
        Assert.Contains(logs, l => l.Message.Contains(residentMasked, StringComparison.Ordinal));
        Assert.Contains(logs, l => MaskedMobile().IsMatch(l.Message) && l.Category == typeof(LoggingSmsSink).FullName);
    }

    [Fact]
    public async Task Unreadable_body_is_logged_once_without_stack_trace()
    {
        var resident = await app.NewResidentAsync();
        app.Logs.Clear();

        var response = await resident.Client.PostAsync("/api/bookings", "{\"service\": \"Repair\", ");

        response.ShouldBeProblem(400, "Request_InvalidJson");
        Assert.DoesNotContain(app.Logs.Entries, l => l.Level >= LogLevel.Error);
        Assert.DoesNotContain(app.Logs.Entries, l => l.Category == typeof(CreateBooking).FullName);
        var entry = Assert.Single(app.Logs.Entries, l => l.Category == "LifeCircle.Commands");
        Assert.Contains("400", entry.Message);
    }

    [Fact]
    public async Task Command_log_names_no_booking_for_other_creates()
    {
        var provider = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        app.Logs.Clear();

        var response = await provider.PostAsync($"/api/providers/{DemoData.RepairCraftsman}/staff",
            new LifeCircle.Providers.AddStaffMember("周师傅", [ServiceType.Repair]));

        response.ShouldHaveStatus(201);
        var entry = Assert.Single(app.Logs.Entries, l => l.Category == "LifeCircle.Commands");
        Assert.Contains("for booking -", entry.Message);
        Assert.Contains("201", entry.Message);
    }

    [Fact]
    public void Request_body_types_are_the_endpoint_commands()
    {
        var types = LifeCircle.Core.Http.RequestBodyLogging.BodyTypes(typeof(CreateBooking).Assembly).ToHashSet();

        Assert.Contains(typeof(CreateBooking), types);
        Assert.Contains(typeof(RescheduleBooking), types);
        Assert.Contains(typeof(SignInWithPassword), types);
        Assert.DoesNotContain(typeof(Booking), types);
        Assert.DoesNotContain(typeof(LifeCircle.Core.Identity.Caller), types);
        Assert.DoesNotContain(typeof(LoggingSmsSink), types);
    }

    [Fact]
    public async Task Command_log_names_booking_and_role_only()
    {
        var resident = await app.NewResidentAsync();
        app.Logs.Clear();

        var created = await resident.Client.CreateBookingAsync(app.Requests.Repair());

        var entry = Assert.Single(app.Logs.Entries, l => l.Category == "LifeCircle.Commands");
        Assert.Contains(created.Id.ToString(), entry.Message);
        Assert.Contains("resident", entry.Message);
        Assert.Contains("201", entry.Message);
        Assert.DoesNotContain(resident.Name, entry.Message);
        Assert.DoesNotContain(resident.Phone[3..], entry.Message);
    }

    private async Task RunBookingLifecycleAsync(TestResident resident)
    {
        var craftsman = await app.SignInAsProviderAsync(DemoData.RepairCraftsmanPhone);
        var booking = await resident.Client.CreateBookingAsync(app.Requests.Repair(providerId: DemoData.RepairCraftsman));
        (await resident.Client.GetAsync($"/api/bookings/{booking.Id}")).ShouldHaveStatus(200);
        (await craftsman.AcceptAsync(booking.Id)).ShouldChangeTo(BookingStatus.Accepted);
        (await craftsman.GetAsync($"/api/bookings/{booking.Id}")).ShouldHaveStatus(200);
        (await craftsman.StartAsync(booking.Id)).ShouldChangeTo(BookingStatus.Started);

        // The bill goes beyond the quote, so the craftsman proposes it and the resident approves it in the app.
        ChargeInput[] lines = [new ChargeInput("上门检测费", 1m, "次", 30m)];
        var proposal = (await craftsman.PostAsync($"/api/bookings/{booking.Id}/charge-proposals",
                new ProposeCharges(ProposalKind.Extra, lines, "按实际工作量收费")))
            .ShouldHaveStatus(201).As<ProposalCreated>();
        (await resident.Client.PostAsync($"/api/bookings/{booking.Id}/charge-proposals/{proposal.ProposalId}/approve"))
            .ShouldHaveStatus(200);
        (await craftsman.PostAsync($"/api/bookings/{booking.Id}/complete", new CompleteBooking(lines, null)))
            .ShouldChangeTo(BookingStatus.Completed);
        var total = (await craftsman.GetBookingAsync(booking.Id)).Booking.Total!.Value;
        (await craftsman.SettleAsync(booking.Id, PaymentMethod.Cash, total.Yuan)).ShouldChangeTo(BookingStatus.Settled);
    }

    /// <summary>An operator looks a caller up by phone, registers them and books; returns the caller's phone.</summary>
    private async Task<string> RunPhoneOrderAsync()
    {
        var operatorClient = (await app.SignInAsStaffAsync(DemoData.Operator)).WithHeader("X-Channel", "phone");
        var phone = app.NewPhone();

        (await operatorClient.GetAsync($"/api/residents?phone={phone}")).ShouldHaveStatus(200);
        var registered = (await operatorClient.PostAsync("/api/residents", new RegisterCaller(
                "钱桂英", phone, DemoData.ShuiyuandiCommunity, "沈阳市和平区水源地社区5号楼3单元402", 1938, Landline: "024-23456789")))
            .ShouldHaveStatus(201).As<ResidentProfile>();
        (await operatorClient.GetAsync($"/api/residents?phone={phone}")).ShouldHaveStatus(200);
        await operatorClient.CreateBookingAsync(app.Requests.Meal(residentId: registered.Id));

        var again = await operatorClient.PostAsync("/api/residents", new RegisterCaller(
            "钱桂英", phone, DemoData.ShuiyuandiCommunity, null, 1938));
        var detail = again.ShouldBeProblem(409, "Resident_PhoneRegistered")["detail"]!.GetValue<string>();
        Assert.DoesNotContain(phone, detail);
        Assert.Contains($"{phone[..3]}****{phone[^4..]}", detail);
        return phone;
    }

    /// <summary>A wrong code and a provider sign-in for a number without a provider account; returns that number.</summary>
    private async Task<string> RunFailedSignInsAsync()
    {
        var phone = app.NewPhone();
        var code = await app.SendCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        (await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, wrong, "resident")))
            .ShouldBeProblem(400, "Code_Wrong");
        var noProvider = await app.Anonymous.PostAsync("/api/auth/token", new SignInWithCode(phone, code, "provider"));
        var detail = noProvider.ShouldBeProblem(404, "SignIn_NoProviderAccount")["detail"]!.GetValue<string>();
        Assert.DoesNotContain(phone, detail);
        return phone;
    }

    private static string Describe(IEnumerable<RecordedLog> entries) =>
        string.Join(Environment.NewLine, entries.Select(e => $"[{e.Category}] {e.Message}"));
}
