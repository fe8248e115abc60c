using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Caseload;
using Matchmaker.Api.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Caseload;

// What changes for saved firms: on the next read (changes) and as events, after catalogue writes and with the date.
// The change detector's own timer is slowed down here; the tests hold its lease while they change things and then run
// one pass themselves, so they know exactly what it did.
public sealed class ChangeFeedTests : IDisposable
{
    private const string Eindhoven = """{ "name": "Metaalbedrijf Van Dijk", "company": { "municipalityCode": "GM0772", "employees": 6 } }""";
    private const string Maastricht = """{ "name": "Drukkerij Maas", "company": { "municipalityCode": "GM0935", "employees": 6 } }""";

    private readonly WebhookReceiver _receiver = new();
    private readonly MatchmakerApiFactory _api = new(settings: Settings(more: ("Caseload:PollInterval", "01:00:00")));

    public void Dispose()
    {
        _api.Dispose();
        _receiver.Dispose();
    }

    private ChangeDetector Detector => _api.Services.GetRequiredService<ChangeDetector>();

    private DateChanges Dates => _api.Services.GetRequiredService<DateChanges>();

    [Fact]
    public async Task CatalogueWrite_MatchesAgainOnlyTheProfilesItCanAffect_AndWritesTheirEvents()
    {
        // Arrange: a firm in Eindhoven (Noord-Brabant) and one in Maastricht (Limburg); a new Brabant scheme.
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var eindhoven = await SaveProfileAsync(adviser, Eindhoven);
        var maastricht = await SaveProfileAsync(adviser, Maastricht);
        await SubscribeAsync(adviser, _receiver.Url, ["match.new", "match.gone", "match.status-changed", "match.closing-soon", "scheme.changed"]);
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        // Act
        await HoldLeaseAsync();
        Assert.Equal(HttpStatusCode.Created, (await publisher.PostAsync("/v1/schemes", Body(Roaster()))).StatusCode);
        await ReleaseLeaseAsync();
        var rematched = await Detector.RunOnceAsync(CancellationToken.None);
        var received = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        // Assert
        Assert.Equal(1, rematched);
        var message = Assert.Single(_receiver.All);
        Assert.Equal("match.new", message.Type);
        Assert.Equal(eindhoven, message.Data().GetProperty("profileId").GetString());
        Assert.Equal("t-roaster-fund", message.Data().GetProperty("schemeId").GetString());
        Assert.Single(received);
        // Both profiles have taken the change into account, the unaffected one without being matched again.
        await using var connection = await _api.Database.OpenAsync();
        var last = await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM catalogue_changes");
        Assert.Equal([last, last], (await connection.QueryAsync<long>("SELECT changes_seen FROM saved_profiles ORDER BY id")).ToList());
        Assert.Equal(0, await Detector.RunOnceAsync(CancellationToken.None));
        Assert.NotEqual(eindhoven, maastricht);
    }

    [Fact]
    public async Task ChangedArchivedAndNewSchemes_GiveSchemeChangedMatchGoneAndMatchNew()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var profile = await SaveProfileAsync(adviser, Eindhoven);
        await SubscribeAsync(adviser, _receiver.Url, ["match.new", "match.gone", "match.status-changed", "scheme.changed"]);
        var admin = await _api.ClientWithKeyAsync("admin");
        var advice = await admin.GetAsync("/v1/schemes/t-advice");
        var body = JsonNode.Parse(await advice.Content.ReadAsStringAsync())!;
        body["summary"]!["nl"] = "Gratis advies over groei, nu ook over export.";

        // Act: one write changes a matched scheme, one archives another, one adds a scheme that fits.
        await HoldLeaseAsync();
        Assert.Equal(HttpStatusCode.OK, (await Send(admin, HttpMethod.Put, "/v1/schemes/t-advice", body.ToJsonString(), advice.Headers.ETag)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/v1/schemes/t-brabant-fund")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/schemes", Body(Roaster()))).StatusCode);
        await ReleaseLeaseAsync();
        await Detector.RunOnceAsync(CancellationToken.None);
        var received = await _receiver.WaitForAsync(3, TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        // Assert
        Assert.Equal(["match.gone", "match.new", "scheme.changed"], _receiver.All.Select(r => r.Type).Order());
        var gone = _receiver.All.Single(r => r.Type == "match.gone").Data();
        Assert.Equal("t-brabant-fund", gone.GetProperty("schemeId").GetString());
        Assert.False(gone.GetProperty("inCatalogue").GetBoolean());
        Assert.Equal("open", gone.GetProperty("previousStatus").GetString());
        Assert.False(gone.TryGetProperty("scheme", out _));
        var changed = _receiver.All.Single(r => r.Type == "scheme.changed").Data();
        Assert.Equal("t-advice", changed.GetProperty("scheme").GetProperty("id").GetString());
        Assert.Equal(profile, changed.GetProperty("profileId").GetString());
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        Assert.Equal(3, received.Count);
        // The next read says the same, and the read after it nothing.
        var read = await (await adviser.GetAsync($"/v1/profiles/{profile}/matches")).JsonAsync();
        var changes = read.GetProperty("changes");
        Assert.Equal(["t-roaster-fund"], Ids(changes.GetProperty("new")));
        Assert.Equal(["t-brabant-fund"], Ids(changes.GetProperty("gone")));
        Assert.False(changes.GetProperty("gone")[0].TryGetProperty("title", out _));
        Assert.Equal(MatchmakerApiFactory.Today, changes.GetProperty("since").GetDateTimeOffset());
        var again = (await (await adviser.GetAsync($"/v1/profiles/{profile}/matches")).JsonAsync()).GetProperty("changes");
        Assert.Empty(again.GetProperty("new").EnumerateArray());
        Assert.Empty(again.GetProperty("gone").EnumerateArray());
    }

    [Fact]
    public async Task TheDate_OpensClosesAndBringsDeadlinesNear_OnTheNextReadAndAsEvents()
    {
        // Arrange: on 26 November 2026 t-eindhoven-energy closes on 10 December (14 days: closing soon already),
        // t-open-subsidy on 31 December and t-upcoming-loan opens on 5 January 2027.
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var profile = await SaveProfileAsync(adviser, Eindhoven);
        await SubscribeAsync(adviser, _receiver.Url, ["match.new", "match.gone", "match.status-changed", "match.closing-soon"]);
        await Dates.RunOnceAsync(CancellationToken.None);
        Assert.Equal("2026-11-26", await CheckedOnAsync());

        // Act: 22 days on, t-eindhoven-energy has closed and t-open-subsidy closes within 14 days.
        _api.Time.Advance(TimeSpan.FromDays(22));
        var recorded = await Dates.RunOnceAsync(CancellationToken.None);
        await RunDetectorAsync();
        var december = await _receiver.WaitForAsync(2, TimeSpan.FromSeconds(10));
        var read = (await (await adviser.GetAsync($"/v1/profiles/{profile}/matches")).JsonAsync()).GetProperty("changes");
        // And on 6 January 2027 the loan has opened and the subsidy has closed.
        _api.Time.Advance(TimeSpan.FromDays(19));
        await Dates.RunOnceAsync(CancellationToken.None);
        await RunDetectorAsync();
        var january = await _receiver.WaitForAsync(4, TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(2, recorded);
        Assert.Equal(
            [("match.closing-soon", "t-open-subsidy", null), ("match.status-changed", "t-eindhoven-energy", "open")],
            december.Take(2).Select(r => (r.Type, r.Data().GetProperty("schemeId").GetString(), Previous(r))).Order());
        var closed = december.Single(r => r.Type == "match.status-changed").Data();
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("2026-12-31", december.Single(r => r.Type == "match.closing-soon").Data().GetProperty("nextDeadline").GetString());
        Assert.Equal(["t-eindhoven-energy"], Ids(read.GetProperty("statusChanged")));
        Assert.Equal("open", read.GetProperty("statusChanged")[0].GetProperty("previousStatus").GetString());
        Assert.Equal(["t-open-subsidy"], Ids(read.GetProperty("closingSoon")));
        Assert.Equal(
            [("match.status-changed", "t-open-subsidy", "open"), ("match.status-changed", "t-upcoming-loan", "upcoming")],
            january.Skip(2).Select(r => (r.Type, r.Data().GetProperty("schemeId").GetString(), Previous(r))).Order());
        Assert.Equal("2027-01-06", await CheckedOnAsync());
        // Once a day: a second run the same day records nothing.
        Assert.Null(await Dates.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task KvkDownWhileMatchingAgain_NoEventsFromHalfAProfile_ThenTheChangeIsAppliedWhenItIsBack()
    {
        // Arrange: a firm known by its KVK number only (in Amsterdam, through KVK and PDOK).
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var profile = await SaveProfileAsync(adviser, """{ "name": "Via KVK", "kvkNumber": "69599084", "need": { "description": "een bedrijf starten" } }""");
        await SubscribeAsync(adviser, _receiver.Url, ["match.new", "match.gone"]);
        var before = (await (await adviser.GetAsync($"/v1/profiles/{profile}/matches")).JsonAsync()).GetProperty("profile");
        Assert.Equal("GM0363", before.GetProperty("municipalityCode").GetString());
        // The cached KVK answer runs out, and KVK is down.
        _api.Time.Advance(TimeSpan.FromHours(25));
        _api.Upstreams.Kvk = Companies.UpstreamMode.ServerError;
        var admin = await _api.ClientWithKeyAsync("admin");
        var starters = Valid("t-amsterdam-starters", provider: "gemeente-test", title: "Startersregeling Amsterdam", areas: ["GM0363"]);
        starters["summary"] = new JsonObject { ["nl"] = "Geld en advies om een bedrijf te starten in Amsterdam.", ["en"] = "Money and advice to start a business in Amsterdam." };
        starters["keywords"] = new JsonObject { ["nl"] = new JsonArray("bedrijf starten", "starter"), ["en"] = new JsonArray("start a business") };
        starters["purposes"] = new JsonArray("start-business");
        starters["instrument"] = "advice";
        starters["level"] = "municipal";
        starters.Remove("phases");
        starters["phases"] = new JsonArray("idea");

        // Act
        await HoldLeaseAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/schemes", Body(starters))).StatusCode);
        await ReleaseLeaseAsync();
        var whileDown = await Detector.RunOnceAsync(CancellationToken.None);
        await Task.Delay(500);
        var eventsWhileDown = _receiver.All.Count;
        _api.Upstreams.Kvk = Companies.UpstreamMode.Normal;
        _api.Time.Advance(TimeSpan.FromMinutes(2));
        var whenBack = await RunDetectorAsync();
        var received = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(0, whileDown);
        Assert.Equal(0, eventsWhileDown);
        Assert.Equal(1, whenBack);
        var message = Assert.Single(received);
        Assert.Equal("match.new", message.Type);
        Assert.Equal("t-amsterdam-starters", message.Data().GetProperty("schemeId").GetString());
    }

    private static string? Previous(WebhookReceiver.Received r) =>
        r.Data().TryGetProperty("previousStatus", out var p) ? p.GetString() : null;

    private static List<string> Ids(JsonElement list) => list.EnumerateArray().Select(c => c.GetProperty("schemeId").GetString()!).ToList();

    private async Task<string?> CheckedOnAsync()
    {
        await using var connection = await _api.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT dates_checked_on FROM caseload_state WHERE id = 1");
    }

    // The detector may be running already (woken by the write); then its pass is waited for.
    private async Task<int> RunDetectorAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var rematched = await Detector.RunOnceAsync(CancellationToken.None);
            if (rematched is not null || DateTime.UtcNow > deadline)
            {
                return rematched ?? -1;
            }

            await Task.Delay(50);
        }
    }

    private async Task HoldLeaseAsync()
    {
        await using var connection = await _api.Database.OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE caseload_state SET rematch_owner = 'test', rematch_claimed_until = '9999-12-31T00:00:00.0000000Z' WHERE id = 1");
    }

    private async Task ReleaseLeaseAsync()
    {
        await using var connection = await _api.Database.OpenAsync();
        await connection.ExecuteAsync("UPDATE caseload_state SET rematch_owner = NULL, rematch_claimed_until = NULL WHERE id = 1");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string body, EntityTagHeaderValue? etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = Body(body) };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(etag);
        }

        return client.SendAsync(request);
    }
}
