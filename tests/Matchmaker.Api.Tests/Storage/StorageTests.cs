using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Matchmaker.Api.Tests.Storage;

public sealed class StorageTests
{
    [Fact]
    public async Task Migrate_NewDatabase_AppliesAllAndRecordsVersion()
    {
        using var factory = new MatchmakerApiFactory();
        factory.CreateClient();

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        var version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version");
        Assert.Equal(Migrator.LoadMigrations().Max(m => m.Number), version);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));

        // A second run on the same database applies nothing.
        var migrator = factory.Services.GetRequiredService<Migrator>();
        Assert.Equal(0, await migrator.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_0005_KeepsExistingKeys_AndStoresAnalystsAndOrganisations()
    {
        // Arrange: a database as version 4 left it, with a key in it.
        var path = Path.Combine(Path.GetTempPath(), $"matchmaker-0005-{Guid.NewGuid():N}.db");
        try
        {
            await using (var old = new SqliteConnection($"Data Source={path}"))
            {
                foreach (var (_, _, sql) in Migrator.LoadMigrations().Where(m => m.Number <= 4))
                {
                    await old.ExecuteAsync(sql);
                }

                await old.ExecuteAsync("PRAGMA user_version = 4");
                await old.ExecuteAsync("""
                    INSERT INTO providers (id, name, kind, area_code, website, updated_at) VALUES ('rvo', 'RVO', 'national-agency', NULL, 'https://www.rvo.nl', '2026-01-01');
                    INSERT INTO api_keys (id, name, role, provider_id, secret_hash, created_at, revoked_at)
                    VALUES ('0123456789ab', 'RVO CMS', 'publisher', 'rvo', 'hash', '2026-01-01T00:00:00Z', NULL);
                    """);
            }

            var db = new SqliteConnectionFactory(new DatabaseOptions { ConnectionString = $"Data Source={path}" });
            var store = new Matchmaker.Api.Security.ApiKeyStore(db, TimeProvider.System);

            // Act
            await new Migrator(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            await store.CreateAsync("analyst", null, null, "Beleid", CancellationToken.None);
            await store.CreateAsync("adviser", null, "kvk-zuid", "KVK Zuid", CancellationToken.None);

            // Assert
            var keys = await store.ListAsync(CancellationToken.None);
            Assert.Contains(keys, k => k is { Id: "0123456789ab", Role: "publisher", ProviderId: "rvo", Organisation: null });
            Assert.Contains(keys, k => k is { Role: "analyst", Organisation: null });
            Assert.Contains(keys, k => k is { Role: "adviser", Organisation: "kvk-zuid" });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { "", "-wal", "-shm" }.Select(s => path + s).Where(File.Exists))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Restart_OnExistingDatabase_KeepsDataAndDoesNotDuplicateSeed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matchmaker-restart-{Guid.NewGuid():N}.db");
        string dataPath;
        using (var first = new MatchmakerApiFactory(databasePath: path))
        {
            dataPath = first.DataPath;
            Assert.Equal(9, (await (await first.CreateClient().GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32());
        }

        using var second = new MatchmakerApiFactory(databasePath: path);
        var client = second.CreateClient();
        Assert.Equal(9, (await (await client.GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32());

        var seeder = second.Services.GetRequiredService<CatalogueSeeder>();
        var report = await seeder.SeedAsync(CancellationToken.None);
        Assert.Equal(new SeedReport(0, 0, 9, 0), report);

        await using var connection = new SqliteConnection($"Data Source={path}");
        Assert.Equal(9, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemes"));
        Assert.Equal(9, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemes_fts"));
        Assert.Equal(342, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM municipalities"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schemes"));
    }

    [Fact]
    public async Task Seed_NeverOverwritesAChangeMadeThroughTheApi_ButRefreshesUntouchedRecords()
    {
        using var factory = new MatchmakerApiFactory();
        var client = factory.CreateClient();
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");

        // An API write is recorded as origin 'api'; simulate one, and a data/ edit of two records.
        await connection.ExecuteAsync("UPDATE schemes SET origin = 'api', document = json_set(document, '$.title.nl', 'Door uitgever gewijzigd') WHERE id = 't-advice'");
        var file = Path.Combine(factory.DataPath, "providers", "test-national.json");
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text
            .Replace("Gratis ondernemersadvies", "Gratis advies (nieuw in data)", StringComparison.Ordinal)
            .Replace("\"Innovatielening\"", "\"Innovatielening 2027\"", StringComparison.Ordinal));

        var report = await factory.Services.GetRequiredService<CatalogueSeeder>().SeedAsync(CancellationToken.None);

        Assert.Equal(new SeedReport(0, 1, 7, 1), report);
        var advice = await (await client.GetAsync("/v1/schemes/t-advice")).JsonAsync();
        Assert.Equal("Door uitgever gewijzigd", advice.GetProperty("title").GetProperty("nl").GetString());
        var loan = await (await client.GetAsync("/v1/schemes/t-upcoming-loan")).JsonAsync();
        Assert.Equal("Innovatielening 2027", loan.GetProperty("title").GetProperty("nl").GetString());
        Assert.Equal(2, loan.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Seed_BrokenDataFile_FailsWholeAndLeavesDatabaseAsItWas()
    {
        using var factory = new MatchmakerApiFactory();
        var client = factory.CreateClient();
        await File.WriteAllTextAsync(Path.Combine(factory.DataPath, "providers", "zz-broken.json"), "{ \"provider\": { \"id\": \"x\" }, \"schemes\": [ { \"id\": 1 } ] }");

        await Assert.ThrowsAsync<InvalidDataException>(() => factory.Services.GetRequiredService<CatalogueSeeder>().SeedAsync(CancellationToken.None));

        Assert.Equal(9, (await (await client.GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32());
    }
}
