using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Webhooks;

// What the caseload and webhook tests share: a saved firm in Eindhoven that wants a coffee roaster (the fixture
// catalogue has no such scheme, so a publisher's new one is news), subscriptions, and the receiver's signature check.
public static class CaseloadSetup
{
    public const string Firm =
        """
        { "name": "Koffiebranderij De Boon", "company": { "municipalityCode": "GM0772", "employees": 6, "legalForm": "bv" },
          "need": { "description": "een koffiebrander ontwikkelen" } }
        """;

    public static Dictionary<string, string> Settings(bool allowPrivate = true, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:Timeout"] = "00:00:02",
            ["Caseload:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Action<IServiceCollection> Resolver(FakeResolver resolver) => services =>
    {
        services.RemoveAll<Api.Webhooks.IWebhookResolver>();
        services.AddSingleton<Api.Webhooks.IWebhookResolver>(resolver);
    };

    // A new scheme of provincie-test for Noord-Brabant (where Eindhoven is) with an open window.
    public static JsonObject Roaster(string id = "t-roaster-fund", string opensOn = "2026-11-01", string closesOn = "2027-01-31")
    {
        var scheme = Valid(id);
        scheme["applicationWindows"] = new JsonArray(new JsonObject { ["mode"] = "window", ["opensOn"] = opensOn, ["closesOn"] = closesOn });
        return scheme;
    }

    public static async Task<string> SaveProfileAsync(HttpClient adviser, string body = Firm)
    {
        var response = await adviser.PostAsync("/v1/profiles", Body(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    public static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, string url, string[] events, string[]? profileIds = null)
    {
        var body = new JsonObject { ["url"] = url, ["events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()) };
        if (profileIds is not null)
        {
            body["profileIds"] = new JsonArray(profileIds.Select(p => (JsonNode)p).ToArray());
        }

        var response = await client.PostAsync("/v1/subscriptions", Body(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        return (json.GetProperty("id").GetString()!, json.GetProperty("secret").GetString()!);
    }

    // What a receiver checks (README): some v1 signature in the header is HMAC-SHA256 of "id.timestamp.body" with the
    // secret's key, compared in constant time.
    public static bool SignedWith(this WebhookReceiver.Received received, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{received.Id}.{received.Timestamp}.{received.Body}")));
        return (received.Signature ?? "").Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public static JsonElement Data(this WebhookReceiver.Received received) => received.Json.GetProperty("data");

    public static async Task<JsonElement> DeliveriesAsync(HttpClient client, string subscription) =>
        (await (await client.GetAsync($"/v1/subscriptions/{subscription}/deliveries?pageSize=100")).JsonAsync()).GetProperty("items");

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
