using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Tests.Cli;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Storage;

// database copy, run as a user would: dotnet Matchmaker.Api.dll database copy --to "<npgsql connection string>".
// The refusals need no PostgreSQL server; the copy itself runs when MATCHMAKER_TEST_POSTGRES is set.
public sealed class DatabaseCopyTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=x;Database=y;Timeout=2";

    [Fact]
    public async Task Copy_CoversEveryTableAndColumnOfTheSchema()
    {
        // A migration that adds a table or a column must add it to the copy too, or a copy would silently drop it.
        using var database = TestDatabase.Sqlite();
        await using (var db = new Database(new DatabaseOptions { ConnectionString = database.ConnectionString }))
        {
            await new Migrator(db, new ClusterLock(db), Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        await using var connection = await database.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'schemes_fts_%'")).ToList();
        var schema = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => t is not "catalogue_state" and not "caseload_state"))
        {
            schema[table] = (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info(@table)", new { table })).ToArray();
        }

        var copied = await DatabaseCopy.CopiedColumnsAsync((SqliteConnection)connection);
        Assert.Equal(schema.Keys.Order(), copied.Keys.Order());
        Assert.All(schema, t => Assert.Equal(t.Value.Order(), copied[t.Key].Order()));
    }

    [Fact]
    public async Task Copy_TargetCannotBeReached_ExitsWith1AndOneLine()
    {
        // Arrange: a SQLite database that exists (the key command migrates it).
        using var cli = new CliProcess(TestDatabase.Sqlite());
        Assert.Equal(0, (await cli.RunAsync("apikeys", "list")).Exit);

        // Act
        var (exit, output, error) = await cli.RunAsync("database", "copy", "--to", Unreachable);

        // Assert
        Assert.Equal(1, exit);
        var line = AssertOneLine(error);
        Assert.StartsWith("error: the PostgreSQL database 127.0.0.1:1/y cannot be used, and nothing was copied: ", line);
        Assert.Contains("--to", line);
        Assert.DoesNotContain("Copied", output);
    }

    [Fact]
    public async Task Copy_ToIsNoConnectionString_IsAUsageError()
    {
        // Arrange
        using var cli = new CliProcess(TestDatabase.Sqlite());
        Assert.Equal(0, (await cli.RunAsync("apikeys", "list")).Exit);

        // Act
        var (exit, _, error) = await cli.RunAsync("database", "copy", "--to", "Hots=db");

        // Assert
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --to is not an Npgsql connection string", AssertOneLine(error));
    }

    [Fact]
    public async Task Copy_SourceIsPostgres_IsRefusedWithoutConnecting()
    {
        // Arrange: the settings of a service that runs on PostgreSQL already (a server that is not there).
        using var cli = new CliProcess(TestDatabase.Sqlite());
        cli.Environment["Database__Provider"] = "postgres";
        cli.Environment["ConnectionStrings__Matchmaker"] = Unreachable;

        // Act
        var (exit, _, error) = await cli.RunAsync("database", "copy", "--to", Unreachable);

        // Assert
        Assert.Equal(1, exit);
        Assert.Contains("Database__Provider is 'postgres'", AssertOneLine(error));
    }

    [Fact]
    public async Task Copy_SourceFileMissing_IsRefusedAndCreatesNoFile()
    {
        // Arrange
        using var cli = new CliProcess(TestDatabase.Sqlite());

        // Act
        var (exit, _, error) = await cli.RunAsync("database", "copy", "--to", Unreachable);

        // Assert
        Assert.Equal(1, exit);
        var line = AssertOneLine(error);
        Assert.Contains("no SQLite database file", line);
        Assert.Contains(cli.Database.Name, line);
        Assert.False(cli.Database.HasSchema());
    }

    [PostgresFact]
    public async Task Copy_ADatabaseInUse_ServesTheSameOnPostgres_AndASecondCopyIsRefused()
    {
        var dataPath = TestPaths.FixtureData();
        try
        {
            // Arrange: a service on SQLite with a publisher's change, a key, feedback and an audit log.
            using var source = TestDatabase.Sqlite();
            string key;
            int schemes;
            using (var sqlite = new MatchmakerApiFactory(database: source, dataPath: dataPath))
            {
                key = await sqlite.CreateKeyAsync("publisher", "provincie-test");
                var publisher = WithKey(sqlite.CreateClient(), key);
                var updated = await RenameAsync(publisher, "t-brabant-fund", "Brabants koffiebranderijfonds");
                Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
                var feedback = await sqlite.CreateClient().PostAsync("/v1/schemes/t-advice/feedback", Body("""{ "message": "De link werkt niet meer." }"""));
                Assert.Equal(HttpStatusCode.Accepted, feedback.StatusCode);
                schemes = (await (await sqlite.CreateClient().GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32();
            }

            // A title with diacritics, written straight into the file: the copy keeps it as written, and search folds it.
            await using (var connection = await source.OpenAsync())
            {
                await connection.ExecuteAsync("UPDATE schemes SET document = json_set(document, '$.title.nl', 'Gratis advies over crème brûlée') WHERE id = 't-advice'");
            }

            using var target = TestDatabase.Postgres();
            using var cli = new CliProcess(source);

            // Act
            var copied = await cli.RunAsync("database", "copy", "--to", target.ConnectionString);
            var again = await cli.RunAsync("database", "copy", "--to", target.ConnectionString);

            // Assert: the report, then the refusal of a second copy.
            Assert.True(copied.Exit == 0, copied.Err);
            Assert.Matches($@"(?m)^schemes\s+{schemes} rows$", copied.Out);
            Assert.Matches(@"(?m)^feedback\s+1 row$", copied.Out);
            Assert.Matches(@"(?m)^api_keys\s+1 row$", copied.Out);
            Assert.StartsWith("Copied ", copied.Out.TrimEnd().Split('\n')[^1]);
            Assert.Equal(1, again.Exit);
            Assert.Contains("already holds data (", AssertOneLine(again.Err));
            Assert.Contains("schemes: " + schemes, again.Err);

            // The service on the copy: the same catalogue, the publisher's change with its version and history, its key.
            using var postgres = new MatchmakerApiFactory(database: target, dataPath: dataPath);
            var client = postgres.CreateClient();
            Assert.Equal(schemes, (await (await client.GetAsync("/v1/schemes")).JsonAsync()).GetProperty("totalItems").GetInt32());
            var fund = await (await client.GetAsync("/v1/schemes/t-brabant-fund")).JsonAsync();
            Assert.Equal("Brabants koffiebranderijfonds", fund.GetProperty("title").GetProperty("nl").GetString());
            Assert.Equal(2, fund.GetProperty("version").GetInt32());
            Assert.Contains("t-brabant-fund", (await (await client.GetAsync("/v1/schemes?search=koffiebranderij")).JsonAsync()).Ids());
            Assert.Contains("t-advice", (await (await client.GetAsync("/v1/schemes?search=creme")).JsonAsync()).Ids());

            // The old key still writes, and its audit entry gets an id after the copied ones.
            var publisherOnPostgres = WithKey(postgres.CreateClient(), key);
            var next = await RenameAsync(publisherOnPostgres, "t-brabant-fund", "Brabants koffiebranderijfonds 2027");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal(3, (await next.JsonAsync()).GetProperty("version").GetInt32());
            var revisions = await (await publisherOnPostgres.GetAsync("/v1/schemes/t-brabant-fund/revisions")).JsonAsync();
            Assert.Equal([3, 2, 1], revisions.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));

            var admin = WithKey(postgres.CreateClient(), await postgres.CreateKeyAsync("admin"));
            var items = (await (await admin.GetAsync("/v1/feedback")).JsonAsync()).GetProperty("items");
            Assert.Equal("De link werkt niet meer.", items.EnumerateArray().Single().GetProperty("message").GetString());
            await using var copy = await target.OpenAsync();
            Assert.Equal(2, await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE scheme_id = 't-brabant-fund'"));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [PostgresFact]
    public async Task Copy_ARowPostgresRefuses_CopiesNothing_AndTheCopyCanBeRunAgain()
    {
        // Arrange: a key and a provider, then feedback on a scheme that is not there, written past SQLite's foreign key
        // check (as a file damaged by hand would hold it); PostgreSQL always checks.
        using var source = TestDatabase.Sqlite();
        using var cli = new CliProcess(source);
        Assert.Equal(0, (await cli.RunAsync("apikeys", "create", "--role", "admin")).Exit);
        await using (var connection = await source.OpenAsync())
        {
            await connection.ExecuteAsync("""
                PRAGMA foreign_keys = OFF;
                INSERT INTO providers (id, name, kind, area_code, website, updated_at) VALUES ('rvo', 'RVO', 'national-agency', NULL, 'https://www.rvo.nl', '2026-01-01');
                INSERT INTO feedback (id, scheme_id, field, message, received_at) VALUES ('0123456789abcdef', 'gone', NULL, 'Weg?', '2026-01-01T00:00:00Z');
                """);
        }

        using var target = TestDatabase.Postgres();

        // Act
        var failed = await cli.RunAsync("database", "copy", "--to", target.ConnectionString);

        // Assert: one line with PostgreSQL's reason, and a target without a single row.
        Assert.Equal(1, failed.Exit);
        var line = AssertOneLine(failed.Err);
        Assert.StartsWith("error: PostgreSQL refused a row of the SQLite database, and nothing was copied", line);
        Assert.Contains("23503", line);
        Assert.Contains("feedback", line);
        await using (var copy = await target.OpenAsync())
        {
            Assert.Equal(0, await copy.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM providers) + (SELECT COUNT(*) FROM api_keys)"));
        }

        // Once the row is gone, the same target takes the copy.
        await using (var connection = await source.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM feedback WHERE scheme_id = 'gone'");
        }

        var retried = await cli.RunAsync("database", "copy", "--to", target.ConnectionString);
        Assert.True(retried.Exit == 0, retried.Err);
        Assert.Matches(@"(?m)^providers\s+1 row$", retried.Out);
        Assert.Matches(@"(?m)^api_keys\s+1 row$", retried.Out);
    }

    private static HttpClient WithKey(HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<HttpResponseMessage> RenameAsync(HttpClient publisher, string id, string title)
    {
        var read = await publisher.GetAsync($"/v1/schemes/{id}");
        var body = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        body["title"]!["nl"] = title;
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/schemes/{id}") { Content = Body(body) };
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        return await publisher.SendAsync(request);
    }

    private static string AssertOneLine(string error)
    {
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Unhandled exception", error);
        return Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

// The copy needs a PostgreSQL server: skipped without one, as CI's SQLite run has none.
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.AnyPostgresServer is null)
        {
            Skip = $"Set {TestDatabase.PostgresVariable} or {TestDatabase.ServerVariable} to an Npgsql connection string of a server where databases may be created.";
        }
    }
}
