using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Matchmaker.Api.Tests;

// One service per test class: its own SQLite file, a fixed clock, and either the real catalogue or the small fixture set.
public sealed class MatchmakerApiFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Today = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public MatchmakerApiFactory(bool realCatalogue = false, string? databasePath = null)
    {
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"matchmaker-test-{Guid.NewGuid():N}.db");
        DataPath = realCatalogue ? TestPaths.RealData : TestPaths.FixtureData();
    }

    public string DatabasePath { get; }

    public string DataPath { get; }

    public FakeTimeProvider Time { get; } = new(Today);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Matchmaker", $"Data Source={DatabasePath}");
        builder.UseSetting("Catalogue:DataPath", DataPath);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(DatabasePath + suffix);
            }
            catch (IOException)
            {
                // A file still held by a late pooled handle is left to the temp folder.
            }
        }
    }
}

public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string RealData => Path.Combine(RepositoryRoot, "data");

    // The fixture set: the real areas, vocabularies and lexicon with a few hand-made schemes whose statuses are known.
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
