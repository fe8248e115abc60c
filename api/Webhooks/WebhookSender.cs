using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Webhooks;

// What one attempt came to: delivered (a 2xx), or the receiver's status, or why there was no answer.
public sealed record AttemptResult(bool Delivered, int? StatusCode, string? Error, TimeSpan Duration);

// One signed POST to a receiver. Redirects are never followed (a 3xx is a failure that names where it pointed), the
// attempt has a short time limit, and at most a few KiB of the answer are read and never kept.
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time, IOptionsMonitor<WebhookOptions> options)
{
    public const string ClientName = "webhooks";
    public const int MaxResponseBytes = 4 * 1024;
    private const int MaxErrorLength = 500;

    public async Task<AttemptResult> SendAsync(string url, string id, string body, IReadOnlyList<string> secrets, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var timeout = options.CurrentValue.Timeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Header(secrets, id, timestamp, body));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Matchmaker-Webhooks", "1.0"));

            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            await DrainAsync(response, limit.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new AttemptResult(true, status, null, started.Elapsed);
            }

            var error = status is >= 300 and < 400
                ? $"The receiver answered {status} (a redirect{(response.Headers.Location is { } location ? " to " + Shorten(location.ToString()) : "")}); redirects are not followed."
                : $"The receiver answered {status}.";
            return new AttemptResult(false, status, error, started.Elapsed);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(false, null, $"No answer within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.", started.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return new AttemptResult(false, null, Describe(ex), started.Elapsed);
        }
        catch (WebhookTargetRefusedException ex)
        {
            return new AttemptResult(false, null, "Refused: " + ex.Message, started.Elapsed);
        }
    }

    // Reads no more than MaxResponseBytes of the answer, so a receiver cannot make us read (or wait for) a large body.
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[1024];
        var total = 0;
        int read;
        while (total < MaxResponseBytes && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, MaxResponseBytes - total)), ct)) > 0)
        {
            total += read;
        }
    }

    // Our own words for what went wrong; the framework's messages can carry more than the subscriber needs.
    private static string Describe(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException refused)
            {
                return "Refused: " + refused.Message;
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "The receiver's host name could not be resolved.",
            HttpRequestError.ConnectionError => "Could not connect to the receiver (" + (ex.InnerException is System.Net.Sockets.SocketException s ? s.SocketErrorCode.ToString() : "connection failed") + ").",
            HttpRequestError.SecureConnectionError => "The TLS handshake with the receiver failed (certificate or protocol).",
            HttpRequestError.ResponseEnded => "The receiver closed the connection before answering.",
            HttpRequestError.InvalidResponse => "The receiver's answer was not valid HTTP.",
            HttpRequestError.ConfigurationLimitExceeded => "The receiver's answer headers were too large.",
            _ => "The request to the receiver failed (" + ex.HttpRequestError + ").",
        };
    }

    private static string Shorten(string text) => text.Length <= MaxErrorLength / 2 ? text : text[..(MaxErrorLength / 2)] + "…";
}
