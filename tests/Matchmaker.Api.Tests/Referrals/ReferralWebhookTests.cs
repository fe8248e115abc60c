using System.Text;
using System.Text.Json;
using Matchmaker.Api.Tests.Webhooks;

namespace Matchmaker.Api.Tests.Referrals;

// Referral events as webhooks: each goes only to the organisation it concerns, signed, without contact data.
public sealed class ReferralWebhookTests : IDisposable
{
    private const string Provider = "gemeente-test";
    private const string Email = "j.jansen@bakkerij-jansen.example";
    private readonly MatchmakerApiFactory _api = new(settings: CaseloadSetup.Settings(more: [("Referrals:AnonymousPerMinute", "0")]));
    private readonly WebhookReceiver _providerReceiver = new();
    private readonly WebhookReceiver _senderReceiver = new();
    private readonly WebhookReceiver _otherReceiver = new();

    public void Dispose()
    {
        _api.Dispose();
        _providerReceiver.Dispose();
        _senderReceiver.Dispose();
        _otherReceiver.Dispose();
    }

    [Fact]
    public async Task ReceivedAndUpdated_ReachTheProviderAndTheSender_AndNoOtherOrganisation()
    {
        // Arrange: the provider, the sending organisation and an unrelated organisation each subscribe to every referral event.
        string[] events = ["referral.received", "referral.updated"];
        var admin = await _api.ClientWithKeyAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/providers/{Provider}/referral-settings", Json("""{ "accepts": true }"""))).StatusCode);
        var provider = await _api.ClientWithKeyAsync("publisher", Provider);
        var sender = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var other = await _api.ClientWithKeyAsync("adviser", organisation: "rom-elders");
        var (_, providerSecret) = await CaseloadSetup.SubscribeAsync(provider, _providerReceiver.Url, events);
        var (_, senderSecret) = await CaseloadSetup.SubscribeAsync(sender, _senderReceiver.Url, events);
        await CaseloadSetup.SubscribeAsync(other, _otherReceiver.Url, events);

        // Act: a referral from kvk-zuid, accepted by the provider.
        var sent = await sender.PostAsync("/v1/referrals", Json(JsonSerializer.Serialize(new
        {
            schemeId = "t-eindhoven-energy",
            kvkNumber = "12345678",
            company = new { municipalityCode = "GM0772", employees = 12 },
            contact = new { name = "Jan Jansen", email = Email },
            consent = true,
            message = "Wij willen onze ovens vervangen door een warmtepomp.",
        })));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.JsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync($"/v1/referrals/{id}/events", Json("""{ "status": "accepted" }"""))).StatusCode);

        // Assert
        var atProvider = Assert.Single(await _providerReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20), "referral.received"));
        var atSender = Assert.Single(await _senderReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20), "referral.updated"));
        Assert.True(atProvider.SignedWith(providerSecret));
        Assert.True(atSender.SignedWith(senderSecret));
        Assert.Equal(id, atProvider.Json.GetProperty("data").GetProperty("referralId").GetString());
        Assert.Equal("accepted", atSender.Json.GetProperty("data").GetProperty("status").GetString());
        Assert.All(_providerReceiver.All.Concat(_senderReceiver.All), r =>
        {
            Assert.DoesNotContain(Email, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Jan Jansen", r.Body, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(_providerReceiver.All, r => r.Type == "referral.updated" && r.Json.GetProperty("data").GetProperty("status").GetString() == "accepted");
        Assert.Empty(_otherReceiver.All);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
