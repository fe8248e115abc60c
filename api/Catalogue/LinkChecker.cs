using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Matchmaker.Api.Catalogue;

// Where a link sits in data/: the file, the record (nearest enclosing "id") and the field.
public sealed record LinkUse(string File, string Record, string Field, string Url);

public enum LinkState
{
    Ok,
    Moved,
    Broken,
}

// Outcome is the status code or what went wrong ("timeout", "dns", ...); Location is set for a move.
public sealed record LinkCheck(string Url, LinkState State, string Outcome, string? Location = null);

// dotnet run --project api -- catalogue check-links: every url and sourceUrl in data/, HEAD first and GET when the
// server will not answer HEAD, with a bounded number of requests in flight and a timeout per request. Redirects are
// not followed: a move is reported with its Location, so the data can be corrected to the new address.
public sealed class LinkChecker : IDisposable
{
    public static readonly string[] LinkFields = ["url", "sourceUrl"];

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly int _concurrency;

    public LinkChecker(HttpMessageHandler handler, TimeSpan timeout, int concurrency)
    {
        // One client for the whole run; the timeout is per request (below), so the client's own is off.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Matchmaker-LinkCheck/1.0");
        _timeout = timeout;
        _concurrency = concurrency;
    }

    public static SocketsHttpHandler CreateHandler(TimeSpan timeout) => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = timeout,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    public static IReadOnlyList<LinkUse> FindLinks(string dataPath)
    {
        var uses = new List<LinkUse>();
        foreach (var file in Directory.GetFiles(dataPath, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(dataPath, file).Replace('\\', '/');
            Walk(JsonNode.Parse(File.ReadAllText(file)), relative, "-", uses);
        }

        return uses;
    }

    public async Task<IReadOnlyList<LinkCheck>> CheckAsync(IEnumerable<string> urls, CancellationToken ct)
    {
        var distinct = urls.Distinct(StringComparer.Ordinal).ToList();
        var results = new LinkCheck[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count), new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = ct },
            async (i, token) => results[i] = await CheckAsync(distinct[i], token));
        return results;
    }

    public async Task<LinkCheck> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return new LinkCheck(url, LinkState.Broken, "not an absolute http(s) address");
        }

        // Many servers answer HEAD with 403, 404, 405 or 501, or drop it, while GET works: then ask again with GET.
        // A timeout, an unknown host or a refused connection would only fail again.
        var (head, askAgain) = await SendAsync(HttpMethod.Head, uri, ct);
        return askAgain ? (await SendAsync(HttpMethod.Get, uri, ct)).Check : head;
    }

    private async Task<(LinkCheck Check, bool AskAgain)> SendAsync(HttpMethod method, Uri uri, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            // Headers are enough; a GET never reads the body.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            return (int)response.StatusCode switch
            {
                < 300 => (new LinkCheck(uri.OriginalString, LinkState.Ok, status), false),
                < 400 when response.Headers.Location is { } location =>
                    (new LinkCheck(uri.OriginalString, LinkState.Moved, status, (location.IsAbsoluteUri ? location : new Uri(uri, location)).ToString()), false),
                < 400 => (new LinkCheck(uri.OriginalString, LinkState.Broken, status + " without Location"), false),
                _ => (new LinkCheck(uri.OriginalString, LinkState.Broken, status), method == HttpMethod.Head),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (new LinkCheck(uri.OriginalString, LinkState.Broken, "timeout"), false);
        }
        catch (HttpRequestException ex)
        {
            var (outcome, final) = Describe(ex);
            return (new LinkCheck(uri.OriginalString, LinkState.Broken, outcome), method == HttpMethod.Head && !final);
        }
    }

    // An unknown host, a refused connection and a failed TLS handshake are final; anything else may be a server that mishandles HEAD.
    private static (string Outcome, bool Final) Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => ("dns", true),
        HttpRequestError.ConnectionError => ("connection refused or unreachable", true),
        HttpRequestError.SecureConnectionError => ("tls", true),
        var error => ($"failed ({error})", false),
    };

    public static string Render(string dataPath, IReadOnlyList<LinkUse> uses, IReadOnlyList<LinkCheck> checks, int concurrency, TimeSpan timeout)
    {
        var usesOf = uses.ToLookup(u => u.Url, StringComparer.Ordinal);
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        var broken = checks.Where(c => c.State == LinkState.Broken).OrderBy(c => c.Url, StringComparer.Ordinal).ToList();
        var moved = checks.Where(c => c.State == LinkState.Moved).OrderBy(c => c.Url, StringComparer.Ordinal).ToList();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Checked {uses.Count} links to {checks.Count} addresses in {dataPath} (concurrency {concurrency}, timeout {timeout.TotalSeconds:0.#} s): "
            + $"{checks.Count - broken.Count - moved.Count} ok, {moved.Count} moved, {broken.Count} broken."));
        void Section(string title, List<LinkCheck> rows)
        {
            Line("");
            Line(string.Create(CultureInfo.InvariantCulture, $"{title} ({rows.Count}):"));
            foreach (var c in rows)
            {
                Line($"  {c.Url}  [{c.Outcome}]");
                if (c.Location is not null)
                {
                    Line($"    -> {c.Location}");
                }

                foreach (var u in usesOf[c.Url])
                {
                    Line($"    in {u.File}: {u.Record} {u.Field}");
                }
            }
        }

        Section("Broken", broken);
        Section("Moved", moved);
        return text.ToString();
    }

    public void Dispose() => _http.Dispose();

    private static void Walk(JsonNode? node, string file, string record, List<LinkUse> uses)
    {
        switch (node)
        {
            case JsonObject obj:
                var id = obj["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : record;
                foreach (var (key, value) in obj)
                {
                    if (LinkFields.Contains(key, StringComparer.Ordinal) && value is JsonValue link && link.TryGetValue<string>(out var url))
                    {
                        uses.Add(new LinkUse(file, id, key, url));
                    }
                    else
                    {
                        Walk(value, file, id, uses);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, file, record, uses);
                }

                break;
        }
    }
}
