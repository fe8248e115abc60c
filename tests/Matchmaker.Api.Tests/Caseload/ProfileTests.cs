using System.Net.Http.Headers;
using Ical.Net;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Caseload;

public sealed class ProfileTests : IDisposable
{
    // A firm in Eindhoven without a question: every fixture scheme it may use is a match, some with deadlines.
    private const string Eindhoven = """{ "name": "Metaalbedrijf Van Dijk", "company": { "municipalityCode": "GM0772", "employees": 6 } }""";

    // Names resolve through a fake: a subscription's URL is checked, and no test looks a name up in real DNS.
    private readonly MatchmakerApiFactory _api = new(services: Resolver(new Webhooks.FakeResolver().Map("hooks.example.nl", "93.184.216.34")));

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Create_Read_Change_Delete_WithETags()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");

        // Act
        var created = await adviser.PostAsync("/v1/profiles", Body(Eindhoven));
        var profile = await created.JsonAsync();
        var id = profile.GetProperty("id").GetString()!;
        var read = await adviser.GetAsync($"/v1/profiles/{id}");
        var changedBody = Eindhoven.Replace("\"employees\": 6", "\"employees\": 60");
        var withoutIfMatch = await adviser.PutAsync($"/v1/profiles/{id}", Body(changedBody));
        var changed = await Put(adviser, id, changedBody, read.Headers.ETag!);
        var stale = await Put(adviser, id, Eindhoven, read.Headers.ETag!);
        var staleDelete = await Send(adviser, HttpMethod.Delete, $"/v1/profiles/{id}", read.Headers.ETag!);
        var deleted = await Send(adviser, HttpMethod.Delete, $"/v1/profiles/{id}", changed.Headers.ETag!);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/profiles/{id}", created.Headers.Location?.OriginalString);
        Assert.Matches("^prf_[0-9a-f]{16}$", id);
        Assert.Equal("Metaalbedrijf Van Dijk", profile.GetProperty("name").GetString());
        Assert.Equal("GM0772", profile.GetProperty("company").GetProperty("municipalityCode").GetString());
        Assert.Equal(1, profile.GetProperty("version").GetInt32());
        Assert.Equal($"/v1/profiles/{id}/matches", profile.GetProperty("matchesUrl").GetString());
        Assert.Matches($"^/v1/profiles/{id}/deadlines.ics\\?token=[0-9a-f]{{48}}$", profile.GetProperty("calendarUrl").GetString());
        Assert.Equal(created.Headers.ETag, read.Headers.ETag);
        await withoutIfMatch.ProblemAsync((HttpStatusCode)428);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(read.Headers.ETag, changed.Headers.ETag);
        var after = await changed.JsonAsync();
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal(60, after.GetProperty("company").GetProperty("employees").GetInt32());
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        await staleDelete.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await adviser.GetAsync($"/v1/profiles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await adviser.GetAsync($"/v1/profiles/{id}/matches")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WithEveryKindOfMistake_ListsEveryProblem_AndSavesNothing()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");

        var response = await adviser.PostAsync("/v1/profiles", Body(
            """{ "name": "", "kvkNumber": "123", "company": { "employees": -1, "municipalityCode": "GM9999" }, "need": { "themes": ["teleportation"] }, "limit": 5 }"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            new[] { "company.employees", "company.municipalityCode", "kvkNumber", "limit", "name", "need.themes[0]" },
            problem.InvalidParamNames().Order(StringComparer.Ordinal));
        Assert.Equal(0, (await (await adviser.GetAsync("/v1/profiles")).JsonAsync()).GetProperty("totalItems").GetInt32());
    }

    [Theory]
    [InlineData("""{ "name": "Alleen een naam" }""", "body")]
    [InlineData("""{ "company": { "employees": 3 } }""", "name")]
    [InlineData("""{ "name": 7, "need": { "description": "groeien" } }""", "name")]
    public async Task Create_WithoutWhatAProfileNeeds_Is400(string body, string field)
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");

        var problem = await (await adviser.PostAsync("/v1/profiles", Body(body))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.InvalidParamNames());
    }

    [Fact]
    public async Task List_IsPaged_WithLinks()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        for (var i = 0; i < 3; i++)
        {
            await SaveProfileAsync(adviser, Eindhoven.Replace("Van Dijk", $"Van Dijk {i}"));
        }

        var first = await (await adviser.GetAsync("/v1/profiles?pageSize=2")).JsonAsync();
        var response = await adviser.GetAsync("/v1/profiles?pageSize=2&page=2");

        var page = await response.JsonAsync();
        Assert.Equal(3, page.GetProperty("totalItems").GetInt32());
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(
            ["Metaalbedrijf Van Dijk 0", "Metaalbedrijf Van Dijk 1", "Metaalbedrijf Van Dijk 2"],
            first.GetProperty("items").EnumerateArray().Concat(page.GetProperty("items").EnumerateArray()).Select(p => p.GetProperty("name").GetString()).Order());
        Assert.Contains("rel=\"prev\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task AnotherOrganisation_SeesNoneOfIt()
    {
        // Arrange
        var mine = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var colleague = await _api.ClientWithKeyAsync("admin", organisation: "kvk-zuid");
        var theirs = await _api.ClientWithKeyAsync("adviser", organisation: "rom-noord");
        var id = await SaveProfileAsync(mine, Eindhoven);
        var etag = (await mine.GetAsync($"/v1/profiles/{id}")).Headers.ETag!;

        // Act and assert: everything about the profile is 404 for the other organisation, and its list is empty.
        await (await theirs.GetAsync($"/v1/profiles/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Put(theirs, id, Eindhoven, etag)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Send(theirs, HttpMethod.Delete, $"/v1/profiles/{id}", etag)).ProblemAsync(HttpStatusCode.NotFound);
        await (await theirs.GetAsync($"/v1/profiles/{id}/matches")).ProblemAsync(HttpStatusCode.NotFound);
        await (await theirs.GetAsync($"/v1/profiles/{id}/deadlines.ics")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await theirs.GetAsync("/v1/profiles")).JsonAsync()).GetProperty("totalItems").GetInt32());
        // A subscription may only name the organisation's own profiles.
        var foreign = await theirs.PostAsync("/v1/subscriptions", Body($$"""{ "url": "https://hooks.example.nl/x", "events": ["match.new"], "profileIds": ["{{id}}"] }"""));
        Assert.Contains("profileIds[0]", (await foreign.ProblemAsync(HttpStatusCode.BadRequest)).InvalidParamNames());
        // The same organisation, another key (an admin with that organisation): all of it.
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/v1/profiles/{id}/matches")).StatusCode);
        Assert.Equal(1, (await (await colleague.GetAsync("/v1/profiles")).JsonAsync()).GetProperty("totalItems").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync($"/v1/profiles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await mine.PostAsync("/v1/subscriptions", Body(
            $$"""{ "url": "https://hooks.example.nl/x", "events": ["match.new"], "profileIds": ["{{id}}"] }"""))).StatusCode);
    }

    [Fact]
    public async Task KeysWithoutAnOrganisation_OrOfAnotherRole_KeepNoProfiles()
    {
        var lone = await _api.ClientWithKeyAsync("adviser");
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var analyst = await _api.ClientWithKeyAsync("analyst");

        Assert.Contains("no organisation", (await (await lone.PostAsync("/v1/profiles", Body(Eindhoven))).ProblemAsync(HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString());
        await (await lone.GetAsync("/v1/profiles")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await publisher.PostAsync("/v1/profiles", Body(Eindhoven))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await analyst.GetAsync("/v1/profiles")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await _api.CreateClient().GetAsync("/v1/profiles")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await lone.GetAsync("/v1/subscriptions")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await analyst.GetAsync("/v1/subscriptions")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DeadlineCalendar_IsValidICalendar_OneEventPerUpcomingDeadline_WithStableUids()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var id = await SaveProfileAsync(adviser, Eindhoven);
        var url = (await (await adviser.GetAsync($"/v1/profiles/{id}")).JsonAsync()).GetProperty("calendarUrl").GetString()!;
        var anonymous = _api.CreateClient();

        // Act
        var first = await anonymous.GetAsync(url);
        var second = await anonymous.GetAsync(url);
        var withKey = await adviser.GetAsync($"/v1/profiles/{id}/deadlines.ics?language=en");

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/calendar", first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl is { Private: true, MaxAge.TotalSeconds: 300 });
        var calendar = Calendar.Load(await first.Content.ReadAsStringAsync())!;
        var again = Calendar.Load(await second.Content.ReadAsStringAsync())!;
        // The fixture schemes with a deadline on or after 26 November 2026 that fit a firm in Eindhoven.
        Assert.Equal(
            [("2026-12-10", "t-eindhoven-energy"), ("2026-12-31", "t-open-subsidy"), ("2027-03-31", "t-upcoming-loan")],
            calendar.Events.Select(e => (e.Start!.Date.ToString("yyyy-MM-dd"), e.Uid!.Split('.')[1].Split('@')[0])));
        Assert.All(calendar.Events, e =>
        {
            Assert.True(e.IsAllDay);
            Assert.False(e.Start!.HasTime);
            Assert.Equal(e.Start.Date.AddDays(1), e.End!.Date);
            Assert.StartsWith("Deadline: ", e.Summary);
            Assert.StartsWith($"{id}.", e.Uid);
        });
        Assert.Equal(calendar.Events.Select(e => e.Uid), again.Events.Select(e => e.Uid));
        var zone = Assert.Single(calendar.TimeZones);
        Assert.Equal("Europe/Amsterdam", zone.TzId);
        Assert.NotEmpty(zone.TimeZoneInfos);
        Assert.Equal("Europe/Amsterdam", calendar.Properties["X-WR-TIMEZONE"]?.Value);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Contains("Last day to apply", await withKey.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeadlineCalendar_FollowsAMovedDeadline_UnderTheSameUid()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var id = await SaveProfileAsync(adviser, Eindhoven);
        var url = (await (await adviser.GetAsync($"/v1/profiles/{id}")).JsonAsync()).GetProperty("calendarUrl").GetString()!;
        var before = Calendar.Load(await _api.CreateClient().GetStringAsync(url))!.Events.Single(e => e.Uid!.Contains(".t-open-subsidy@"));
        var admin = await _api.ClientWithKeyAsync("admin");
        var read = await admin.GetAsync("/v1/schemes/t-open-subsidy");
        var scheme = System.Text.Json.Nodes.JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        scheme["applicationWindows"]![0]!["closesOn"] = "2027-01-15";

        // Act
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "/v1/schemes/t-open-subsidy", scheme.ToJsonString(), read.Headers.ETag!, path: true)).StatusCode);
        var after = Calendar.Load(await _api.CreateClient().GetStringAsync(url))!.Events.Single(e => e.Uid!.Contains(".t-open-subsidy@"));

        // Assert
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(new DateOnly(2026, 12, 31), before.Start!.Date);
        Assert.Equal(new DateOnly(2027, 1, 15), after.Start!.Date);
    }

    [Theory]
    [InlineData("?token=0000")]
    [InlineData("")]
    public async Task DeadlineCalendar_WithAWrongOrNoToken_Is404(string query)
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var id = await SaveProfileAsync(adviser, Eindhoven);

        await (await _api.CreateClient().GetAsync($"/v1/profiles/{id}/deadlines.ics{query}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string id, string body, EntityTagHeaderValue etag, bool path = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path ? id : $"/v1/profiles/{id}") { Content = Body(body) };
        request.Headers.IfMatch.Add(etag);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.IfMatch.Add(etag);
        return client.SendAsync(request);
    }
}
