using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Matchmaker.Api.Tests.Catalogue;

// A small Kestrel server on 127.0.0.1 plays the web; the data folder's links point at it. Nothing leaves the machine.
public sealed class LinkCheckerTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"matchmaker-links-{Guid.NewGuid():N}");
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _server = null!;
    private int _inFlight;
    private int _maxInFlight;

    private string Base { get; set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Use(async (context, next) =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
        _server.MapMethods("/ok", ["GET", "HEAD"], () => Results.Ok());
        _server.MapMethods("/gone", ["GET", "HEAD"], () => Results.NotFound());
        _server.MapMethods("/error", ["GET", "HEAD"], () => Results.StatusCode(500));
        _server.MapMethods("/moved", ["GET", "HEAD"], () => Results.Redirect("/ok", permanent: true));
        _server.MapMethods("/moved-away", ["GET", "HEAD"], () => Results.Redirect("https://www.example.org/new-page"));
        _server.MapGet("/no-head", () => Results.Ok()); // HEAD answers 405: the checker must ask again with GET
        _server.MapMethods("/slow", ["GET", "HEAD"], async (CancellationToken ct) =>
        {
            // Never answers by itself: the checker's timeout ends it, however long a busy machine takes to get there.
            await Task.Delay(Timeout.Infinite, ct);
            return Results.Ok();
        });
        _server.MapMethods("/busy/{n}", ["GET", "HEAD"], async (int n) =>
        {
            await Task.Delay(150);
            return Results.Ok();
        });
        await _server.StartAsync();
        Base = _server.Urls.Single();
        Directory.CreateDirectory(Path.Combine(_data, "providers"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Check_ReportsOkBrokenTimeoutAndMoved_WithoutFollowingRedirects()
    {
        // Arrange
        // A timeout long enough that the answering paths never hit it on a busy machine; only /slow does.
        using var checker = new LinkChecker(LinkChecker.CreateHandler(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(5), concurrency: 4);
        string[] paths = ["/ok", "/gone", "/error", "/moved", "/moved-away", "/no-head", "/slow"];

        // Act
        var results = (await checker.CheckAsync(paths.Select(p => Base + p), CancellationToken.None)).ToDictionary(r => r.Url[Base.Length..]);

        // Assert
        Assert.Equal((LinkState.Ok, "200"), (results["/ok"].State, results["/ok"].Outcome));
        Assert.Equal((LinkState.Broken, "404"), (results["/gone"].State, results["/gone"].Outcome));
        Assert.Equal((LinkState.Broken, "500"), (results["/error"].State, results["/error"].Outcome));
        Assert.Equal((LinkState.Broken, "timeout"), (results["/slow"].State, results["/slow"].Outcome));
        Assert.Equal((LinkState.Moved, "301", Base + "/ok"), (results["/moved"].State, results["/moved"].Outcome, results["/moved"].Location));
        Assert.Equal("https://www.example.org/new-page", results["/moved-away"].Location);
        Assert.Equal((LinkState.Ok, "200"), (results["/no-head"].State, results["/no-head"].Outcome));
        Assert.Contains("HEAD /no-head", _requests);
        Assert.Contains("GET /no-head", _requests);
        // HEAD answered; no GET, and the redirect target was never asked for because of a redirect.
        Assert.DoesNotContain("GET /ok", _requests);
        Assert.Equal(1, _requests.Count(r => r == "HEAD /ok"));
    }

    [Fact]
    public async Task Check_KeepsAtMostConcurrencyRequestsInFlight_AndAsksEachAddressOnce()
    {
        // Arrange
        using var checker = new LinkChecker(LinkChecker.CreateHandler(TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(30), concurrency: 3);
        var urls = Enumerable.Range(1, 12).Select(n => $"{Base}/busy/{n}").ToList();

        // Act
        var results = await checker.CheckAsync([.. urls, .. urls], CancellationToken.None);

        // Assert
        Assert.Equal(12, results.Count);
        Assert.All(results, r => Assert.Equal(LinkState.Ok, r.State));
        Assert.InRange(_maxInFlight, 1, 3);
        Assert.Equal(12, _requests.Count);
    }

    [Fact]
    public async Task Check_UnknownHost_IsBrokenAsDns()
    {
        // Arrange: the handler fails as the resolver does, so no name is ever looked up.
        using var checker = new LinkChecker(new FailingHandler(HttpRequestError.NameResolutionError), TimeSpan.FromSeconds(1), concurrency: 1);

        // Act
        var result = await checker.CheckAsync("https://no-such-host.example/page", CancellationToken.None);

        // Assert
        Assert.Equal((LinkState.Broken, "dns"), (result.State, result.Outcome));
    }

    [Fact]
    public async Task Check_NothingListening_IsBrokenAsConnection()
    {
        // Arrange: a port that was free a moment ago, on loopback.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var checker = new LinkChecker(LinkChecker.CreateHandler(TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(30), concurrency: 1);

        // Act
        var result = await checker.CheckAsync($"http://127.0.0.1:{port}/page", CancellationToken.None);

        // Assert
        Assert.Equal((LinkState.Broken, "connection refused or unreachable"), (result.State, result.Outcome));
    }

    [Fact]
    public void FindLinks_TakesEveryUrlAndSourceUrl_WithFileAndRecord()
    {
        // Arrange
        WriteProviderFile("test.json", ("a", "/ok", "/gone"), ("b", "/ok", "/moved"));

        // Act
        var links = LinkChecker.FindLinks(_data);

        // Assert
        Assert.Equal(4, links.Count);
        Assert.Contains(new LinkUse("providers/test.json", "a", "sourceUrl", Base + "/gone"), links);
        Assert.Contains(new LinkUse("providers/test.json", "b", "url", Base + "/ok"), links);
        Assert.DoesNotContain(links, l => l.Url.Contains("provider-site", StringComparison.Ordinal));
    }

    [Fact]
    public void FindLinks_RealCatalogue_FindsTheUrlAndSourceUrlOfEveryScheme()
    {
        // Arrange
        var schemes = CatalogueData.Load(TestPaths.RealData).Schemes.ToList();

        // Act
        var links = LinkChecker.FindLinks(TestPaths.RealData);

        // Assert
        foreach (var scheme in schemes)
        {
            Assert.Contains(links, l => l.Record == scheme.Id && l.Field == "url" && l.Url == scheme.Url);
            Assert.Contains(links, l => l.Record == scheme.Id && l.Field == "sourceUrl" && l.Url == scheme.SourceUrl);
        }
    }

    [Fact]
    public async Task CheckLinksCommand_PrintsBrokenAndMoved_AndExits1OnlyWhenSomethingIsBroken()
    {
        // Arrange
        WriteProviderFile("test.json", ("a", "/ok", "/gone"), ("b", "/moved", "/no-head"));
        using var cli = new CliProcess();

        // Act
        var broken = await cli.RunAsync("catalogue", "check-links", "--data", _data, "--timeout", "2", "--concurrency", "2");
        WriteProviderFile("test.json", ("a", "/ok", "/no-head"), ("b", "/moved", "/ok"));
        var fine = await cli.RunAsync("catalogue", "check-links", "--data", _data);
        var bad = await cli.RunAsync("catalogue", "check-links", "--data", _data, "--concurrency", "0");

        // Assert
        Assert.Equal(1, broken.Exit);
        Assert.Contains("1 broken", broken.Out);
        Assert.Contains($"  {Base}/gone  [404]", broken.Out);
        Assert.Contains("in providers/test.json: a sourceUrl", broken.Out);
        Assert.Contains($"  {Base}/moved  [301]", broken.Out);
        Assert.Contains($"-> {Base}/ok", broken.Out);
        Assert.Equal(0, fine.Exit);
        Assert.Contains("0 broken", fine.Out);
        Assert.Contains("1 moved", fine.Out);
        Assert.Equal(2, bad.Exit);
        Assert.False(cli.Database.HasSchema());
    }

    private void WriteProviderFile(string name, params (string Id, string Url, string SourceUrl)[] schemes)
    {
        var file = new JsonObject
        {
            ["provider"] = new JsonObject { ["id"] = "test", ["website"] = "https://provider-site.example/" },
            ["schemes"] = new JsonArray(schemes.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["url"] = Base + s.Url,
                ["sourceUrl"] = Base + s.SourceUrl,
                ["eligibility"] = new JsonObject { ["conditions"] = new JsonArray() },
            }).ToArray()),
        };
        File.WriteAllText(Path.Combine(_data, "providers", name), file.ToJsonString());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class FailingHandler(HttpRequestError error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(error, "Name or service not known");
    }
}
