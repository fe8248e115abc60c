using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Tests.Cli;
using Xunit.Abstractions;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Nodes;

// Two API processes on one database, started at the same moment, as a deployment with two nodes would run them:
// PostgreSQL in CI's second run, one shared SQLite file in the first.
public sealed class TwoNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _dataPath = TestPaths.FixtureData();
    private ServiceProcess _a = null!;
    private ServiceProcess _b = null!;
    private string _adminKey = "";

    public async Task InitializeAsync()
    {
        using (var cli = new CliProcess(_database))
        {
            var created = await cli.RunAsync("apikeys", "create", "--role", "admin", "--name", "two-node test");
            Assert.Equal(0, created.Exit);
            _adminKey = created.Out.Trim().Split('\n')[^1].Trim();
        }

        // Both at once: migrations and the seed must each happen once.
        _a = ServiceProcess.Start("node-a", _database, _dataPath);
        _b = ServiceProcess.Start("node-b", _database, _dataPath);
        await Task.WhenAll(_a.WaitUntilReadyAsync(), _b.WaitUntilReadyAsync());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task WriteThroughA_IsMatchedByB_WithinTwoSeconds()
    {
        Assert.DoesNotContain("t-two-nodes", await TopMatchesAsync(_b));

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await Send(_a, HttpMethod.Post, "/v1/schemes", Valid("t-two-nodes"))).StatusCode);
        var written = clock.Elapsed;
        while (!(await TopMatchesAsync(_b)).Contains("t-two-nodes") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        var seen = clock.Elapsed - written;
        output.WriteLine($"{_database.Provider}: node B matched node A's write {seen.TotalMilliseconds:0} ms after A answered");
        Assert.Contains("t-two-nodes", await TopMatchesAsync(_b));
        Assert.True(seen < TimeSpan.FromSeconds(2), $"took {seen.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task SameETag_ThroughBothNodes_OneIs200_OneIs412()
    {
        for (var round = 0; round < 5; round++)
        {
            var read = await _a.Client.GetAsync("/v1/schemes/t-limburg-fund");
            var body = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
            body["title"]!["nl"] = $"Limburgs fonds, ronde {round}";

            var answers = await Task.WhenAll(
                Send(_a, HttpMethod.Put, "/v1/schemes/t-limburg-fund", body, read.Headers.ETag),
                Send(_b, HttpMethod.Put, "/v1/schemes/t-limburg-fund", body, read.Headers.ETag));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order());
        }
    }

    [Fact]
    public async Task NodeKilledDuringAnImport_LeavesNothingOfIt_AndTheOtherKeepsServing()
    {
        // Arrange: an import big enough to be caught while it writes.
        var before = await TotalAsync(_b);
        var schemes = new JsonArray(Enumerable.Range(0, 4000).Select(i => (JsonNode)Valid($"t-bulk-{i:D4}")).ToArray());
        var import = Send(_a, HttpMethod.Post, "/v1/imports", new JsonObject { ["schemes"] = schemes });

        // Act: kill A while its import transaction has written rows but not committed.
        await WaitUntilAWritesAsync(import);
        await _a.KillAsync();
        var outcome = await Record.ExceptionAsync(() => import);

        // Assert
        Assert.True(outcome is HttpRequestException or TaskCanceledException, "the import finished before the node was killed");
        Assert.Equal(HttpStatusCode.OK, (await _b.Client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(before, await TotalAsync(_b));
        Assert.Equal(HttpStatusCode.NotFound, (await _b.Client.GetAsync("/v1/schemes/t-bulk-0000")).StatusCode);
        await using (var connection = await _database.OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scheme_revisions WHERE scheme_id LIKE 't-bulk-%'"));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scheme_themes WHERE scheme_id LIKE 't-bulk-%'"));
        }

        // The dead node's write lock went with it: B writes at once.
        Assert.Equal(HttpStatusCode.Created, (await Send(_b, HttpMethod.Post, "/v1/schemes", Valid("t-after-crash"))).StatusCode);
        Assert.NotEmpty((await (await _b.Client.PostAsync("/v1/matches", Body("""{ "need": { "description": "koffiebrander" } }"""))).JsonAsync())
            .GetProperty("matches").EnumerateArray());
    }

    // PostgreSQL: A's session holds a transaction id once it has written. SQLite: the write-ahead log grows.
    private async Task WaitUntilAWritesAsync(Task<HttpResponseMessage> import)
    {
        var wal = _database.Name + "-wal";
        var walBefore = File.Exists(wal) ? new FileInfo(wal).Length : 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline && !import.IsCompleted)
        {
            if (_database.IsPostgres)
            {
                await using var connection = await _database.OpenAsync();
                if (await connection.ExecuteScalarAsync<long>(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'node-a' AND backend_xid IS NOT NULL") > 0)
                {
                    return;
                }
            }
            else if (File.Exists(wal) && new FileInfo(wal).Length > walBefore + 512 * 1024)
            {
                return;
            }

            await Task.Delay(5);
        }

        Assert.Fail(import.IsCompleted ? "the import finished before it could be caught writing" : "the import never started writing");
    }

    private async Task<HttpResponseMessage> Send(ServiceProcess node, HttpMethod method, string path, JsonNode body, EntityTagHeaderValue? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = Body(body) };
        request.Headers.Add("X-Api-Key", _adminKey);
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }

        return await node.Client.SendAsync(request);
    }

    private static async Task<int> TotalAsync(ServiceProcess node) =>
        (await (await node.Client.GetAsync("/v1/schemes?pageSize=1")).JsonAsync()).GetProperty("totalItems").GetInt32();

    private static async Task<List<string>> TopMatchesAsync(ServiceProcess node)
    {
        var match = await (await node.Client.PostAsync("/v1/matches", Body("""
            { "company": { "municipalityCode": "GM0772" }, "need": { "description": "koffiebrander ontwikkelen" } }
            """))).JsonAsync();
        return match.GetProperty("matches").EnumerateArray().Take(3).Select(m => m.GetProperty("scheme").GetProperty("id").GetString()!).ToList();
    }
}
