using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Matchmaker.Api.Tests;

// One service per test class: its own database (TestDatabase: SQLite, or PostgreSQL in CI's second run), a fixed clock,
// and either the real catalogue or the small fixture set.
public sealed class MatchmakerApiFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Today = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly int _anonymousPerMinute;
    private readonly int _feedbackPerMinute;
    private readonly bool _ownsDatabase;

    public MatchmakerApiFactory(bool realCatalogue = false, TestDatabase? database = null, string? dataPath = null, int anonymousPerMinute = 0,
        int feedbackPerMinute = 0, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null,
        bool waitForSnapshot = true)
    {
        _waitForSnapshot = waitForSnapshot;
        _services = services;
        _settings = settings ?? new Dictionary<string, string>();
        // A database passed in outlives this service (restart tests); one made here is removed with it.
        _ownsDatabase = database is null;
        Database = database ?? TestDatabase.Create();
        DataPath = dataPath ?? (realCatalogue ? TestPaths.RealData : TestPaths.FixtureData());
        _anonymousPerMinute = anonymousPerMinute;
        _feedbackPerMinute = feedbackPerMinute;
    }

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _waitForSnapshot;
    private readonly Action<IServiceCollection>? _services;

    public TestDatabase Database { get; }

    public string DataPath { get; }

    public TestClock Time { get; } = new(Today);

    public Companies.FakeUpstreams Upstreams { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Catalogue:DataPath", DataPath);
        // Tests send many requests from one client; the limit itself has its own test.
        builder.UseSetting("RateLimits:AnonymousPerMinute", _anonymousPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:PerKeyPerMinute", "0");
        builder.UseSetting("Feedback:PerMinute", _feedbackPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // KVK and PDOK are the fake below; short timeouts and retry delays keep fault tests fast.
        builder.UseSetting("Kvk:BaseUrl", "https://kvk.invalid/test/api/");
        builder.UseSetting("Pdok:BaseUrl", "https://pdok.invalid/bzk/locatieserver/search/v3_1/");
        builder.UseSetting("Upstream:AttemptTimeout", "00:00:00.300");
        builder.UseSetting("Upstream:TotalTimeout", "00:00:01");
        builder.UseSetting("Upstream:RetryDelay", "00:00:00.001");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
        builder.ConfigureTestServices(services =>
        {
            // Keep the real Refit clients and resilience handlers; swap only what sits at the bottom of the pipeline.
            services.AddHttpClient(Refit.UniqueName.ForType<Matchmaker.Api.Companies.IKvkApi>()).ConfigurePrimaryHttpMessageHandler(() => Upstreams);
            services.AddHttpClient(Refit.UniqueName.ForType<Matchmaker.Api.Companies.IPdokApi>()).ConfigurePrimaryHttpMessageHandler(() => Upstreams);
            _services?.Invoke(services);
        });
    }

    // The service listens while its first snapshot builds; a test starts from a ready service, as an orchestrator would
    // wait for /health/ready, unless it tests that wait itself.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (_waitForSnapshot)
        {
            host.Services.GetRequiredService<Matchmaker.Api.Matching.CatalogueSnapshotProvider>().WhenBuilt.GetAwaiter().GetResult();
        }

        return host;
    }

    public async Task<string> CreateKeyAsync(string role, string? provider = null, string? organisation = null)
    {
        CreateClient();
        var keys = Services.GetRequiredService<Matchmaker.Api.Security.ApiKeyStore>();
        return (await keys.CreateAsync(role, provider, organisation, $"test {role} {provider ?? organisation}", CancellationToken.None)).Key;
    }

    public async Task<HttpClient> ClientWithKeyAsync(string role, string? provider = null, string? organisation = null)
    {
        var key = await CreateKeyAsync(role, provider, organisation);
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }
}

public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string RealData => Path.Combine(RepositoryRoot, "data");

    // UPDATE_GENERATED=1 (or the older UPDATE_OPENAPI=1) makes the drift tests write what is generated from the code and
    // the vocabulary (the OpenAPI document, the catalogue schema's enums) before they compare.
    public static bool UpdateGenerated { get; } =
        Environment.GetEnvironmentVariable("UPDATE_GENERATED") == "1" || Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1";

    // How generated JSON files are written: indented, with non-ASCII letters as they are.
    public static System.Text.Json.JsonSerializerOptions WrittenJson { get; } =
        new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The fixture set: the real areas, vocabularies, lexicon and schema with a few hand-made schemes whose statuses are known.
    public static string FixtureData()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"matchmaker-fixture-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "providers"));
        Directory.CreateDirectory(Path.Combine(dir, "areas"));
        foreach (var file in Directory.GetFiles(Path.Combine(RealData, "areas"), "*.json"))
        {
            File.Copy(file, Path.Combine(dir, "areas", Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(RealData, "vocabularies.json"), Path.Combine(dir, "vocabularies.json"));
        File.Copy(Path.Combine(RealData, "lexicon.json"), Path.Combine(dir, "lexicon.json"));
        File.Copy(Path.Combine(RealData, "catalogue.schema.json"), Path.Combine(dir, "catalogue.schema.json"));
        File.Copy(Path.Combine(RealData, "match-request.schema.json"), Path.Combine(dir, "match-request.schema.json"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "providers"), "*.json"))
        {
            File.Copy(file, Path.Combine(dir, "providers", Path.GetFileName(file)));
        }

        return dir;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Matchmaker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Matchmaker.sln not found above " + AppContext.BaseDirectory);
    }
}

// A fixed, movable date for the catalogue and caches, with real timers underneath: Polly's timeouts and retry delays
// must still run in real time, or fault tests would wait forever on a frozen clock.
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
