using System.Text.Json.Nodes;
using Dapper;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Publishing;

public sealed class ImportTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    private async Task<string> SnapshotOfDatabaseAsync()
    {
        await using var connection = await _api.Database.OpenAsync();
        var rows = await connection.QueryAsync<string>("SELECT id || ':' || version || ':' || archived || ':' || length(document) FROM schemes ORDER BY id");
        var revisions = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scheme_revisions");
        return string.Join(",", rows) + $"|{revisions}";
    }

    [Fact]
    public async Task Import_CreatesUpdatesAndReportsUnchanged()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var existing = JsonNode.Parse(await (await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund")).Content.ReadAsStringAsync())!;
        var unchanged = JsonNode.Parse(await (await _api.CreateClient().GetAsync("/v1/schemes/t-limburg-fund")).Content.ReadAsStringAsync())!;
        existing["title"]!["nl"] = "Brabants innovatiefonds (nieuw)";
        var body = new JsonObject { ["schemes"] = new JsonArray(Valid("t-import-1"), Valid("t-import-2"), existing, unchanged) };

        var response = await publisher.PostAsync("/v1/imports", Body(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        Assert.False(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["t-import-1", "t-import-2"], report.GetProperty("created").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["t-brabant-fund"], report.GetProperty("updated").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["t-limburg-fund"], report.GetProperty("unchanged").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await _api.CreateClient().GetAsync("/v1/schemes/t-import-2")).StatusCode);
        Assert.Equal(2, (await (await _api.CreateClient().GetAsync("/v1/schemes/t-brabant-fund")).JsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Import_OneInvalidAmongMany_WritesNothingAndListsEveryBadRecord()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var before = await SnapshotOfDatabaseAsync();
        var records = Enumerable.Range(0, 40).Select(i => (JsonNode)Valid($"t-bulk-{i}")).ToList();
        records[17]!["level"] = "galactic";
        records[31]!["areas"] = new JsonArray("GM9999");
        records.Add(Valid("t-bulk-3"));

        var response = await publisher.PostAsync("/v1/imports", Body(new JsonObject { ["schemes"] = new JsonArray([.. records]) }));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var invalid = problem.GetProperty("invalidRecords").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToList();
        Assert.Equal([17, 31, 40], invalid);
        Assert.Contains("schemes[17].level", problem.InvalidParamNames());
        Assert.Equal(before, await SnapshotOfDatabaseAsync());
    }

    [Fact]
    public async Task Import_DryRun_ValidatesAndReportsButWritesNothing()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var before = await SnapshotOfDatabaseAsync();

        var response = await publisher.PostAsync("/v1/imports?dryRun=true", Body(new JsonObject { ["schemes"] = new JsonArray(Valid("t-dry")) }));

        var report = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["t-dry"], report.GetProperty("created").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(before, await SnapshotOfDatabaseAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.CreateClient().GetAsync("/v1/schemes/t-dry")).StatusCode);
    }

    [Fact]
    public async Task Import_AnArchivedId_IsAnInvalidRecord_AsPostIsA409_AndNothingIsWritten()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var admin = await _api.ClientWithKeyAsync("admin");
        var archived = JsonNode.Parse(await (await _api.CreateClient().GetAsync("/v1/schemes/t-limburg-fund")).Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.NoContent, (await publisher.DeleteAsync("/v1/schemes/t-limburg-fund")).StatusCode);
        await (await publisher.PostAsync("/v1/schemes", Body(archived))).ProblemAsync(HttpStatusCode.Conflict);
        var before = await SnapshotOfDatabaseAsync();
        var body = new JsonObject { ["schemes"] = new JsonArray(Valid("t-fresh"), archived.DeepClone()) };

        var byOwner = await publisher.PostAsync("/v1/imports", Body(body));
        var byAdmin = await admin.PostAsync("/v1/imports", Body(body));
        var dryRun = await admin.PostAsync("/v1/imports?dryRun=true", Body(body));

        foreach (var response in new[] { byOwner, byAdmin, dryRun })
        {
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            var record = Assert.Single(problem.GetProperty("invalidRecords").EnumerateArray());
            Assert.Equal(1, record.GetProperty("index").GetInt32());
            Assert.Equal("t-limburg-fund", record.GetProperty("id").GetString());
            Assert.Contains("archived", record.GetProperty("problems")[0].GetProperty("reason").GetString());
            Assert.Equal(["schemes[1].id"], problem.InvalidParamNames());
        }

        Assert.Equal(before, await SnapshotOfDatabaseAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.CreateClient().GetAsync("/v1/schemes/t-limburg-fund")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.CreateClient().GetAsync("/v1/schemes/t-fresh")).StatusCode);
    }

    [Fact]
    public async Task Import_OtherProvidersSchemes_AreRefusedWhole()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var before = await SnapshotOfDatabaseAsync();
        var foreign = JsonNode.Parse(await (await _api.CreateClient().GetAsync("/v1/schemes/t-advice")).Content.ReadAsStringAsync())!;
        foreign["provider"] = "provincie-test";

        var otherProvider = await publisher.PostAsync("/v1/imports", Body(new JsonObject { ["schemes"] = new JsonArray(Valid("t-ok"), Valid("t-theirs", "gemeente-test", areas: ["GM0772"])) }));
        var hijack = await publisher.PostAsync("/v1/imports", Body(new JsonObject { ["schemes"] = new JsonArray(foreign) }));

        await otherProvider.ProblemAsync(HttpStatusCode.Forbidden);
        await hijack.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await SnapshotOfDatabaseAsync());
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"schemes": {}}""")]
    [InlineData("""{"schemes": [], "more": 1}""")]
    [InlineData("""{"schemes": [], "schemes": []}""")]
    [InlineData("""{"records": []}""")]
    public async Task Import_BodyOfAnotherShape_SaysWhatItMustBe(string json)
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        var response = await publisher.PostAsync("/v1/imports", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var reason = Assert.Single(problem.GetProperty("invalidParams").EnumerateArray()).GetProperty("reason").GetString();
        Assert.StartsWith("Must be { \"schemes\": [ ... ] }", reason);
    }

    [Fact]
    public async Task Import_BrokenTextInsideRecords_IsNamedWithEachRecordsIndex_AndNothingIsWritten()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var before = await SnapshotOfDatabaseAsync();
        var first = Valid("t-text-0").ToJsonString();
        var second = Valid("t-text-1").ToJsonString().Replace("\"id\":\"t-text-1\"", "\"id\":\"t-text-1\",\"note\":\"\\ud800\"", StringComparison.Ordinal);
        var json = $$"""{"schemes": [{{first}}, {{second}}]}""";

        var response = await publisher.PostAsync("/v1/imports", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("schemes[1].note", problem.InvalidParamNames());
        Assert.Equal(before, await SnapshotOfDatabaseAsync());
    }

    [Theory]
    [InlineData("""{"schemes": [{"id": "a"}, {"id": "b", "id": "c"}]}""", "schemes[1].id")]
    [InlineData("""{"schemes": [{"id": "a"},, {"id": "b"}]}""", "body")]
    [InlineData("""{"schemes": [{"id": "a"}]} trailing""", "body")]
    public async Task Import_DuplicateFieldsAndBrokenSyntax_AreProblems(string json, string name)
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        var response = await publisher.PostAsync("/v1/imports", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(name, problem.InvalidParamNames());
    }

    [Fact]
    public async Task Import_TenThousandSchemes_InOneTransaction()
    {
        // Arrange
        var admin = await _api.ClientWithKeyAsync("admin");
        // Validating and writing 10,000 schemes takes well over HttpClient's default 100 s on a busy 2-core machine;
        // this test is about one transaction, not speed.
        admin.Timeout = TimeSpan.FromMinutes(10);
        var schemes = new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)Valid($"t-many-{i:00000}", title: $"Regeling {i}")).ToArray());

        // Act
        var response = await admin.PostAsync("/v1/imports", Body(new JsonObject { ["schemes"] = schemes }));

        // Assert
        var report = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        Assert.Equal(10_000, report.GetProperty("created").GetArrayLength());
        var list = await (await _api.CreateClient().GetAsync("/v1/schemes?provider=provincie-test&pageSize=1")).JsonAsync();
        Assert.Equal(10_002, list.GetProperty("totalItems").GetInt32());
    }
}
