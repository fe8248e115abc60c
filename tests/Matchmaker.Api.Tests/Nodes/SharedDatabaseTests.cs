using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Nodes;

// Two services in this process on one database, as two nodes behind a load balancer: PostgreSQL in CI's second run
// (NOTIFY and the timed check), a shared SQLite file in the first (the timed check alone).
public sealed class SharedDatabaseTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private MatchmakerApiFactory? _a;
    private MatchmakerApiFactory? _b;

    private MatchmakerApiFactory A => _a ??= new MatchmakerApiFactory(database: _database);

    private MatchmakerApiFactory B => _b ??= new MatchmakerApiFactory(database: _database, dataPath: A.DataPath);

    public void Dispose()
    {
        _b?.Dispose();
        _a?.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task WriteOnOneNode_IsMatchedOnTheOther_WithinTwoSeconds()
    {
        // Arrange: both nodes up, B's snapshot built before the write.
        var publisher = await A.ClientWithKeyAsync("publisher", "provincie-test");
        var reader = B.CreateClient();
        Assert.DoesNotContain("t-shared", await TopMatchesAsync(reader));

        // Act
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await publisher.PostAsync("/v1/schemes", Body(Valid("t-shared")))).StatusCode);
        var written = clock.Elapsed;
        while (!(await TopMatchesAsync(reader)).Contains("t-shared") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        // Assert
        var seen = clock.Elapsed - written;
        output.WriteLine($"{_database.Provider}: the write was matched on the other node {seen.TotalMilliseconds:0} ms after it was stored");
        Assert.Contains("t-shared", await TopMatchesAsync(reader));
        Assert.True(seen < TimeSpan.FromSeconds(2), $"took {seen.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ChangeWithoutNotification_IsPickedUpByTheTimedCheck()
    {
        // Arrange: a change that sends no NOTIFY, as when the listening connection was down at the time.
        var snapshots = A.Services.GetRequiredService<CatalogueSnapshotProvider>();
        A.CreateClient();
        await using (var connection = await _database.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE schemes SET archived = 1 WHERE id = 't-brabant-fund'");
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE catalogue_state SET version = version + 1 WHERE id = 1");
        }

        // Act
        var clock = Stopwatch.StartNew();
        while (snapshots.Current.Schemes.Any(s => s.Document.Id == "t-brabant-fund") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        // Assert
        Assert.DoesNotContain(snapshots.Current.Schemes, s => s.Document.Id == "t-brabant-fund");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task SameETag_OnTwoNodes_ExactlyOneWins()
    {
        var onA = await A.ClientWithKeyAsync("admin");
        var onB = await B.ClientWithKeyAsync("admin");
        for (var round = 0; round < 5; round++)
        {
            // Arrange: both nodes hold the same version.
            var read = await A.CreateClient().GetAsync("/v1/schemes/t-brabant-fund");
            var etag = read.Headers.ETag!;
            var body = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
            body["title"]!["nl"] = $"Brabants fonds, ronde {round}";

            // Act
            var answers = await Task.WhenAll(Put(onA, body, etag), Put(onB, body, etag));

            // Assert
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order());
        }

        var final = await (await B.CreateClient().GetAsync("/v1/schemes/t-brabant-fund")).JsonAsync();
        Assert.Equal(6, final.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ApiKey_CreatedOnOneNode_WorksOnTheOther()
    {
        var key = await A.CreateKeyAsync("adviser");
        var client = B.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.GetAsync("/v1/companies/69599084");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SecondNode_FindsTheSeedDone_AndDoesNotSeedAgain()
    {
        A.CreateClient();
        var before = await A.Services.GetRequiredService<CatalogueSnapshotProvider>().StoredVersionAsync(CancellationToken.None);

        B.CreateClient();

        Assert.Equal(before, await B.Services.GetRequiredService<CatalogueSnapshotProvider>().StoredVersionAsync(CancellationToken.None));
        Assert.Equal(before, B.Services.GetRequiredService<CatalogueSnapshotProvider>().Version);
    }

    [Fact]
    public async Task PeriodicJob_IsClaimedByOneNodeOnly()
    {
        A.CreateClient();
        B.CreateClient();
        var claims = new[] { A, B }.Select(n => n.Services.GetRequiredService<JobClaims>()).ToArray();

        // Twenty tries at once from both nodes for one period: exactly one wins.
        var won = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => claims[i % 2].TryClaimAsync("test-job", TimeSpan.FromHours(1), CancellationToken.None)));

        Assert.Equal(1, won.Count(w => w));
        Assert.False(await claims[0].TryClaimAsync("test-job", TimeSpan.FromHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task UpstreamCacheExpiry_RunsOnOneNodePerHour_AndDeletesOnlyExpiredAnswers()
    {
        // Arrange: both nodes started (each claimed nothing or the first run), then an hour later.
        A.CreateClient();
        B.CreateClient();
        await using (var connection = await _database.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO upstream_cache (key, value, expires_at) VALUES ('kvk:expired', '{}', '2026-11-26T12:30:00.0000000Z');
                INSERT INTO upstream_cache (key, value, expires_at) VALUES ('kvk:fresh', '{}', '2026-11-27T12:00:00.0000000Z');
                """);
        }

        A.Time.Advance(TimeSpan.FromHours(1));
        B.Time.Advance(TimeSpan.FromHours(1));

        // Act
        var onA = await A.Services.GetRequiredService<Matchmaker.Api.Companies.UpstreamCacheExpiry>().RunOnceAsync(CancellationToken.None);
        var onB = await B.Services.GetRequiredService<Matchmaker.Api.Companies.UpstreamCacheExpiry>().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(1, onA);
        Assert.Null(onB);
        await using var check = await _database.OpenAsync();
        Assert.Equal(["kvk:fresh"], await Dapper.SqlMapper.QueryAsync<string>(check, "SELECT key FROM upstream_cache"));
    }

    private static async Task<List<string>> TopMatchesAsync(HttpClient client)
    {
        var match = await (await client.PostAsync("/v1/matches", Body("""
            { "company": { "municipalityCode": "GM0772" }, "need": { "description": "koffiebrander ontwikkelen" } }
            """))).JsonAsync();
        return match.GetProperty("matches").EnumerateArray().Take(3).Select(m => m.GetProperty("scheme").GetProperty("id").GetString()!).ToList();
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, JsonNode body, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/schemes/t-brabant-fund") { Content = Body(body) };
        request.Headers.IfMatch.Add(etag);
        return client.SendAsync(request);
    }
}
