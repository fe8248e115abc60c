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

// Stands in for KVK and PDOK at the HTTP level: the real Refit clients, resilience handlers and mapping run against it,
// and no test ever reaches the internet.
public sealed class FakeUpstreams : HttpMessageHandler
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kvk");
    private int _kvkCalls;
    private int _pdokCalls;

    public UpstreamMode Kvk { get; set; }

    public UpstreamMode Pdok { get; set; }

    public int KvkCalls => _kvkCalls;

    public int PdokCalls => _pdokCalls;

    public List<Uri> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        lock (Requests)
        {
            Requests.Add(uri);
        }

        var response = await AnswerAsync(request, uri, cancellationToken);
        // A real handler links the response to its request; Refit relies on that for error answers.
        response.RequestMessage = request;
        return response;
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, Uri uri, CancellationToken cancellationToken)
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
                return Text(System.Net.HttpStatusCode.InternalServerError, "{\"fout\":[{\"code\":\"IPD9999\",\"omschrijving\":\"Interne fout bij KVK\"}]}", "application/json");
            case UpstreamMode.Unauthorized:
                return Text(System.Net.HttpStatusCode.Unauthorized, "{\"fout\":[{\"code\":\"IPD1000\",\"omschrijving\":\"Ongeldige apikey\"}]}", "application/json");
            case UpstreamMode.Slow:
                await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                break;
            case UpstreamMode.Html:
                return Text(System.Net.HttpStatusCode.OK, "<html><body>Onderhoud – probeer het later</body></html>", "text/html");
            case UpstreamMode.MalformedJson:
                return Text(System.Net.HttpStatusCode.OK, "{\"kvkNummer\": \"6959", "application/json");
            case UpstreamMode.ConnectionRefused:
                throw new HttpRequestException("Connection refused (fake)");
            case UpstreamMode.StalledBody:
                return Stalled();
        }

        return isKvk ? KvkAnswer(uri) : PdokAnswer(uri);
    }

    private static HttpResponseMessage KvkAnswer(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Contains("/v2/zoeken", StringComparison.Ordinal))
        {
            return uri.Query.Contains("naam=niemand", StringComparison.Ordinal)
                ? Text(System.Net.HttpStatusCode.NotFound, "{\"fout\":[{\"code\":\"IPD5200\",\"omschrijving\":\"Geen resultaten\"}]}", "application/json")
                : Fixture("zoeken-test.json");
        }

        var kvkNumber = path[(path.LastIndexOf('/') + 1)..];
        var file = Path.Combine(Fixtures, $"basisprofiel-{kvkNumber}.json");
        return File.Exists(file)
            ? Fixture(Path.GetFileName(file))
            : Text(System.Net.HttpStatusCode.NotFound, $"{{\"fout\":[{{\"code\":\"IPD0005\",\"omschrijving\":\"Op basis van het KVK-nummer {kvkNumber} kan het product niet worden geleverd.\"}}]}}", "application/json");
    }

    private static HttpResponseMessage PdokAnswer(Uri uri)
    {
        var query = Uri.UnescapeDataString(uri.Query);
        var at = query.IndexOf("postcode:", StringComparison.Ordinal);
        var postcode = at >= 0 ? query.Substring(at + 9, 6) : "";
        var file = Path.Combine(Fixtures, $"pdok-{postcode}.json");
        return File.Exists(file)
            ? Fixture(Path.GetFileName(file))
            : Text(System.Net.HttpStatusCode.OK, "{\"response\":{\"numFound\":0,\"start\":0,\"docs\":[]}}", "application/json");
    }

    private static HttpResponseMessage Stalled()
    {
        var content = new StreamContent(new StalledStream("{\"kvkNummer\": \"69599084\", "u8.ToArray()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = 4096;
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
    }

    private static HttpResponseMessage Fixture(string name) =>
        Text(System.Net.HttpStatusCode.OK, File.ReadAllText(Path.Combine(Fixtures, name)), "application/json");

    private static HttpResponseMessage Text(System.Net.HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
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
