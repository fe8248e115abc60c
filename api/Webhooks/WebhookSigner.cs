using System.Security.Cryptography;
using System.Text;

namespace Matchmaker.Api.Webhooks;

// Standard Webhooks 1.0: the secret is whsec_ + base64 of random bytes; a signature is v1, + base64 of
// HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"); several signatures are separated by spaces.
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const string Version = "v1";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes(id + "." + timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + body);
        return Version + "," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    // The webhook-signature header: one signature per secret that is valid now (two during a rotation's overlap).
    public static string Header(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, id, timestamp, body)));
}
