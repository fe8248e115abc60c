using System.Diagnostics;
using System.Text.Json;
using Dapper;
using StandardWebhooks;
using Xunit.Abstractions;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Webhooks;

// Deliveries to a receiver on 127.0.0.1 (private networks allowed, as for tests and on-premises installs). Retries wait
// for the test clock, which the tests move on.
public sealed class DeliveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly WebhookReceiver _receiver = new();
    private readonly MatchmakerApiFactory _api = new(settings: Settings(more: ("Webhooks:RetryBaseDelay", "00:01:00")));

    public void Dispose()
    {
        _api.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task PublisherOpensAWindowThatFitsASavedFirm_ReceiverGetsASignedMatchNew_WithinFiveSeconds()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var profile = await SaveProfileAsync(adviser);
        var (_, secret) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        // Act
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await publisher.PostAsync("/v1/schemes", Body(Roaster()))).StatusCode);
        var received = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(10), "match.new");
        var took = clock.Elapsed;

        // Assert
        output.WriteLine($"match.new arrived {took.TotalMilliseconds:0} ms after the publisher's POST");
        var message = Assert.Single(received);
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took.TotalMilliseconds:0} ms");
        Assert.True(message.SignedWith(secret));
        // The reference implementation (StandardWebhooks on NuGet) makes the same signature.
        Assert.Equal(new StandardWebhook(secret).Sign(message.Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(message.Timestamp!)), message.Body),
            message.Signature);
        Assert.Equal(_api.Time.GetUtcNow().ToUnixTimeSeconds().ToString(), message.Timestamp);
        Assert.StartsWith("msg_", message.Id);
        var data = message.Data();
        Assert.Equal(profile, data.GetProperty("profileId").GetString());
        Assert.Equal("Koffiebranderij De Boon", data.GetProperty("profileName").GetString());
        Assert.Equal("t-roaster-fund", data.GetProperty("schemeId").GetString());
        Assert.Equal("open", data.GetProperty("status").GetString());
        Assert.Equal("2027-01-31", data.GetProperty("nextDeadline").GetString());
        Assert.Equal("provincie-test", data.GetProperty("scheme").GetProperty("provider").GetString());
        Assert.Equal($"/v1/profiles/{profile}/matches", data.GetProperty("matchesUrl").GetString());
        Assert.Equal("match.new", message.Json.GetProperty("type").GetString());
        Assert.Equal("2026-11-26T12:00:00.000Z", message.Json.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task ReceiverFailsThreeTimesThenSucceeds_GetsTheEventOnceMore_WithTheSameWebhookId_AfterGrowingWaits()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        await SaveProfileAsync(adviser);
        var (subscription, secret) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);
        _receiver.Answer(500, 503, 500);
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        // Act: each failure schedules a retry; the clock is moved past it.
        Assert.Equal(HttpStatusCode.Created, (await publisher.PostAsync("/v1/schemes", Body(Roaster()))).StatusCode);
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(attempt, (await _receiver.WaitForAsync(attempt, TimeSpan.FromSeconds(10))).Count);
            var delivery = await WaitForAttemptsAsync(adviser, subscription, attempt);
            Assert.Equal("pending", delivery.GetProperty("state").GetString());
            waits.Add(delivery.GetProperty("nextAttemptAt").GetDateTimeOffset() - delivery.GetProperty("attemptLog")[attempt - 1].GetProperty("at").GetDateTimeOffset());
            _api.Time.Advance(TimeSpan.FromHours(1));
        }

        var all = await _receiver.WaitForAsync(4, TimeSpan.FromSeconds(10));
        _api.Time.Advance(TimeSpan.FromHours(10));
        await Task.Delay(1000);

        // Assert: four requests, one event, one id; the delivery log tells the story.
        Assert.Equal(4, _receiver.All.Count);
        Assert.Single(all.Select(r => r.Id).Distinct());
        Assert.All(all, r => Assert.True(r.SignedWith(secret)));
        var log = Assert.Single((await DeliveriesAsync(adviser, subscription)).EnumerateArray());
        Assert.Equal("delivered", log.GetProperty("state").GetString());
        Assert.Equal(all[0].Id, log.GetProperty("webhookId").GetString());
        Assert.Equal([500, 503, 500, 200], log.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal("The receiver answered 500.", log.GetProperty("attemptLog")[0].GetProperty("error").GetString());
        Assert.False(log.TryGetProperty("nextAttemptAt", out _));
        // Exponential with jitter: the n-th wait lies between half and all of 1 min × 2^(n-1).
        for (var i = 0; i < waits.Count; i++)
        {
            var full = TimeSpan.FromMinutes(Math.Pow(2, i));
            Assert.InRange(waits[i], full / 2, full);
        }

        var state = await (await adviser.GetAsync($"/v1/subscriptions/{subscription}")).JsonAsync();
        Assert.Equal(0, state.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(state.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task TestMessage_IsSignedAndLogged_AndAFailedOneSaysWhy()
    {
        // Arrange
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var (subscription, secret) = await SubscribeAsync(publisher, _receiver.Url, ["referral.received"]);

        // Act
        var ok = await (await publisher.PostAsync($"/v1/subscriptions/{subscription}/test", null)).JsonAsync();
        _receiver.Answer(410);
        var failed = await (await publisher.PostAsync($"/v1/subscriptions/{subscription}/test", null)).JsonAsync();

        // Assert
        Assert.Equal("delivered", ok.GetProperty("state").GetString());
        Assert.Equal("webhook.test", ok.GetProperty("type").GetString());
        Assert.Equal(200, ok.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32());
        var message = _receiver.All[0];
        Assert.True(message.SignedWith(secret));
        Assert.Equal(ok.GetProperty("webhookId").GetString(), message.Id);
        Assert.Equal(subscription, message.Data().GetProperty("subscriptionId").GetString());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal(410, failed.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("The receiver answered 410.", failed.GetProperty("lastError").GetString());
        // A test is tried once and does not count against the subscription.
        await Task.Delay(500);
        Assert.Equal(2, _receiver.All.Count);
        var state = await (await publisher.GetAsync($"/v1/subscriptions/{subscription}")).JsonAsync();
        Assert.Equal(0, state.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(2, (await DeliveriesAsync(publisher, subscription)).GetArrayLength());
    }

    [Fact]
    public async Task RotatedSecret_BothSignDuringTheOverlap_ThenOnlyTheNewOne()
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var (subscription, old) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);

        // Act
        var rotated = await (await adviser.PostAsync($"/v1/subscriptions/{subscription}/rotate-secret", null)).JsonAsync();
        var fresh = rotated.GetProperty("secret").GetString()!;
        await adviser.PostAsync($"/v1/subscriptions/{subscription}/test", null);
        _api.Time.Advance(TimeSpan.FromHours(25));
        await adviser.PostAsync($"/v1/subscriptions/{subscription}/test", null);

        // Assert
        Assert.NotEqual(old, fresh);
        Assert.StartsWith("whsec_", fresh);
        Assert.Equal(MatchmakerApiFactory.Today + TimeSpan.FromHours(24), rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset());
        var (during, after) = (_receiver.All[0], _receiver.All[1]);
        var signatures = during.Signature!.Split(' ');
        Assert.Equal(2, signatures.Length);
        // The new secret's signature first (a verifier that reads only the first then already uses the new one).
        Assert.Equal(new StandardWebhook(fresh).Sign(during.Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(during.Timestamp!)), during.Body), signatures[0]);
        Assert.Equal(new StandardWebhook(old).Sign(during.Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(during.Timestamp!)), during.Body), signatures[1]);
        Assert.True(during.SignedWith(old) && during.SignedWith(fresh));
        Assert.Single(after.Signature!.Split(' '));
        Assert.True(after.SignedWith(fresh));
        Assert.False(after.SignedWith(old));
        var state = await (await adviser.GetAsync($"/v1/subscriptions/{subscription}")).JsonAsync();
        Assert.False(state.TryGetProperty("previousSecretValidUntil", out _));
        Assert.False(state.TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task ProfileFilter_OnlyEventsAboutThoseProfiles()
    {
        // Arrange: two firms that both fit the new scheme; the subscription is for the second only.
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var first = await SaveProfileAsync(adviser);
        var second = await SaveProfileAsync(adviser, Firm.Replace("De Boon", "Het Bonenhuis"));
        var (subscription, _) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"], [second]);
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        // Act
        await publisher.PostAsync("/v1/schemes", Body(Roaster()));
        var received = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(500);

        // Assert
        Assert.Equal(second, Assert.Single(_receiver.All).Data().GetProperty("profileId").GetString());
        Assert.Single((await DeliveriesAsync(adviser, subscription)).EnumerateArray());
        Assert.NotEqual(first, second);
        Assert.Single(received);
    }

    [Fact]
    public async Task PublisherSubscription_GetsSchemeChanged_ForItsOwnSchemesOnly()
    {
        // Arrange
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var other = await _api.ClientWithKeyAsync("publisher", "gemeente-test");
        await SubscribeAsync(publisher, _receiver.Url, ["scheme.changed"]);

        // Act
        await publisher.PostAsync("/v1/schemes", Body(Roaster()));
        await other.PostAsync("/v1/schemes", Body(Valid("t-other-fund", provider: "gemeente-test", areas: ["GM0772"])));
        var received = await _receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(500);

        // Assert
        var message = Assert.Single(_receiver.All);
        Assert.Equal("scheme.changed", message.Type);
        Assert.Equal("t-roaster-fund", message.Data().GetProperty("scheme").GetProperty("id").GetString());
        Assert.Equal("created", message.Data().GetProperty("change").GetString());
        Assert.Equal(1, message.Data().GetProperty("version").GetInt32());
        Assert.Single(received);
    }

    [Fact]
    public async Task EventsAreWrittenInTheChangesTransaction_ARefusedImportWritesNone()
    {
        // Arrange
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        await SubscribeAsync(publisher, _receiver.Url, ["scheme.changed"]);
        var bad = Roaster("t-bad-fund");
        bad["level"] = "galactic";

        // Act: one valid and one invalid record; a dry run of valid ones.
        var refused = await publisher.PostAsync("/v1/imports", Body(new System.Text.Json.Nodes.JsonObject { ["schemes"] = new System.Text.Json.Nodes.JsonArray(Roaster(), bad) }));
        var dry = await publisher.PostAsync("/v1/imports?dryRun=true", Body(new System.Text.Json.Nodes.JsonObject { ["schemes"] = new System.Text.Json.Nodes.JsonArray(Roaster()) }));
        await Task.Delay(500);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Empty(_receiver.All);
        await using var connection = await _api.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_events"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM catalogue_changes WHERE scheme_id IN ('t-roaster-fund', 't-bad-fund')"));
    }

    private static async Task<JsonElement> WaitForAttemptsAsync(HttpClient client, string subscription, int attempts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var delivery = (await DeliveriesAsync(client, subscription))[0];
            if (delivery.GetProperty("attempts").GetInt32() >= attempts || DateTime.UtcNow > deadline)
            {
                return delivery;
            }

            await Task.Delay(50);
        }
    }
}
