using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Matchmaker.Api.Tests.Storage;

public sealed class StorageTests
{
    [Fact]
    public async Task Migrate_NewDatabase_AppliesAllAndRecordsVersion()
    {
        using var factory = new MatchmakerApiFactory();
        factory.CreateClient();

        Assert.Equal(Migrator.LoadMigrations(factory.Database.Provider).Max(m => m.Number), await factory.Database.MigrationVersionAsync());
        if (!factory.Database.IsPostgres)
        {
            await using var connection = await factory.Database.OpenAsync();
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }

        // A second run on the same database applies nothing.
        var migrator = factory.Services.GetRequiredService<Migrator>();
        Assert.Equal(0, await migrator.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public void Migrations_HaveTheSameNumbersAndNamesOnBothDatabases()
    {
        Assert.Equal(
            Migrator.LoadMigrations(DatabaseProvider.Sqlite).Select(m => m.Name),
            Migrator.LoadMigrations(DatabaseProvider.Postgres).Select(m => m.Name));
    }

    [Fact]
    public async Task Migrate_0005_KeepsExistingKeys_AndStoresAnalystsAndOrganisations()
    {
        // Arrange: a database as version 4 left it, with a key in it.
        using var database = TestDatabase.Create();
        {
            await using (var old = await database.OpenAsync())
            {
                foreach (var (number, name, sql) in Migrator.LoadMigrations(database.Provider).Where(m => m.Number <= 4))
                {
                    await old.ExecuteAsync(sql);
                    if (database.IsPostgres)
                    {
                        await old.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
                        await old.ExecuteAsync("INSERT INTO schema_migrations VALUES (@number, @name, '2026-01-01')", new { number = (long)number, name });
                    }
                }

                if (!database.IsPostgres)
                {
                    await old.ExecuteAsync("PRAGMA user_version = 4");
                }


                await old.ExecuteAsync("""
                    INSERT INTO providers (id, name, kind, area_code, website, updated_at) VALUES ('rvo', 'RVO', 'national-agency', NULL, 'https://www.rvo.nl', '2026-01-01');
                    INSERT INTO api_keys (id, name, role, provider_id, secret_hash, created_at, revoked_at)
                    VALUES ('0123456789ab', 'RVO CMS', 'publisher', 'rvo', 'hash', '2026-01-01T00:00:00Z', NULL);
                    """);
            }

            await using var db = new Database(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString });
            var store = new Matchmaker.Api.Security.ApiKeyStore(db, TimeProvider.System);

            // Act
            await new Migrator(db, new ClusterLock(db), Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            await store.CreateAsync("analyst", null, null, "Beleid", CancellationToken.None);
            await store.CreateAsync("adviser", null, "kvk-zuid", "KVK Zuid", CancellationToken.None);

            // Assert
            var keys = await store.ListAsync(CancellationToken.None);
            Assert.Contains(keys, k => k is { Id: "0123456789ab", Role: "publisher", ProviderId: "rvo", Organisation: null });
            Assert.Contains(keys, k => k is { Role: "analyst", Organisation: null });
            Assert.Contains(keys, k => k is { Role: "adviser", Organisation: "kvk-zuid" });
        }
    }

    [Fact]
    public async Task Restart_OnExistingDatabase_KeepsDataAndDoesNotDuplicateSeed()
    {
        using var database = TestDatabase.Create();
        string dataPath;
        using (var first = new MatchmakerApiFactory(database: database))
        {
            dataPath = first.DataPath;
            Assert.Equal(9, (await (await first.CreateClient().GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32());
        }

        using var second = new MatchmakerApiFactory(database: database);
        var client = second.CreateClient();
        Assert.Equal(9, (await (await client.GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32());

        var seeder = second.Services.GetRequiredService<CatalogueSeeder>();
        var report = await seeder.SeedAsync(CancellationToken.None);
        Assert.Equal(new SeedReport(0, 0, 9, 0), report);

        await using var connection = await database.OpenAsync();
        Assert.Equal(9, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemes"));
        Assert.Equal(9, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scheme_revisions"));
        Assert.Equal(342, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM municipalities"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schemes"));
    }

    [Fact]
    public async Task Seed_NeverOverwritesAChangeMadeThroughTheApi_ButRefreshesUntouchedRecords()
    {
        using var factory = new MatchmakerApiFactory();
        var client = factory.CreateClient();
        await using var connection = await factory.Database.OpenAsync();

        // An API write is recorded as origin 'api'; simulate one, and a data/ edit of two records.
        await connection.ExecuteAsync(factory.Database.IsPostgres
            ? "UPDATE schemes SET origin = 'api', document = jsonb_set(document::jsonb, '{title,nl}', '\"Door uitgever gewijzigd\"')::text WHERE id = 't-advice'"
            : "UPDATE schemes SET origin = 'api', document = json_set(document, '$.title.nl', 'Door uitgever gewijzigd') WHERE id = 't-advice'");
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
