using System.Text.Json;
using Matchmaker.Api.Insights;
using Microsoft.Extensions.DependencyInjection;
using static Matchmaker.Api.Tests.Insights.InsightsTestKit;

namespace Matchmaker.Api.Tests.Insights;

// Every answered match leaves one demand event with the facets of DESIGN.md "Demand insights", and nothing else.
public sealed class DemandRecordingTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task PostMatch_RecordsOneEvent_WithTheFirmsFacetsAndWhatTheAnswerShowed()
    {
        // Arrange
        var client = _api.CreateClient();

        // Act
        var response = await client.PostAsync("/v1/matches", Body("""
            { "company": { "legalForm": "bv", "sbiCodes": ["62.01"], "employees": 12, "foundedOn": "2019-03-01", "municipalityCode": "GM0772" },
              "need": { "description": "Wij willen zonnepanelen op ons dak" } }
            """));
        var answer = await response.JsonAsync();
        var e = Assert.Single(await _api.EventsAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new EventRow(e.Id, "2026-11-26", "2026-11", "PV30", "GM0772", "small", "J", "5-9-years", "anonymous", e.Fitting, 0), e);
        Assert.True(e.Fitting >= 1);
        Assert.Equal(answer.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("scheme").GetProperty("id").GetString()), await _api.ShownAsync(e.Id));
        var recognised = answer.GetProperty("recognised");
        Assert.Equal(recognised.GetProperty("purposes").EnumerateArray().Select(p => p.GetProperty("code").GetString()!).Order(StringComparer.Ordinal),
            await _api.CodesAsync(e.Id, "purpose"));
        Assert.Equal(recognised.GetProperty("themes").EnumerateArray().Select(t => t.GetString()!), await _api.CodesAsync(e.Id, "theme"));
        Assert.Equal(recognised.GetProperty("instruments").EnumerateArray().Select(t => t.GetString()!), await _api.CodesAsync(e.Id, "instrument"));
        Assert.Contains("sustainability", await _api.CodesAsync(e.Id, "theme"));
    }

    [Fact]
    public async Task FactsTheRequestDidNotGive_StayUnknown()
    {
        var response = await _api.CreateClient().GetAsync("/v1/matches?municipalityCode=GM0935&description=zonnepanelen");

        var e = Assert.Single(await _api.EventsAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("PV31", "GM0935", (string?)null, (string?)null, (string?)null), (e.Province, e.Municipality, e.SizeClass, e.SbiSection, e.AgeBand));
    }

    [Theory]
    [InlineData(null, "anonymous")]
    [InlineData("widget", "widget")]
    [InlineData("WIDGET", "widget")]
    [InlineData("something-else", "anonymous")]
    public async Task GetMatch_ChannelIsWidgetOnlyWhenTheWidgetSaysSo(string? header, string channel)
    {
        var client = _api.CreateClient();
        if (header is not null)
        {
            client.DefaultRequestHeaders.Add(DemandChannels.Header, header);
        }

        var response = await client.GetAsync("/v1/matches?employees=3&description=zonnepanelen");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(channel, Assert.Single(await _api.EventsAsync()).Channel);
    }

    [Fact]
    public async Task AdviserKey_CountsAsAdviser_EvenWithTheWidgetHeader()
    {
        var client = await _api.ClientWithKeyAsync("adviser");
        client.DefaultRequestHeaders.Add(DemandChannels.Header, "widget");

        var response = await client.PostAsync("/v1/matches", Body("""{ "need": { "description": "zonnepanelen" } }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("adviser", Assert.Single(await _api.EventsAsync()).Channel);
    }

    [Fact]
    public async Task NoOpenUpcomingOrExpectedSchemeFits_IsUnmet()
    {
        // Arrange: only the closed export voucher answers this need.
        var response = await _api.CreateClient().PostAsync("/v1/matches", Body("""{ "need": { "description": "exportvoucher" } }"""));
        var answer = await response.JsonAsync();

        // Act
        var e = Assert.Single(await _api.EventsAsync());

        // Assert
        Assert.Equal("closed", answer.GetProperty("matches")[0].GetProperty("status").GetString());
        Assert.Equal((0L, 1L), (e.Fitting, e.Unmet));
        Assert.Equal(["t-closed-voucher"], await _api.ShownAsync(e.Id));
    }

    [Fact]
    public async Task FittingCountsEveryOpenUpcomingOrExpectedSchemeTheFirmMayGet_NotOnlyTheShownOnes()
    {
        var response = await _api.CreateClient().GetAsync("/v1/matches?employees=3&municipalityCode=GM0772&limit=1");

        var e = Assert.Single(await _api.EventsAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _api.ShownAsync(e.Id));
        // No topic: every scheme the firm may get counts; of the nine, the ended, the closed and Limburg's and Amsterdam's do not.
        Assert.Equal(5, e.Fitting);
    }

    [Fact]
    public async Task InvalidRequests_RecordNothing()
    {
        var client = _api.CreateClient();

        var bad = await client.PostAsync("/v1/matches", Body("""{ "company": { "employees": -1 }, "need": { "themes": ["galactic"] } }"""));
        var badQuery = await client.GetAsync("/v1/matches?limit=0");
        var kvk = await client.PostAsync("/v1/matches", Body("""{ "kvkNumber": "68750110" }"""));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, kvk.StatusCode);
        Assert.Empty(await _api.EventsAsync());
    }

    [Fact]
    public async Task Disabled_RecordsNothing()
    {
        using var api = new MatchmakerApiFactory(settings: new Dictionary<string, string> { ["Insights:Enabled"] = "false" });

        var response = await api.CreateClient().GetAsync("/v1/matches?description=zonnepanelen");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await api.EventsAsync());
        Assert.Equal(new RecorderCounts(0, 0, 0, 0), api.Services.GetRequiredService<DemandRecorder>().Counts);
    }

    [Fact]
    public async Task ThousandConcurrentMatches_LoseNoEvent()
    {
        // Arrange
        var client = _api.CreateClient();
        var bodies = Enumerable.Range(0, 1000).Select(i => $$"""{ "company": { "employees": {{i % 300}} }, "need": { "description": "zonnepanelen" } }""");

        // Act
        var responses = await Task.WhenAll(bodies.Select(b => client.PostAsync("/v1/matches", Body(b))));
        var events = await _api.EventsAsync();

        // Assert
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1000, events.Count);
        Assert.Equal(new RecorderCounts(1000, 0, 1000, 0), _api.Services.GetRequiredService<DemandRecorder>().Counts);
        Assert.Equal(
            Enumerable.Range(0, 1000).Select(i => i % 300 < 10 ? "micro" : i % 300 < 50 ? "small" : i % 300 < 250 ? "medium" : "large")
                .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()),
            events.GroupBy(e => e.SizeClass!).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task Metrics_CountTheEventsQueuedAndWritten()
    {
        var client = _api.CreateClient();
        await client.GetAsync("/v1/matches?description=zonnepanelen");
        await _api.FlushAsync();

        // The exporter answers from a short cache of its last scrape, so look again for a few seconds.
        var text = "";
        for (var attempt = 0; attempt < 50 && Counter(text, "matchmaker_insights_events_written_total") < 1; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 100);
            text = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        }

        // The meter is the process's: test services running beside this one add to the same counters, so at least one.
        Assert.True(Counter(text, "matchmaker_insights_events_queued_total") >= 1, text);
        Assert.True(Counter(text, "matchmaker_insights_events_written_total") >= 1, text);
    }

    private static double Counter(string metrics, string name) =>
        System.Text.RegularExpressions.Regex.Matches(metrics, "^" + name + @"(\{[^}]*\})? ([0-9.eE+]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task WidgetChannelHeader_IsAllowedByCors()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/matches");
        request.Headers.Add("Origin", "https://www.gemeente.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-matchmaker-channel");

        var response = await _api.CreateClient().SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains("x-matchmaker-channel", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ChannelAndAgeBandCodes_AreTheVocabularysLists()
    {
        var vocabularies = Matchmaker.Api.Catalogue.Vocabularies.Load(TestPaths.RealData);

        Assert.Equal(vocabularies.Channels.Select(c => c.Code), [DemandChannels.Anonymous, DemandChannels.Widget, DemandChannels.Adviser]);
        Assert.Equal(vocabularies.CompanyAgeBands.Select(c => c.Code), CompanyAgeBands.Bands.Select(b => b.Code));
        Assert.Equal(vocabularies.InsightGroupings.Select(g => g.Code).Order(StringComparer.Ordinal), InsightsQueries.Groupings.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, "0-2-years")]
    [InlineData(2, "0-2-years")]
    [InlineData(3, "3-4-years")]
    [InlineData(4, "3-4-years")]
    [InlineData(5, "5-9-years")]
    [InlineData(9, "5-9-years")]
    [InlineData(10, "10-plus-years")]
    [InlineData(120, "10-plus-years")]
    public void CompanyAge_FallsInOneBand(int? years, string? band) => Assert.Equal(band, CompanyAgeBands.Of(years));

    [Fact]
    public async Task TheWidget_SendsTheChannelHeader()
    {
        var script = await (await _api.CreateClient().GetAsync("/widget/matchmaker.js")).Content.ReadAsStringAsync();

        Assert.Contains("\"X-Matchmaker-Channel\": \"widget\"", script, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, (await (await _api.CreateClient().GetAsync("/v1/vocabularies/channels")).JsonAsync()).ValueKind);
    }
}
