using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Tests.Cli;
using Matchmaker.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Nodes;

// kill -9 between a catalogue change and the delivery of what it means for a saved firm: nothing is lost. The service
// runs as its own process on a test database (PostgreSQL in CI's second run); the process is killed without any chance
// to finish, and the event arrives after a restart, signed, with the webhook-id it had.
public sealed class CaseloadCrashTests : IAsyncLifetime, IDisposable
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["Webhooks__AllowPrivateNetworks"] = "true",
        ["Webhooks__Timeout"] = "00:00:01",
        ["Webhooks__PollInterval"] = "00:00:00.200",
        ["Caseload__PollInterval"] = "00:00:00.200",
    };

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _dataPath = TestPaths.FixtureData();
    private readonly WebhookReceiver _receiver = new();
    private readonly List<ServiceProcess> _nodes = [];
    private string _key = "";

    public async Task InitializeAsync()
    {
        using var cli = new CliProcess(_database);
        // An admin key of an advisers' organisation: it saves profiles and publishes schemes.
        var created = await cli.RunAsync("apikeys", "create", "--role", "admin", "--organisation", "kvk-zuid", "--name", "crash test");
        Assert.Equal(0, created.Exit);
        _key = created.Out.Trim().Split('\n')[^1].Trim();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _database.Dispose();
    }

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task KilledWhileDelivering_TheEventIsDeliveredAfterTheRestart_WithTheSameWebhookId()
    {
        // Arrange
        var first = await StartAsync("node-1");
        await Post(first, "/v1/profiles", Firm);
        var secret = await SubscribeAsync(first);
        _receiver.Hold();

        // Act: the change is made and its event is being sent when the node dies.
        await Post(first, "/v1/schemes", Roaster().ToJsonString());
        var held = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(20), "match.new");
        Assert.Single(held);
        await first.KillAsync();
        _receiver.Release();
        var second = await StartAsync("node-2");
        var received = await _receiver.WaitForAsync(2, TimeSpan.FromSeconds(30), "match.new");

        // Assert
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Id, received[1].Id);
        Verify(secret, received[1]);
        Assert.Equal("t-roaster-fund", received[1].Data().GetProperty("schemeId").GetString());
        await WaitForDeliveredAsync(second);
    }

    [Fact]
    public async Task KilledBeforeTheChangeWasMatched_TheRestartedServiceFindsItAndDeliversTheEvent()
    {
        // Arrange: the change detector's lease is taken away, so the change stays unmatched on the first node.
        var first = await StartAsync("node-1");
        await Post(first, "/v1/profiles", Firm);
        var secret = await SubscribeAsync(first);
        await using (var connection = await _database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE caseload_state SET rematch_owner = 'elsewhere', rematch_claimed_until = '9999-12-31T00:00:00.0000000Z' WHERE id = 1");
        }

        // Act
        await Post(first, "/v1/schemes", Roaster().ToJsonString());
        await Task.Delay(1000);
        var beforeKill = _receiver.All.Count;
        await first.KillAsync();
        await using (var connection = await _database.OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_events WHERE type = 'match.new'"));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM catalogue_changes WHERE scheme_id = 't-roaster-fund'"));
            // The lease of a node that is gone runs out; here it is released by hand, as that would take minutes.
            await connection.ExecuteAsync("UPDATE caseload_state SET rematch_owner = NULL, rematch_claimed_until = NULL WHERE id = 1");
        }

        await StartAsync("node-2");
        var received = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(30), "match.new");

        // Assert
        Assert.Equal(0, beforeKill);
        var message = Assert.Single(received);
        Verify(secret, message);
        Assert.Equal("t-roaster-fund", message.Data().GetProperty("schemeId").GetString());
    }

    private async Task<ServiceProcess> StartAsync(string name)
    {
        var node = ServiceProcess.Start(name, _database, _dataPath, Environment);
        _nodes.Add(node);
        await node.WaitUntilReadyAsync();
        return node;
    }

    private async Task<JsonNode> Post(ServiceProcess node, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(body) };
        request.Headers.Add("X-Api-Key", _key);
        var response = await node.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<string> SubscribeAsync(ServiceProcess node) =>
        (await Post(node, "/v1/subscriptions", $$"""{ "url": "{{_receiver.Url}}", "events": ["match.new"] }"""))["secret"]!.GetValue<string>();

    // The real clock runs here, so the reference verifier checks the timestamp too.
    private static void Verify(string secret, WebhookReceiver.Received message)
    {
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = message.Id,
            ["webhook-timestamp"] = message.Timestamp,
            ["webhook-signature"] = message.Signature,
        };
        new StandardWebhook(secret).Verify(message.Body, headers);
    }

    private async Task WaitForDeliveredAsync(ServiceProcess node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        await using var connection = await _database.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            if (await connection.ExecuteScalarAsync<string>("SELECT state FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.type = 'match.new'") == "delivered")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the delivery was not marked delivered:\n{node.Log}");
    }
}
