using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Matchmaker.Api.Http;

// Conditional requests (RFC 9110 13.1), made and read the same way on every resource that has versions: an ETag is the
// version and a short hash of what it holds, and a client's If-Match or If-None-Match is compared whole with it, as
// clients echo our ETag back unchanged. The problems (428, 412) are the catalogue's; the services choose their words.
public static class Preconditions
{
    public static string ETag(long version, string content) =>
        "\"" + version.ToString(CultureInfo.InvariantCulture) + "-" + ShortHash(Encoding.UTF8.GetBytes(content)) + "\"";

    public static string ETag(byte[] content) => "\"" + ShortHash(content) + "\"";

    // Empty when none was sent.
    public static string IfMatch(this HttpRequest request) => request.Headers.IfMatch.ToString();

    // A write that must name the version it changes answers 428 without one.
    public static bool IsMissing(string? ifMatch) => string.IsNullOrEmpty(ifMatch);

    // 412: If-Match names another version than the current one. None sent is no conflict (it is optional on DELETE;
    // where it is required, IsMissing said so first).
    public static bool IsStale(string? ifMatch, string currentETag) => !IsMissing(ifMatch) && ifMatch != currentETag;

    // Puts the ETag on the answer and says whether If-None-Match already names it, in a list of tags or as "*" (RFC 9110
    // compares weakly here): then the client's copy is current and the answer is NotModified().
    public static bool IsNotModified(this HttpContext context, string etag)
    {
        context.Response.Headers.ETag = etag;
        var sent = context.Request.GetTypedHeaders().IfNoneMatch;
        return sent.Count > 0 && EntityTagHeaderValue.TryParse(etag, out var current)
            && sent.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    public static StatusCodeHttpResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    private static string ShortHash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content))[..16];
}
