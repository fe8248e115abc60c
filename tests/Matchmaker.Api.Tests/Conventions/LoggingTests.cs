using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchmaker.Api.Tests.Conventions;

// The real Kestrel on a loopback port, so requests can be malformed at the HTTP level; every log entry is captured
// under the levels api/appsettings.json sets.
public sealed class LoggingTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();
    private readonly CapturedLogs _logs = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task MalformedRequests_Get400_WithoutErrorsOrStackTraces_AndRequestsAreNotLoggedAtInformation()
    {
        using var server = _api.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
        server.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };

        var ok = await http.GetAsync("/v1/schemes?pageSize=1");
        var badChunk = await RawAsync(address, "POST /v1/matches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        var badHeader = await RawAsync(address, "GET /v1/schemes HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
        var badLine = await RawAsync(address, "GE T / HTTP/1.1\r\n\r\n");
        await Task.Delay(200);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.StartsWith("HTTP/1.1 400", badChunk);
        Assert.Contains("application/problem+json", badChunk);
        Assert.StartsWith("HTTP/1.1 400", badHeader);
        Assert.StartsWith("HTTP/1.1 400", badLine);
        var entries = _logs.Entries.ToList();
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(entries, e => e.Exception is not null);
        Assert.DoesNotContain(entries, e => e.Message.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Level < LogLevel.Warning
                                            && (e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)));
        // The service's own start-up lines still come through at Information.
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Category.StartsWith("Matchmaker", StringComparison.Ordinal));
    }

    [Fact]
    public void Development_ReadsUserSecrets_AndTheDefaultsShipWithTheService()
    {
        using var development = _api.WithWebHostBuilder(b => b.UseEnvironment("Development"));

        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)development.Services
            .GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        // dotnet user-secrets (UserSecretsId in the csproj) feeds Development, e.g. Kvk:ApiKey.
        Assert.Contains(configuration.Providers, p => p is Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider { Source.Path: "secrets.json" });
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:System.Net.Http"]);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        var launch = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "api", "Properties", "launchSettings.json")))!;
        Assert.Equal("http://localhost:5000", (string?)launch["profiles"]!["Development"]!["applicationUrl"]);
        Assert.Equal("Development", (string?)launch["profiles"]!["Development"]!["environmentVariables"]!["ASPNETCORE_ENVIRONMENT"]);
    }

    private static async Task<string> RawAsync(Uri address, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
