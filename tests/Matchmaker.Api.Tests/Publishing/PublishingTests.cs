using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Publishing;

public sealed class PublishingTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Create_WithoutKey401_AdviserKey403_OtherProvider403()
    {
        var anonymous = _api.CreateClient();
        var adviser = await _api.ClientWithKeyAsync("adviser");
        var other = await _api.ClientWithKeyAsync("publisher", "gemeente-test");

        var none = await anonymous.PostAsync("/v1/schemes", Body(Valid("t-new")));
        var wrongRole = await adviser.PostAsync("/v1/schemes", Body(Valid("t-new")));
        var wrongProvider = await other.PostAsync("/v1/schemes", Body(Valid("t-new")));

        await none.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("ApiKey", none.Headers.WwwAuthenticate.ToString());
        await wrongRole.ProblemAsync(HttpStatusCode.Forbidden);
        await wrongProvider.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/v1/schemes/t-new")).StatusCode);
    }

    [Fact]
    public async Task Create_OwnProvider_IsStoredListedAndMatchedAtOnce()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        var response = await publisher.PostAsync("/v1/schemes", Body(Valid("t-new")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/schemes/t-new", response.Headers.Location!.ToString());
        var read = await _api.CreateClient().GetAsync("/v1/schemes/t-new");
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
        Assert.Equal(1, (await read.JsonAsync()).GetProperty("version").GetInt32());
        var match = await (await _api.CreateClient().PostAsync("/v1/matches", Body("""
            { "company": { "municipalityCode": "GM0772" }, "need": { "description": "koffiebrander ontwikkelen" } }
            """))).JsonAsync();
        Assert.Equal("t-new", match.GetProperty("matches")[0].GetProperty("scheme").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_ExistingId_Is409_InvalidBody_ListsEveryProblem()
    {
        var admin = await _api.ClientWithKeyAsync("admin");
        await (await admin.PostAsync("/v1/schemes", Body(Valid("t-advice", "test-national")))).ProblemAsync(HttpStatusCode.Conflict);

        var bad = Valid("Bad Id!");
        bad["level"] = "galactic";
        bad["areas"] = new JsonArray("PV99", "GM9999");
        bad["url"] = "http://insecure.example";
        bad["lastVerifiedOn"] = "2026-02-30";
        bad["unknownField"] = 1;
        bad.Remove("summary");
        var problem = await (await admin.PostAsync("/v1/schemes", Body(bad))).ProblemAsync(HttpStatusCode.BadRequest);

        var names = problem.InvalidParamNames();
        foreach (var expected in new[] { "id", "level", "areas[0]", "url", "lastVerifiedOn" })
        {
            Assert.Contains(expected, names);
        }

        Assert.True(names.Count >= 6, string.Join(", ", names));
    }

    [Fact]
    public async Task Create_UnknownAreaAndProvider_AreReportedTogether()
    {
        var admin = await _api.ClientWithKeyAsync("admin");
        var body = Valid("t-ghost", provider: "nobody", areas: ["GM9999", "PV30"]);

        var problem = await (await admin.PostAsync("/v1/schemes", Body(body))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["areas[0]", "provider"], problem.InvalidParamNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Update_NeedsCurrentETag_BumpsVersion_KeepsRevisions()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var read = await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund");
        var etag = read.Headers.ETag!;
        var body = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        body["title"]!["nl"] = "Brabants innovatiefonds 2027";

        var missing = await publisher.PutAsync("/v1/schemes/t-brabant-fund", Body(body));
        var ok = await Put(publisher, "t-brabant-fund", body, etag);
        var stale = await Put(publisher, "t-brabant-fund", body, etag);

        await missing.ProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag);
        Assert.Equal(2, (await ok.JsonAsync()).GetProperty("version").GetInt32());
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        var revisions = await (await publisher.GetAsync("/v1/schemes/t-brabant-fund/revisions")).JsonAsync();
        var items = revisions.GetProperty("items");
        Assert.Equal([2, 1], items.EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
        Assert.Equal("updated", items[0].GetProperty("change").GetString());
        Assert.Equal("test publisher provincie-test", items[0].GetProperty("changedBy").GetString());
        Assert.Equal("Brabants innovatiefonds", items[1].GetProperty("scheme").GetProperty("title").GetProperty("nl").GetString());
    }

    [Fact]
    public async Task Update_OtherProvidersScheme_OrMovingItToAnotherProvider_IsRefused()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var foreign = await _api.CreateClient().GetAsync("/v1/schemes/t-advice");
        var own = await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund");
        var moved = JsonNode.Parse(await own.Content.ReadAsStringAsync())!;
        moved["provider"] = "test-national";

        await (await Put(publisher, "t-advice", JsonNode.Parse(await foreign.Content.ReadAsStringAsync())!, foreign.Headers.ETag!)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await Put(publisher, "t-brabant-fund", moved, own.Headers.ETag!)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, (await (await _api.CreateClient().GetAsync("/v1/schemes/t-advice")).JsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Delete_Archives_KeepsHistory_AndRefusesOtherProviders()
    {
        var owner = await _api.ClientWithKeyAsync("publisher", "gemeente-test");
        var other = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        await (await other.DeleteAsync("/v1/schemes/t-eindhoven-energy")).ProblemAsync(HttpStatusCode.Forbidden);
        var deleted = await owner.DeleteAsync("/v1/schemes/t-eindhoven-energy");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.CreateClient().GetAsync("/v1/schemes/t-eindhoven-energy")).StatusCode);
        var revisions = (await (await owner.GetAsync("/v1/schemes/t-eindhoven-energy/revisions")).JsonAsync()).GetProperty("items");
        Assert.True(revisions[0].GetProperty("archived").GetBoolean());
        Assert.Equal("Energiebesparing kleine bedrijven Eindhoven", revisions[0].GetProperty("scheme").GetProperty("title").GetProperty("nl").GetString());
        var match = await (await _api.CreateClient().GetAsync("/v1/matches?municipalityCode=GM0772&description=warmtepomp")).JsonAsync();
        Assert.DoesNotContain(match.GetProperty("matches").EnumerateArray(), m => m.GetProperty("scheme").GetProperty("id").GetString() == "t-eindhoven-energy");
    }

    [Fact]
    public async Task Revisions_OnlyTheSchemesOwnProviderAndAdminsMayReadThem()
    {
        var owner = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var other = await _api.ClientWithKeyAsync("publisher", "gemeente-test");
        var admin = await _api.ClientWithKeyAsync("admin");
        var read = await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund");
        var body = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        body["title"]!["nl"] = "Brabants innovatiefonds 2027";
        Assert.Equal(HttpStatusCode.OK, (await Put(owner, "t-brabant-fund", body, read.Headers.ETag!)).StatusCode);
        await owner.DeleteAsync("/v1/schemes/t-limburg-fund");

        var foreign = await other.GetAsync("/v1/schemes/t-brabant-fund/revisions");
        var foreignArchived = await other.GetAsync("/v1/schemes/t-limburg-fund/revisions");
        var adviser = await (await _api.ClientWithKeyAsync("adviser")).GetAsync("/v1/schemes/t-brabant-fund/revisions");
        var own = await owner.GetAsync("/v1/schemes/t-brabant-fund/revisions");
        var all = await admin.GetAsync("/v1/schemes/t-limburg-fund/revisions");

        // Refused as a write to another provider's scheme is, and without the history or the key names in it.
        var problem = await foreign.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain("test publisher", problem.ToString());
        await foreignArchived.ProblemAsync(HttpStatusCode.Forbidden);
        await adviser.ProblemAsync(HttpStatusCode.Forbidden);
        await (await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund/revisions")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.GetAsync("/v1/schemes/t-nothing/revisions")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(2, (await own.JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.True((await all.JsonAsync()).GetProperty("items")[0].GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task RevokedKey_IsRefused()
    {
        var key = await _api.CreateKeyAsync("admin");
        var store = _api.Services.GetRequiredService<Matchmaker.Api.Security.ApiKeyStore>();
        var id = key.Split('_')[1];
        Assert.True(await store.RevokeAsync(id, CancellationToken.None));
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var problem = await (await client.PostAsync("/v1/schemes", Body(Valid("t-new")))).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("mm_")]
    [InlineData("mm_abc_def")]
    [InlineData("not-a-key")]
    public async Task MalformedOrForgedKeys_Are401(string key)
    {
        var real = await _api.CreateKeyAsync("admin");
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key == "mm_abc_def" ? real[..^4] + "AAAA" : key);

        await (await client.PostAsync("/v1/schemes", Body(Valid("t-new")))).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TwentyConcurrentPuts_WithOneETag_ExactlyOneWins()
    {
        // Arrange
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var read = await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund");
        var etag = read.Headers.ETag!;
        var original = await read.Content.ReadAsStringAsync();

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var body = JsonNode.Parse(original)!;
            body["title"]!["nl"] = $"Versie {i}";
            return (i, await Put(publisher, "t-brabant-fund", body, etag));
        }));

        // Assert
        var winners = responses.Where(r => r.Item2.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.All(responses.Where(r => r.Item2.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.Item2.StatusCode));
        var stored = await (await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund")).JsonAsync();
        Assert.Equal($"Versie {winners[0].i}", stored.GetProperty("title").GetProperty("nl").GetString());
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Cors_WritesAreClosedToBrowsers()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/schemes/t-advice");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");

        var response = await _api.CreateClient().SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Restart_KeepsAChangeMadeThroughTheApi()
    {
        using var database = TestDatabase.Create();
        string dataPath;
        using (var first = new MatchmakerApiFactory(database: database))
        {
            dataPath = first.DataPath;
            var admin = await first.ClientWithKeyAsync("admin");
            var read = await first.CreateClient().GetAsync("/v1/schemes/t-advice");
            var body = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
            body["title"]!["nl"] = "Gewijzigd via de API";
            Assert.Equal(HttpStatusCode.OK, (await Put(admin, "t-advice", body, read.Headers.ETag!)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/schemes", Body(Valid("t-new")))).StatusCode);
        }

        using var second = new MatchmakerApiFactory(database: database, dataPath: dataPath);
        var after = await (await second.CreateClient().GetAsync("/v1/schemes/t-advice")).JsonAsync();
        Assert.Equal("Gewijzigd via de API", after.GetProperty("title").GetProperty("nl").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync("/v1/schemes/t-new")).StatusCode);
    }

    [Fact]
    public async Task RateLimit_AnonymousCallersGet429WithRetryAfter()
    {
        using var limited = new MatchmakerApiFactory(anonymousPerMinute: 3);
        var client = limited.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.GetAsync("/v1/provinces");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await last!.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(last!.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string id, JsonNode body, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/schemes/{id}") { Content = Body(body) };
        request.Headers.IfMatch.Add(etag);
        return client.SendAsync(request);
    }
}
