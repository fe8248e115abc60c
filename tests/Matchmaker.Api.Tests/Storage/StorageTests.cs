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
            await using (var old = await MigratedToAsync(database, 4))
            {
                await old.ExecuteAsync("""
                    INSERT INTO providers (id, name, kind, area_code, website, updated_at) VALUES ('rvo', 'RVO', 'national-agency', NULL, 'https://www.rvo.nl', '2026-01-01');
                    INSERT INTO api_keys (id, name, role, provider_id, secret_hash, created_at, revoked_at)
                    VALUES ('0123456789ab', 'RVO CMS', 'publisher', 'rvo', 'hash', '2026-01-01T00:00:00Z', NULL);
                    """);
            }

            await using var db = new Database(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString });
            var store = new Matchmaker.Api.Security.ApiKeyStore(db, TimeProvider.System);

            // Act
            await MigrateAsync(db);
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
    public async Task Migrate_0014_KeepsTheShownSchemes_OnTheEventAndAsCountsPerDay()
    {
        // Arrange: a database as version 13 left it, with three events of two days and the schemes they showed.
        using var database = TestDatabase.Create();
        await using (var old = await MigratedToAsync(database, 13))
        {
            foreach (var (id, day, shown) in new[] { (1L, "2026-10-05", "a b c d"), (2L, "2026-10-05", "d a"), (3L, "2026-11-02", "") })
            {
                await old.ExecuteAsync(
                    "INSERT INTO demand_events (id, day, month, channel, fitting, unmet) VALUES (@id, @day, @month, 'anonymous', 1, 0)",
                    new { id, day, month = day[..7] });
                // Written in another order than the ranks, so the column's order can only come from them.
                foreach (var (scheme, rank) in shown.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((s, i) => (s, i + 1L)).Reverse())
                {
                    await old.ExecuteAsync("INSERT INTO demand_event_schemes (event_id, scheme_id, rank) VALUES (@id, @scheme, @rank)", new { id, scheme, rank });
                }
            }
        }

        // Act
        await using (var db = new Database(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString }))
        {
            await MigrateAsync(db);
        }

        // Assert
        await using var connection = await database.OpenAsync();
        Assert.Equal(["a b c d", "d a", ""], await connection.QueryAsync<string>("SELECT shown FROM demand_events ORDER BY id"));
        var days = (await connection.QueryAsync<(string Scheme, string Day, string Month, long Shown, long Top3, long RankSum)>(
            "SELECT scheme_id, day, month, shown, top3, rank_sum FROM demand_scheme_days ORDER BY scheme_id, day")).ToList();
        Assert.Equal(
            [("a", "2026-10-05", "2026-10", 2L, 2L, 3L), ("b", "2026-10-05", "2026-10", 1L, 1L, 2L), ("c", "2026-10-05", "2026-10", 1L, 1L, 3L),
             ("d", "2026-10-05", "2026-10", 2L, 1L, 5L)],
            days);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            database.IsPostgres
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'demand_event_schemes'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'demand_event_schemes'"));
    }

    // A new database with the migrations up to this version applied, as a service of that version left it.
    private static async Task<System.Data.Common.DbConnection> MigratedToAsync(TestDatabase database, int version)
    {
        var connection = await database.OpenAsync();
        foreach (var (number, name, sql) in Migrator.LoadMigrations(database.Provider).Where(m => m.Number <= version))
        {
            await connection.ExecuteAsync(sql);
            if (database.IsPostgres)
            {
                await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
                await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (@number, @name, '2026-01-01')", new { number = (long)number, name });
            }
        }

        if (!database.IsPostgres)
        {
            await connection.ExecuteAsync($"PRAGMA user_version = {version}");
        }

        return connection;
    }

    private static Task<int> MigrateAsync(Database db) =>
        new Migrator(db, new ClusterLock(db), Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);

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
