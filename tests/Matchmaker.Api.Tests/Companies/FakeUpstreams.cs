using System.Text;

namespace Matchmaker.Api.Tests.Companies;

public enum UpstreamMode
{
    Normal,
    ServerError,
    Unauthorized,
    Slow,
    Html,
    MalformedJson,
    ConnectionRefused,

    // 200 with headers and the first bytes of the body, then nothing: Content-Length is never met.
    StalledBody,
}

// One request the fakes answered, with the answer as sent: what the contract tests check against KVK's and PDOK's documents.
public sealed record FakeExchange(Uri Uri, IReadOnlyList<string> RequestHeaders, int Status, string? MediaType, string Body, string? Fixture);

// Stands in for KVK and PDOK at the HTTP level: the real Refit clients, resilience handlers and mapping run against it,
// and no test ever reaches the internet. In Normal mode every answer has the shape KVK's and PDOK's own documents give
// (tests/Matchmaker.Api.Tests/Contract/upstream; FakeContractTests checks each one). A path neither upstream has is a test bug.
public sealed partial class FakeUpstreams : HttpMessageHandler
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kvk");
    private int _kvkCalls;
    private int _pdokCalls;

    public UpstreamMode Kvk { get; set; }

    public UpstreamMode Pdok { get; set; }

    public int KvkCalls => _kvkCalls;

    public int PdokCalls => _pdokCalls;

    public List<Uri> Requests { get; } = [];

    // Every answer with a body that was sent whole (not the stalled or refused ones).
    public List<FakeExchange> Exchanges { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        lock (Requests)
        {
            Requests.Add(uri);
        }

        var (response, fixture) = await AnswerAsync(uri, cancellationToken);
        // A real handler links the response to its request; Refit relies on that for error answers.
        response.RequestMessage = request;
        if (response.Content is StringContent content)
        {
            var exchange = new FakeExchange(uri, request.Headers.Select(h => h.Key).ToList(), (int)response.StatusCode,
                content.Headers.ContentType?.MediaType, await content.ReadAsStringAsync(cancellationToken), fixture);
            lock (Exchanges)
            {
                Exchanges.Add(exchange);
            }
        }

        return response;
    }

    private async Task<(HttpResponseMessage Response, string? Fixture)> AnswerAsync(Uri uri, CancellationToken cancellationToken)
    {
        var isKvk = uri.Host.StartsWith("kvk", StringComparison.Ordinal);
        if (isKvk)
        {
            Interlocked.Increment(ref _kvkCalls);
        }
        else
        {
            Interlocked.Increment(ref _pdokCalls);
        }

        switch (isKvk ? Kvk : Pdok)
        {
            case UpstreamMode.ServerError:
                return (Text(System.Net.HttpStatusCode.InternalServerError, "{\"fout\":[{\"code\":\"IPD9999\",\"omschrijving\":\"Interne fout bij KVK\"}]}", "application/json"), null);
            case UpstreamMode.Unauthorized:
                return (Text(System.Net.HttpStatusCode.Unauthorized, "{\"fout\":[{\"code\":\"IPD1000\",\"omschrijving\":\"Ongeldige apikey\"}]}", "application/json"), null);
            case UpstreamMode.Slow:
                await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                break;
            case UpstreamMode.Html:
                return (Text(System.Net.HttpStatusCode.OK, "<html><body>Onderhoud – probeer het later</body></html>", "text/html"), null);
            case UpstreamMode.MalformedJson:
                return (Text(System.Net.HttpStatusCode.OK, "{\"kvkNummer\": \"6959", "application/json"), null);
            case UpstreamMode.ConnectionRefused:
                throw new HttpRequestException("Connection refused (fake)");
            case UpstreamMode.StalledBody:
                return (Stalled(), null);
        }

        return isKvk ? KvkAnswer(uri) : PdokAnswer(uri);
    }

    private static (HttpResponseMessage, string?) KvkAnswer(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.EndsWith("/v2/zoeken", StringComparison.Ordinal))
        {
            // Zoeken answers 404 IPD5200 when nothing matches, never an empty 200.
            return uri.Query.Contains("naam=niemand", StringComparison.Ordinal)
                ? (Text(System.Net.HttpStatusCode.NotFound, "{\"fout\":[{\"code\":\"IPD5200\",\"omschrijving\":\"Geen resultaten\"}]}", "application/json"), null)
                : Fixture("zoeken-test.json");
        }

        if (BasisprofielPath().Match(path) is { Success: true } profile)
        {
            var kvkNumber = profile.Groups[1].Value;
            return FixtureOr($"basisprofiel-{kvkNumber}.json",
                $"{{\"fout\":[{{\"code\":\"IPD0005\",\"omschrijving\":\"Op basis van het KVK-nummer {kvkNumber} kan het product niet worden geleverd.\"}}]}}");
        }

        if (VestigingsprofielPath().Match(path) is { Success: true } branch)
        {
            // KVK documents no code for an unknown vestigingsnummer; the shape is KVK's error shape.
            var number = branch.Groups[1].Value;
            return FixtureOr($"vestigingsprofiel-{number}.json",
                $"{{\"fout\":[{{\"code\":\"IPD0005\",\"omschrijving\":\"Op basis van het vestigingsnummer {number} kan het product niet worden geleverd.\"}}]}}");
        }

        throw new InvalidOperationException($"The fake KVK has no path {path}: KVK's documents have no such operation.");
    }

    private static (HttpResponseMessage, string?) PdokAnswer(Uri uri)
    {
        if (!uri.AbsolutePath.EndsWith("/free", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The fake PDOK answers only /free, not {uri.AbsolutePath}.");
        }

        var query = Uri.UnescapeDataString(uri.Query);
        var at = query.IndexOf("postcode:", StringComparison.Ordinal);
        var postcode = at >= 0 ? query.Substring(at + 9, 6) : "";
        // An unknown postcode is a 200 with numFound 0.
        return File.Exists(Path.Combine(Fixtures, $"pdok-{postcode}.json"))
            ? Fixture($"pdok-{postcode}.json")
            : (Text(System.Net.HttpStatusCode.OK, "{\"response\":{\"numFound\":0,\"start\":0,\"maxScore\":0.0,\"numFoundExact\":true,\"docs\":[]}}", "application/json"), null);
    }

    private static HttpResponseMessage Stalled()
    {
        var content = new StreamContent(new StalledStream("{\"kvkNummer\": \"69599084\", "u8.ToArray()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = 4096;
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
    }

    private static (HttpResponseMessage, string?) FixtureOr(string name, string notFound) =>
        File.Exists(Path.Combine(Fixtures, name))
            ? Fixture(name)
            : (Text(System.Net.HttpStatusCode.NotFound, notFound, "application/json"), null);

    private static (HttpResponseMessage, string?) Fixture(string name) =>
        (Text(System.Net.HttpStatusCode.OK, File.ReadAllText(Path.Combine(Fixtures, name)), "application/json"), name);

    private static HttpResponseMessage Text(System.Net.HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    [System.Text.RegularExpressions.GeneratedRegex("/v1/basisprofielen/([^/]+)$")]
    private static partial System.Text.RegularExpressions.Regex BasisprofielPath();

    [System.Text.RegularExpressions.GeneratedRegex("/v1/vestigingsprofielen/([^/]+)$")]
    private static partial System.Text.RegularExpressions.Regex VestigingsprofielPath();
}

// Like a socket whose peer went quiet: the first bytes, then every read waits until the reader gives up.
internal sealed class StalledStream(byte[] first) : Stream
{
    private bool _sent;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_sent)
        {
            _sent = true;
            first.CopyTo(buffer);
            return first.Length;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
