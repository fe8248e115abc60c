using static Matchmaker.Api.Tests.Publishing.SchemeBodies;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Webhooks;

// Two services on one database, as two nodes: each change is matched once and each event sent once, whichever node
// wrote it, because the change detector takes a lease and every delivery is claimed by one node.
public sealed class TwoNodeDeliveryTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly WebhookReceiver _receiver = new();
    private readonly MatchmakerApiFactory _a;
    private readonly MatchmakerApiFactory _b;

    public TwoNodeDeliveryTests()
    {
        _a = new MatchmakerApiFactory(database: _database, settings: Settings());
        _b = new MatchmakerApiFactory(database: _database, dataPath: _a.DataPath, settings: Settings());
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
        _receiver.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task ChangesOnBothNodes_EveryEventArrivesExactlyOnce()
    {
        // Arrange
        var adviser = await _a.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        await SaveProfileAsync(adviser);
        await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);
        var onA = await _a.ClientWithKeyAsync("publisher", "provincie-test");
        var onB = await _b.ClientWithKeyAsync("publisher", "provincie-test");

        // Act: six new schemes that fit, written through both nodes at once.
        var writes = Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? onA : onB).PostAsync("/v1/schemes", Body(Roaster($"t-roaster-{i}"))));
        Assert.All(await Task.WhenAll(writes), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var received = await _receiver.WaitForAsync(6, TimeSpan.FromSeconds(20));
        await Task.Delay(1500);

        // Assert
        Assert.Equal(6, received.Count);
        Assert.Equal(6, _receiver.All.Count);
        Assert.Equal(6, _receiver.All.Select(r => r.Id).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, 6).Select(i => $"t-roaster-{i}"),
            _receiver.All.Select(r => r.Data().GetProperty("schemeId").GetString()!).Order(StringComparer.Ordinal));
    }
}
