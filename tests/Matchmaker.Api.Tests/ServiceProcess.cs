using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Matchmaker.Api.Tests;

// The built service (dotnet Matchmaker.Api.dll) in a process of its own, as it runs in production: on a test database, on
// a free port on 127.0.0.1, with rate limits off and KVK and PDOK pointed nowhere. Browser tests and multi-node tests use
// it; on PostgreSQL its connections carry its name, so a test can see its transactions.
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private ServiceProcess(string name, Process process, string baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    // http://127.0.0.1:{port}, without a trailing slash.
    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    // Started, not yet ready: call WaitUntilReadyAsync (several nodes may start at once), or use StartReadyAsync.
    public static ServiceProcess Start(string name, TestDatabase database, string dataPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Cli.CliProcess.DllPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        database.AddTo(start.Environment);
        if (database.IsPostgres)
        {
            start.Environment["ConnectionStrings__Matchmaker"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = name }.ConnectionString;
        }

        start.Environment["Catalogue__DataPath"] = dataPath;
        start.Environment["RateLimits__AnonymousPerMinute"] = "0";
        start.Environment["RateLimits__PerKeyPerMinute"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // KVK and PDOK are never called here; point them nowhere rather than at the real test environment.
        start.Environment["Kvk__BaseUrl"] = "http://127.0.0.1:9/kvk/";
        start.Environment["Pdok__BaseUrl"] = "http://127.0.0.1:9/pdok/";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(name, Process.Start(start)!, baseUrl);
    }

    public static async Task<ServiceProcess> StartReadyAsync(
        string name, TestDatabase database, string dataPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var service = Start(name, database, dataPath, environment);
        try
        {
            await service.WaitUntilReadyAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"{Name} exited during start:\n{Log}");
            try
            {
                if ((await Client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{Name} did not become ready:\n{Log}");
    }

    // As a crash or a power cut would: no shutdown, no chance to finish or roll back anything itself.
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Client.Dispose();
    }

    // A port nothing listens on now, for a test's own servers (collectors, receivers, host pages) as for the service.
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
