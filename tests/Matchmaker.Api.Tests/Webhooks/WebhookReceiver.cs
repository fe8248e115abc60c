using System.Collections.Concurrent;
using System.Text;

namespace Matchmaker.Api.Tests.Webhooks;

// A webhook receiver on 127.0.0.1 for tests: records every request (headers and body as received) and answers with the
// next programmed status (200 once the programme is used up). Hold() keeps requests waiting until Release().
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _release = CompletedSource();
    private readonly Task _loop;

    public sealed record Received(string Path, string? Id, string? Timestamp, string? Signature, string Body, DateTime At)
    {
        public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

        public string Type => Json.GetProperty("type").GetString()!;
    }

    public WebhookReceiver()
    {
        Port = ServiceProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/matchmaker";

    public IReadOnlyList<Received> All => _received.ToArray();

    // Redirect answers point here.
    public string? Location { get; set; }

    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    // Waits until at least count requests arrived (of this type, when given), at most timeout.
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan timeout, string? type = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var matching = All.Where(r => type is null || r.Type == type).ToList();
            if (matching.Count >= count || DateTime.UtcNow >= deadline)
            {
                return matching;
            }

            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = context.Request;
            _received.Enqueue(new Received(request.Url!.AbsolutePath, request.Headers["webhook-id"], request.Headers["webhook-timestamp"],
                request.Headers["webhook-signature"], body, DateTime.UtcNow));
            _arrived.Release();
            await _release.Task.WaitAsync(_stop.Token);
            var status = _statuses.TryDequeue(out var s) ? s : 200;
            context.Response.StatusCode = status;
            if (status is >= 300 and < 400 && Location is not null)
            {
                context.Response.RedirectLocation = Location;
            }

            var bytes = Encoding.UTF8.GetBytes(status < 300 ? "ok" : new string('x', 64 * 1024));
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The sender went away (a timeout, a killed node): nothing to answer.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _release.TrySetResult();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Closed while waiting.
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
