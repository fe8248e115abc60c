using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Matchmaker.Api.Referrals;
using Matchmaker.Api.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchmaker.Api.Tests.Referrals;

// The referral loop through the API, on the suite's database (SQLite, or PostgreSQL with MATCHMAKER_TEST_POSTGRES).
// The clock stands at Thursday 26 November 2026, 12:00 UTC (13:00 in Amsterdam).
public sealed class ReferralTests : IDisposable
{
    private const string Scheme = "t-eindhoven-energy";
    private const string Provider = "gemeente-test";
    private const string Email = "j.jansen@bakkerij-jansen.example";

    private readonly MatchmakerApiFactory _api = new(settings: new Dictionary<string, string>
    {
        // One referral is enough to show a provider here; suppression has tests of its own.
        ["Insights:MinimumCellSize"] = "1",
        ["Referrals:AnonymousPerMinute"] = "0",
    });

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task FullLoop_AdviserRefers_ProviderAcceptsAndClosesWithAidGranted_StatsShowIt()
    {
        // Arrange
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);

        // Act: the adviser refers, the provider finds it in its inbox, accepts it and closes it with aid granted.
        var sent = await adviser.PostAsync("/v1/referrals", Json(Body()));
        var receipt = await sent.JsonAsync();
        var id = receipt.GetProperty("id").GetString()!;
        var inbox = await (await provider.GetAsync("/v1/referrals?direction=received&status=received")).JsonAsync();
        var accepted = await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "accepted", note = "Ik bel de ondernemer morgen." }));
        _api.Time.Advance(TimeSpan.FromDays(10));
        var closed = await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = "aid-granted" }));
        var seenBySender = await (await adviser.GetAsync($"/v1/referrals/{id}")).JsonAsync();
        var stats = await (await _api.CreateClient().GetAsync("/v1/referrals/stats?from=2026-11-01&to=2026-12-31")).JsonAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal($"/v1/referrals/{id}", sent.Headers.Location?.OriginalString);
        Assert.Equal(Provider, receipt.GetProperty("provider").GetProperty("id").GetString());
        Assert.Equal("received", receipt.GetProperty("status").GetString());
        Assert.Equal("adviser", receipt.GetProperty("channel").GetString());

        var item = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("kvk-zuid", item.GetProperty("senderOrganisation").GetString());
        Assert.Equal("Jan Jansen", item.GetProperty("contactName").GetString());

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("accepted", (await accepted.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);

        Assert.Equal("closed", seenBySender.GetProperty("status").GetString());
        Assert.Equal("aid-granted", seenBySender.GetProperty("outcome").GetString());
        Assert.Equal(Email, seenBySender.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("12345678", seenBySender.GetProperty("kvkNumber").GetString());
        Assert.Equal("GM0772", seenBySender.GetProperty("company").GetProperty("municipalityCode").GetString());
        Assert.Equal(
            [("sender", "received", null), ("provider", "accepted", "Ik bel de ondernemer morgen."), ("provider", "closed", null)],
            seenBySender.GetProperty("events").EnumerateArray().Select(e =>
                (e.GetProperty("by").GetString(), e.GetProperty("status").GetString(), e.TryGetProperty("note", out var n) ? n.GetString() : null)));
        Assert.Equal(MatchmakerApiFactory.Today, seenBySender.GetProperty("firstAnsweredAt").GetDateTimeOffset());
        Assert.Equal(MatchmakerApiFactory.Today.AddDays(10), seenBySender.GetProperty("closedAt").GetDateTimeOffset());

        var shown = Assert.Single(stats.GetProperty("items").EnumerateArray());
        Assert.Equal(Provider, shown.GetProperty("provider").GetProperty("id").GetString());
        Assert.Equal(1, shown.GetProperty("received").GetInt32());
        Assert.Equal(1.0, shown.GetProperty("shareAnsweredWithin5WorkingDays").GetDouble());
        Assert.Equal(0.0, shown.GetProperty("medianDaysToFirstAnswer").GetDouble());
        Assert.Equal(10.0, shown.GetProperty("medianDaysToClose").GetDouble());
        var aid = shown.GetProperty("outcomes").EnumerateArray().Single(o => o.GetProperty("outcome").GetString() == "aid-granted");
        Assert.Equal(1, aid.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Events_ReachTheRightOrganisationOnly_AndCarryNoContactData()
    {
        // Arrange
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);
        var id = await SendAsync(adviser);

        // Act: the provider answers twice, the sender adds a note.
        await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "in-progress", note = "Aanvraag wordt voorbereid." }));
        await adviser.PostAsync($"/v1/referrals/{id}/events", Json(new { note = "De ondernemer is op vakantie tot 10 december." }));
        await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = "taken-up" }));
        var referral = await (await provider.GetAsync($"/v1/referrals/{id}")).JsonAsync();

        // Assert: received and the sender's note go to the provider; the provider's moves to the sending organisation.
        Assert.Equal(
            [
                ("referral.received", "provider", Provider), ("referral.updated", "sender", "kvk-zuid"),
                ("referral.updated", "provider", Provider), ("referral.updated", "sender", "kvk-zuid"),
            ],
            referral.GetProperty("notifications").EnumerateArray().Select(n =>
                (n.GetProperty("type").GetString(), n.GetProperty("audience").GetString(), n.GetProperty("organisation").GetString())));
        var last = referral.GetProperty("notifications")[3].GetProperty("data");
        Assert.Equal(id, last.GetProperty("referralId").GetString());
        Assert.Equal("closed", last.GetProperty("status").GetString());
        Assert.Equal("taken-up", last.GetProperty("outcome").GetString());
        Assert.Equal("provider", last.GetProperty("changedBy").GetString());
        Assert.Equal(Scheme, last.GetProperty("schemeId").GetString());

        await using var connection = await _api.Database.OpenAsync();
        var stored = (await connection.QueryAsync<(string Organisation, string Payload)>(
            "SELECT organisation, payload FROM referral_notifications")).ToList();
        Assert.Equal(4, stored.Count);
        Assert.All(stored, n => Assert.Contains(n.Organisation, new[] { Provider, "kvk-zuid" }));
        foreach (var secret in new[] { "Jan Jansen", Email, "040 123 4567", "warmtepomp", "vakantie", "voorbereid", "12345678", "Bakkerij" })
        {
            Assert.All(stored, n => Assert.DoesNotContain(secret, n.Payload, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task NobodyElse_SeesOrChangesAReferral_AdminIncluded()
    {
        // Arrange
        await AcceptReferralsAsync(Provider);
        var id = await SendAsync(await AdviserAsync("kvk-zuid"));
        var others = new Dictionary<string, HttpClient>
        {
            ["another organisation"] = await AdviserAsync("rom-utrecht-region"),
            ["another provider"] = await _api.ClientWithKeyAsync("publisher", "provincie-test"),
            ["analyst"] = await _api.ClientWithKeyAsync("analyst"),
            ["admin"] = await _api.ClientWithKeyAsync("admin"),
            ["adviser without organisation"] = await _api.ClientWithKeyAsync("adviser"),
        };

        foreach (var (who, client) in others)
        {
            // Act
            var read = await client.GetAsync($"/v1/referrals/{id}");
            var change = await client.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "accepted" }));
            var list = await client.GetAsync("/v1/referrals");

            // Assert
            await read.ProblemAsync(HttpStatusCode.NotFound);
            await change.ProblemAsync(HttpStatusCode.NotFound);
            if (list.StatusCode == HttpStatusCode.OK)
            {
                Assert.True((await list.JsonAsync()).GetProperty("items").GetArrayLength() == 0, who);
            }
            else
            {
                var problem = await list.ProblemAsync(HttpStatusCode.Forbidden);
                Assert.Contains("admin", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        // An unknown id looks the same as someone else's.
        await (await (await _api.ClientWithKeyAsync("publisher", Provider)).GetAsync("/v1/referrals/0000000000000000")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _api.CreateClient().GetAsync($"/v1/referrals/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("false")]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    public async Task Send_WithoutExplicitConsent_Is400_AndNothingIsStored(string consent)
    {
        await AcceptReferralsAsync(Provider);
        var body = JsonSerializer.SerializeToNode(Body())!.AsObject();
        body.Remove("consent");
        if (consent != "missing")
        {
            body["consent"] = System.Text.Json.Nodes.JsonNode.Parse(consent);
        }

        var response = await (await AdviserAsync("kvk-zuid")).PostAsync("/v1/referrals", Json(body.ToJsonString()));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["consent"], problem.InvalidParamNames());
        Assert.Contains("consent", problem.GetProperty("invalidParams")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        await using var connection = await _api.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM referrals"));
    }

    [Fact]
    public async Task Send_ListsEveryProblemAtOnce()
    {
        var response = await (await AdviserAsync("kvk-zuid")).PostAsync("/v1/referrals", Json("""
            {
              "schemeId": "Not A Slug", "kvkNumber": "1234", "companyName": "",
              "company": { "employees": -3, "municipalityCode": "GM9999", "colour": "blue" },
              "contact": { "name": "  ", "email": "jan at example", "phone": "bel me", "fax": "x" },
              "consent": false, "message": "hulp\u0007", "extra": 1
            }
            """));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            new[]
            {
                "schemeId", "kvkNumber", "companyName", "consent", "message", "contact.fax", "contact.name", "contact.email", "contact.phone",
                "extra", "company.employees", "company.colour", "company.municipalityCode",
            }.Order(),
            problem.InvalidParamNames().Order());
    }

    [Theory]
    [InlineData("{ \"contact\": { \"name\": \"Jan\" } }", "contact.email")]
    [InlineData("{ \"contact\": { \"email\": \"a@b.nl\" } }", "contact.name")]
    [InlineData("{ \"contact\": \"Jan\" }", "contact")]
    [InlineData("{ \"contact\": { \"name\": \"Jan\", \"email\": \"a@b\" } }", "contact.email")]
    [InlineData("{ \"message\": \"\" }", "message")]
    [InlineData("{ \"company\": [] }", "company")]
    public async Task Send_BadField_IsNamed(string change, string field)
    {
        var body = JsonSerializer.SerializeToNode(Body())!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(change)!.AsObject().ToList())
        {
            body[key] = value?.DeepClone();
        }

        var response = await (await AdviserAsync("kvk-zuid")).PostAsync("/v1/referrals", Json(body.ToJsonString()));

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
    }

    [Fact]
    public async Task Send_ByKeysThatAreNoSender_IsRefused()
    {
        await AcceptReferralsAsync(Provider);

        var noOrganisation = await (await _api.ClientWithKeyAsync("adviser")).PostAsync("/v1/referrals", Json(Body()));
        var publisher = await (await _api.ClientWithKeyAsync("publisher", Provider)).PostAsync("/v1/referrals", Json(Body()));
        var admin = await (await _api.ClientWithKeyAsync("admin")).PostAsync("/v1/referrals", Json(Body()));
        var bogus = _api.CreateClient();
        bogus.DefaultRequestHeaders.Add("X-Api-Key", "mm_unknown_key");
        var unknownKey = await bogus.PostAsync("/v1/referrals", Json(Body()));

        Assert.Contains("--organisation", (await noOrganisation.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await publisher.ProblemAsync(HttpStatusCode.Forbidden);
        await admin.ProblemAsync(HttpStatusCode.Forbidden);
        await unknownKey.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Send_ToAProviderThatDoesNotAccept_OrAnEndedOrUnknownScheme_IsRefused()
    {
        var adviser = await AdviserAsync("kvk-zuid");
        await AcceptReferralsAsync("test-national");

        var notAccepting = await adviser.PostAsync("/v1/referrals", Json(Body()));
        var ended = await adviser.PostAsync("/v1/referrals", Json(Body("t-ended-guarantee")));
        var unknown = await adviser.PostAsync("/v1/referrals", Json(Body("no-such-scheme")));

        var problem = await notAccepting.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("https://matchmaker.dev/problems/referral-not-possible", problem.GetProperty("type").GetString());
        Assert.Contains("does not accept referrals", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("has ended", (await ended.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Status_MovesForwardOnly_ClosingNeedsAnOutcome_AndNothingFollowsClosing()
    {
        // Arrange
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);
        var id = await SendAsync(adviser);
        var events = $"/v1/referrals/{id}/events";

        // Act and assert, step by step.
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync(events, Json(new { status = "in-progress" }))).StatusCode);
        var back = await (await provider.PostAsync(events, Json(new { status = "accepted" }))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("https://matchmaker.dev/problems/referral-status-conflict", back.GetProperty("type").GetString());
        Assert.Contains("only moves forward", back.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await provider.PostAsync(events, Json(new { status = "in-progress" }))).ProblemAsync(HttpStatusCode.Conflict);
        await (await provider.PostAsync(events, Json(new { status = "received" }))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["outcome"], (await (await provider.PostAsync(events, Json(new { status = "closed" }))).ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
        Assert.Equal(["outcome"], (await (await provider.PostAsync(events, Json(new { status = "accepted", outcome = "aid-granted" }))).ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
        Assert.Equal(["outcome"], (await (await provider.PostAsync(events, Json(new { status = "closed", outcome = "won" }))).ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
        Assert.Equal(["status"], (await (await provider.PostAsync(events, Json(new { status = "done" }))).ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
        Assert.Equal(["body"], (await (await provider.PostAsync(events, Json(new { }))).ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
        await (await adviser.PostAsync(events, Json(new { status = "closed", outcome = "aid-granted" }))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync(events, Json(new { status = "closed", outcome = "no-aid-available" }))).StatusCode);
        await (await provider.PostAsync(events, Json(new { note = "nog iets" }))).ProblemAsync(HttpStatusCode.Conflict);
        await (await adviser.PostAsync(events, Json(new { note = "nog iets" }))).ProblemAsync(HttpStatusCode.Conflict);
        var final = await (await adviser.GetAsync($"/v1/referrals/{id}")).JsonAsync();
        Assert.Equal(["received", "in-progress", "closed"], final.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TwoAnswersAtOnce_OneMovesTheStatus_TheOtherIs409()
    {
        await AcceptReferralsAsync(Provider);
        var id = await SendAsync(await AdviserAsync("kvk-zuid"));
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "accepted" }))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var referral = await (await provider.GetAsync($"/v1/referrals/{id}")).JsonAsync();
        Assert.Equal(2, referral.GetProperty("events").GetArrayLength());
        Assert.Equal(2, referral.GetProperty("notifications").GetArrayLength());
    }

    [Fact]
    public async Task Skipping_FromReceivedStraightToClosed_IsAllowed()
    {
        await AcceptReferralsAsync(Provider);
        var id = await SendAsync(await AdviserAsync("kvk-zuid"));

        var closed = await (await _api.ClientWithKeyAsync("publisher", Provider))
            .PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = "firm-unreachable", note = "Drie keer gebeld." }));

        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);
        Assert.Equal("firm-unreachable", (await closed.JsonAsync()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Retention_RemovesContactDataAfterTheConfiguredDays_AndKeepsTheAuditTrail()
    {
        // Arrange: a referral closed with a note on 26 November 2026.
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);
        var id = await SendAsync(adviser);
        await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = "aid-granted", note = "Toegekend: 4.000 euro." }));
        var jobs = _api.Services.GetRequiredService<ReferralJobs>();

        // Act: a day before the end of the retention period, and after it.
        _api.Time.Advance(TimeSpan.FromDays(364));
        var early = await jobs.RunOnceAsync(CancellationToken.None);
        _api.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(15));
        var due = await jobs.RunOnceAsync(CancellationToken.None);
        var referral = await (await provider.GetAsync($"/v1/referrals/{id}")).JsonAsync();

        // Assert
        Assert.Equal(0, early!.ContactsRemoved);
        Assert.Equal(1, due!.ContactsRemoved);
        foreach (var field in new[] { "contact", "message", "kvkNumber", "companyName", "company" })
        {
            Assert.False(referral.TryGetProperty(field, out _), field);
        }

        Assert.Equal(MatchmakerApiFactory.Today.AddDays(365).AddMinutes(15), referral.GetProperty("contactRemovedAt").GetDateTimeOffset());
        Assert.Equal("aid-granted", referral.GetProperty("outcome").GetString());
        Assert.Equal("kvk-zuid", referral.GetProperty("senderOrganisation").GetString());
        var trail = referral.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["received", "closed"], trail.Select(e => e.GetProperty("status").GetString()));
        Assert.All(trail, e => Assert.False(e.TryGetProperty("note", out _)));
        var listed = (await (await adviser.GetAsync("/v1/referrals")).JsonAsync()).GetProperty("items")[0];
        Assert.True(listed.GetProperty("contactRemoved").GetBoolean());
        Assert.False(listed.TryGetProperty("contactName", out _));

        await using var connection = await _api.Database.OpenAsync();
        var row = await connection.QuerySingleAsync<(string? Name, string? Email, string? Phone, string? Message, string? Kvk, string? Company)>(
            "SELECT contact_name, contact_email, contact_phone, message, kvk_number, company FROM referrals WHERE id = @id", new { id });
        Assert.Equal((null, null, null, null, null, null), row);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM referral_events WHERE note IS NOT NULL"));
    }

    [Fact]
    public async Task Retention_IsConfigurable_AndOpenReferralsAreKept()
    {
        using var api = new MatchmakerApiFactory(settings: new Dictionary<string, string> { ["Referrals:RetentionDays"] = "30" });
        await PutAcceptsAsync(api, Provider);
        var adviser = await AdviserAsync("kvk-zuid", api);
        var provider = await api.ClientWithKeyAsync("publisher", Provider);
        var closedId = await SendAsync(adviser);
        var openId = await SendAsync(adviser);
        await provider.PostAsync($"/v1/referrals/{closedId}/events", Json(new { status = "closed", outcome = "declined-by-firm" }));

        api.Time.Advance(TimeSpan.FromDays(31));
        var result = await api.Services.GetRequiredService<ReferralJobs>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, result!.ContactsRemoved);
        Assert.False((await (await provider.GetAsync($"/v1/referrals/{closedId}")).JsonAsync()).TryGetProperty("contact", out _));
        Assert.True((await (await provider.GetAsync($"/v1/referrals/{openId}")).JsonAsync()).TryGetProperty("contact", out _));
    }

    [Fact]
    public async Task Reminder_AfterThreeWorkingDaysWithoutAnswer_ToTheProvider_Once()
    {
        // Arrange: sent on Thursday 26 November 13:00 in Amsterdam; three working days run to Tuesday 1 December 13:00.
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var waiting = await SendAsync(adviser);
        var answered = await SendAsync(adviser);
        await (await _api.ClientWithKeyAsync("publisher", Provider)).PostAsync($"/v1/referrals/{answered}/events", Json(new { note = "Ontvangen, we bellen." }));
        var jobs = _api.Services.GetRequiredService<ReferralJobs>();

        // Act: Tuesday 12:59, then 13:15, then a quarter of an hour later.
        _api.Time.Advance(new DateTimeOffset(2026, 12, 1, 11, 59, 0, TimeSpan.Zero) - MatchmakerApiFactory.Today);
        var before = await jobs.RunOnceAsync(CancellationToken.None);
        _api.Time.Advance(TimeSpan.FromMinutes(16));
        var due = await jobs.RunOnceAsync(CancellationToken.None);
        _api.Time.Advance(TimeSpan.FromMinutes(15));
        var again = await jobs.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, before!.Reminders);
        Assert.Equal(1, due!.Reminders);
        Assert.Equal(0, again!.Reminders);
        var referral = await (await adviser.GetAsync($"/v1/referrals/{waiting}")).JsonAsync();
        var reminder = referral.GetProperty("notifications").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "referral.reminder");
        Assert.Equal(("provider", Provider), (reminder.GetProperty("audience").GetString(), reminder.GetProperty("organisation").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), reminder.GetProperty("data").GetProperty("dueAt").GetDateTimeOffset());
        var other = await (await adviser.GetAsync($"/v1/referrals/{answered}")).JsonAsync();
        Assert.DoesNotContain(other.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("type").GetString() == "referral.reminder");
    }

    [Fact]
    public async Task Reminder_CountsChristmasAsNoWorkingDay()
    {
        // Sent on Wednesday 23 December 2026, 10:00 in Amsterdam: Thursday 24, (Christmas), Monday 28, Tuesday 29.
        await AcceptReferralsAsync(Provider);
        _api.Time.Advance(new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.Zero) - MatchmakerApiFactory.Today);
        await SendAsync(await AdviserAsync("kvk-zuid"));
        var jobs = _api.Services.GetRequiredService<ReferralJobs>();

        _api.Time.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(30));
        var monday = await jobs.RunOnceAsync(CancellationToken.None);
        _api.Time.Advance(TimeSpan.FromDays(1));
        var tuesday = await jobs.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, monday!.Reminders);
        Assert.Equal(1, tuesday!.Reminders);
    }

    [Fact]
    public async Task FollowUp_SixWeeksAfterClosing_ToTheSendingOrganisation_NotForTheWidget()
    {
        // Arrange
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);
        var fromAdviser = await SendAsync(adviser);
        var fromWidget = await SendAsync(_api.CreateClient());
        foreach (var id in new[] { fromAdviser, fromWidget })
        {
            await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = "taken-up" }));
        }

        var jobs = _api.Services.GetRequiredService<ReferralJobs>();

        // Act
        _api.Time.Advance(TimeSpan.FromDays(42) - TimeSpan.FromMinutes(1));
        var early = await jobs.RunOnceAsync(CancellationToken.None);
        _api.Time.Advance(TimeSpan.FromMinutes(16));
        var due = await jobs.RunOnceAsync(CancellationToken.None);
        _api.Time.Advance(TimeSpan.FromMinutes(15));
        var again = await jobs.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal((0, 1, 0), (early!.FollowUps, due!.FollowUps, again!.FollowUps));
        var referral = await (await adviser.GetAsync($"/v1/referrals/{fromAdviser}")).JsonAsync();
        var followUp = referral.GetProperty("notifications").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "referral.follow-up");
        Assert.Equal(("sender", "kvk-zuid"), (followUp.GetProperty("audience").GetString(), followUp.GetProperty("organisation").GetString()));
        var widget = await (await provider.GetAsync($"/v1/referrals/{fromWidget}")).JsonAsync();
        Assert.DoesNotContain(widget.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("type").GetString() == "referral.follow-up");
    }

    [Fact]
    public async Task Jobs_RunOnceAcrossNodesPerPeriod()
    {
        var jobs = _api.Services.GetRequiredService<ReferralJobs>();
        _api.Time.Advance(TimeSpan.FromMinutes(15));

        var first = await jobs.RunOnceAsync(CancellationToken.None);
        var second = await jobs.RunOnceAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task Widget_SendsWithoutAKey_OnlyTheProviderSeesIt()
    {
        // Arrange
        await AcceptReferralsAsync(Provider);
        var anonymous = _api.CreateClient();
        var body = new
        {
            schemeId = Scheme, consent = true, message = "Wij willen een warmtepomp.",
            contact = new { name = "Jan Jansen", email = Email },
            company = new { municipalityCode = "GM0772", employees = 4 },
        };

        // Act: from a municipality's page on another origin.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/referrals") { Content = Json(body) };
        request.Headers.Add("Origin", "https://www.gemeente.example");
        var sent = await anonymous.SendAsync(request);
        var id = (await sent.JsonAsync()).GetProperty("id").GetString()!;
        var inProvider = await (await (await _api.ClientWithKeyAsync("publisher", Provider)).GetAsync($"/v1/referrals/{id}")).JsonAsync();
        var anyOrganisation = await (await AdviserAsync("kvk-zuid")).GetAsync("/v1/referrals");

        // Assert
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal("*", sent.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("widget", inProvider.GetProperty("channel").GetString());
        Assert.False(inProvider.TryGetProperty("senderOrganisation", out _));
        Assert.Equal(Email, inProvider.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(0, (await anyOrganisation.JsonAsync()).GetProperty("items").GetArrayLength());
        await using var connection = await _api.Database.OpenAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT sender_key_id FROM referrals WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Widget_IsRateLimitedPerMinute_AdvisersAreNot()
    {
        // The default: 3 referrals a minute per client without a key.
        using var api = new MatchmakerApiFactory();
        await PutAcceptsAsync(api, Provider);
        var anonymous = api.CreateClient();
        var adviser = await AdviserAsync("kvk-zuid", api);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.PostAsync("/v1/referrals", Json(Body()))).StatusCode);
        }

        var keyed = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            keyed.Add((await adviser.PostAsync("/v1/referrals", Json(Body()))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.All(keyed, s => Assert.Equal(HttpStatusCode.Created, s));
    }

    [Fact]
    public async Task Lists_ArePagedNewestFirst_AndFilterByStatus()
    {
        // Arrange: three referrals, a minute apart; the second accepted.
        await AcceptReferralsAsync(Provider);
        var adviser = await AdviserAsync("kvk-zuid");
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await SendAsync(adviser));
            _api.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await provider.PostAsync($"/v1/referrals/{ids[1]}/events", Json(new { status = "accepted" }));

        // Act
        var first = await provider.GetAsync("/v1/referrals?pageSize=2");
        var second = await (await provider.GetAsync("/v1/referrals?pageSize=2&page=2")).JsonAsync();
        var acceptedOnly = await (await adviser.GetAsync("/v1/referrals?direction=sent&status=accepted")).JsonAsync();
        var wrongDirection = await (await adviser.GetAsync("/v1/referrals?direction=received")).JsonAsync();
        var badStatus = await provider.GetAsync("/v1/referrals?status=done");

        // Assert
        var page = await first.JsonAsync();
        Assert.Equal([ids[2], ids[1]], page.Ids());
        Assert.Equal(3, page.GetProperty("totalItems").GetInt32());
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal([ids[0]], second.Ids());
        Assert.Equal([ids[1]], acceptedOnly.Ids());
        Assert.Empty(wrongDirection.Ids());
        Assert.Equal(["status"], (await badStatus.ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
    }

    [Fact]
    public async Task Settings_PublicToRead_OnlyTheProvidersPublisherOrAdminChangesThem()
    {
        var anonymous = _api.CreateClient();

        var initially = await (await anonymous.GetAsync($"/v1/providers/{Provider}/referral-settings")).JsonAsync();
        var otherPublisher = await (await _api.ClientWithKeyAsync("publisher", "provincie-test"))
            .PutAsync($"/v1/providers/{Provider}/referral-settings", Json(new { accepts = true }));
        var own = await (await _api.ClientWithKeyAsync("publisher", Provider)).PutAsync($"/v1/providers/{Provider}/referral-settings", Json(new { accepts = true }));
        var admin = await _api.ClientWithKeyAsync("admin");
        var unknown = await admin.PutAsync("/v1/providers/no-such-provider/referral-settings", Json(new { accepts = true }));
        var bad = await admin.PutAsync($"/v1/providers/{Provider}/referral-settings", Json(new { accepts = "ja", extra = 1 }));
        var adviser = await (await AdviserAsync("kvk-zuid")).PutAsync($"/v1/providers/{Provider}/referral-settings", Json(new { accepts = false }));
        var provider = await (await anonymous.GetAsync($"/v1/providers/{Provider}")).JsonAsync();
        var accepting = await (await anonymous.GetAsync("/v1/referrals/providers")).JsonAsync();
        var others = await (await anonymous.GetAsync("/v1/providers/provincie-test")).JsonAsync();

        Assert.False(initially.GetProperty("accepts").GetBoolean());
        Assert.False(initially.TryGetProperty("updatedAt", out _));
        await otherPublisher.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True((await own.JsonAsync()).GetProperty("accepts").GetBoolean());
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["accepts", "extra"], (await bad.ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames().Order());
        await adviser.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.True(provider.GetProperty("acceptsReferrals").GetBoolean());
        Assert.False(others.GetProperty("acceptsReferrals").GetBoolean());
        Assert.Equal([Provider], accepting.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        await (await anonymous.GetAsync("/v1/providers/no-such-provider/referral-settings")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stats_ShowOnlyProvidersWithTheMinimum_AndSuppressSmallOutcomeCounts()
    {
        // Arrange: the default minimum of 10. Twelve referrals to the municipality (ten granted, two not eligible), nine to the province.
        using var api = new MatchmakerApiFactory(settings: new Dictionary<string, string> { ["Referrals:AnonymousPerMinute"] = "0" });
        await PutAcceptsAsync(api, Provider);
        await PutAcceptsAsync(api, "provincie-test");
        var adviser = await AdviserAsync("kvk-zuid", api);
        var provider = await api.ClientWithKeyAsync("publisher", Provider);
        for (var i = 0; i < 12; i++)
        {
            var id = await SendAsync(adviser);
            await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = i < 10 ? "aid-granted" : "not-eligible" }));
        }

        for (var i = 0; i < 9; i++)
        {
            await SendAsync(adviser, "t-brabant-fund");
        }

        // Act
        var all = await (await api.CreateClient().GetAsync("/v1/referrals/stats")).JsonAsync();
        var province = await (await api.CreateClient().GetAsync("/v1/referrals/stats?provider=provincie-test")).JsonAsync();
        var before = await (await api.CreateClient().GetAsync("/v1/referrals/stats?from=2026-01-01&to=2026-11-25")).JsonAsync();
        var wrongWay = await api.CreateClient().GetAsync("/v1/referrals/stats?from=2026-12-01&to=2026-11-01");

        // Assert
        Assert.Equal(10, all.GetProperty("minimumCellSize").GetInt32());
        Assert.Equal(1, all.GetProperty("suppressedProviders").GetInt32());
        Assert.Equal(DateOnly.Parse("2026-11-26"), DateOnly.Parse(all.GetProperty("to").GetString()!));
        Assert.Equal(DateOnly.Parse("2025-11-27"), DateOnly.Parse(all.GetProperty("from").GetString()!));
        var item = Assert.Single(all.GetProperty("items").EnumerateArray());
        Assert.Equal(Provider, item.GetProperty("provider").GetProperty("id").GetString());
        Assert.Equal(12, item.GetProperty("received").GetInt32());
        Assert.Equal(12, item.GetProperty("closed").GetInt32());
        var outcomes = item.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("outcome").GetString()!);
        Assert.Equal(10, outcomes["aid-granted"].GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, outcomes["not-eligible"].GetProperty("count").ValueKind);
        Assert.True(outcomes["not-eligible"].GetProperty("suppressed").GetBoolean());
        Assert.Empty(province.GetProperty("items").EnumerateArray());
        Assert.Equal(1, province.GetProperty("suppressedProviders").GetInt32());
        Assert.Equal(0, before.GetProperty("suppressedProviders").GetInt32() + before.GetProperty("items").GetArrayLength());
        Assert.Equal(["from"], (await wrongWay.ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
    }

    [Fact]
    public async Task Vocabularies_ServeTheReferralCodeLists()
    {
        var client = _api.CreateClient();

        var statuses = await (await client.GetAsync("/v1/vocabularies/referral-statuses")).JsonAsync();
        var outcomes = await (await client.GetAsync("/v1/vocabularies/referral-outcomes")).JsonAsync();

        Assert.Equal(["received", "accepted", "in-progress", "closed"], statuses.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal("Steun toegekend", outcomes.GetProperty("items")[1].GetProperty("label").GetProperty("nl").GetString());
    }

    [Fact]
    public async Task NoContactOrFirmData_ReachesTheLogs()
    {
        // Arrange: every log entry of a service that takes a referral through its whole life, retention included.
        var logs = new CapturedLogs();
        using var api = _api.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", (await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync("admin", null, "admin", CancellationToken.None)).Key);
        await admin.PutAsync($"/v1/providers/{Provider}/referral-settings", Json(new { accepts = true }));
        var adviser = api.CreateClient();
        adviser.DefaultRequestHeaders.Add("X-Api-Key", (await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync("adviser", null, "kvk-zuid", "a", CancellationToken.None)).Key);
        var provider = api.CreateClient();
        provider.DefaultRequestHeaders.Add("X-Api-Key", (await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync("publisher", Provider, "p", CancellationToken.None)).Key);

        // Act
        var id = await SendAsync(adviser);
        await SendAsync(api.CreateClient());
        await provider.PostAsync($"/v1/referrals/{id}/events", Json(new { status = "closed", outcome = "aid-granted", note = "Toegekend aan Bakkerij Jansen." }));
        _api.Time.Advance(TimeSpan.FromDays(400));
        var jobs = await api.Services.GetRequiredService<ReferralJobs>().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.True(jobs!.ContactsRemoved >= 1 && jobs.Reminders == 1);
        var text = string.Join("\n", logs.Entries.Select(e => e.Message));
        Assert.Contains(id, text, StringComparison.Ordinal);
        foreach (var secret in new[] { "Jan Jansen", Email, "040 123 4567", "12345678", "Bakkerij", "warmtepomp", "Toegekend" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Category, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string Category, string Message)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }

    private static object Body(string schemeId = Scheme) => new
    {
        schemeId,
        kvkNumber = "12345678",
        companyName = "Bakkerij Jansen",
        company = new { municipalityCode = "GM0772", employees = 12, legalForm = "bv", sbiCodes = new[] { "1071" } },
        contact = new { name = "Jan Jansen", email = Email, phone = "040 123 4567" },
        consent = true,
        message = "Wij willen onze ovens vervangen door een warmtepomp en zoeken steun.",
    };

    private static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    private static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<string> SendAsync(HttpClient client, string schemeId = Scheme)
    {
        var response = await client.PostAsync("/v1/referrals", Json(Body(schemeId)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private Task AcceptReferralsAsync(string provider) => PutAcceptsAsync(_api, provider);

    private static async Task PutAcceptsAsync(MatchmakerApiFactory api, string provider)
    {
        var response = await (await api.ClientWithKeyAsync("admin")).PutAsync($"/v1/providers/{provider}/referral-settings", Json(new { accepts = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpClient> AdviserAsync(string organisation) => AdviserAsync(organisation, _api);

    private static async Task<HttpClient> AdviserAsync(string organisation, MatchmakerApiFactory api)
    {
        api.CreateClient();
        var key = await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync("adviser", null, organisation, $"test {organisation}", CancellationToken.None);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return client;
    }
}
