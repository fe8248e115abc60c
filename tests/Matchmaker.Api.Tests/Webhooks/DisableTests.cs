using System.Text.Json;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Webhooks;

// A receiver that keeps failing: each event is tried Webhooks__MaxAttempts times (here 2), and after
// Webhooks__DisableAfterFailures failures in a row (here 3) the subscription is disabled, with the reason, until enabled.
public sealed class DisableTests : IDisposable
{
    private readonly WebhookReceiver _receiver = new();
    private readonly MatchmakerApiFactory _api = new(settings: Settings(more:
        [("Webhooks:MaxAttempts", "2"), ("Webhooks:DisableAfterFailures", "3"), ("Webhooks:RetryBaseDelay", "00:01:00")]));

    public void Dispose()
    {
        _api.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task FailingReceiver_EachEventTriedMaxAttemptsTimes_ThenTheSubscriptionIsDisabled_UntilEnabled()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        await SaveProfileAsync(adviser);
        var (subscription, _) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);
        _receiver.Answer(Enumerable.Repeat(500, 10).ToArray());
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        // Act: event A fails twice (its last attempt), event B once: three in a row.
        await publisher.PostAsync("/v1/schemes", Body(Roaster("t-roaster-a")));
        await WaitAsync(() => Deliveries(adviser, subscription), d => d.Count == 1 && d[0].GetProperty("attempts").GetInt32() == 1);
        _api.Time.Advance(TimeSpan.FromHours(1));
        await _receiver.WaitForAsync(2, TimeSpan.FromSeconds(10));
        await WaitAsync(() => Deliveries(adviser, subscription), d => d.Any(x => x.GetProperty("state").GetString() == "failed"));
        await publisher.PostAsync("/v1/schemes", Body(Roaster("t-roaster-b")));
        var disabled = await WaitAsync(
            async () => (await (await adviser.GetAsync($"/v1/subscriptions/{subscription}")).JsonAsync()),
            s => !s.GetProperty("active").GetBoolean());
        // Nothing more is sent or written for it while it is off.
        _api.Time.Advance(TimeSpan.FromHours(10));
        await publisher.PostAsync("/v1/schemes", Body(Roaster("t-roaster-c")));
        await Task.Delay(1000);
        var whileOff = _receiver.All.Count;
        var enabled = await (await adviser.PostAsync($"/v1/subscriptions/{subscription}/enable", null)).JsonAsync();
        await publisher.PostAsync("/v1/schemes", Body(Roaster("t-roaster-d")));
        await _receiver.WaitForAsync(4, TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(3, whileOff);
        Assert.Equal(3, disabled.GetProperty("consecutiveFailures").GetInt32());
        Assert.StartsWith("Disabled after 3 failed deliveries in a row; the last: The receiver answered 500.", disabled.GetProperty("disabledReason").GetString());
        var deliveries = await Deliveries(adviser, subscription);
        var a = deliveries.Single(d => Scheme(d) == "t-roaster-a");
        Assert.Equal(("failed", 2), (a.GetProperty("state").GetString(), a.GetProperty("attempts").GetInt32()));
        var b = deliveries.Single(d => Scheme(d) == "t-roaster-b");
        Assert.Equal(("failed", 1), (b.GetProperty("state").GetString(), b.GetProperty("attempts").GetInt32()));
        Assert.DoesNotContain(deliveries, d => Scheme(d) == "t-roaster-c");
        Assert.True(enabled.GetProperty("active").GetBoolean());
        Assert.Equal(0, enabled.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal("t-roaster-d", _receiver.All[3].Data().GetProperty("schemeId").GetString());
    }

    private static string? Scheme(JsonElement delivery) => delivery.GetProperty("payload").GetProperty("data").GetProperty("schemeId").GetString();

    private static async Task<List<JsonElement>> Deliveries(HttpClient client, string subscription) =>
        (await DeliveriesAsync(client, subscription)).EnumerateArray().ToList();

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
