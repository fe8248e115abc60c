using Dapper;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Tests.Cli;

namespace Matchmaker.Api.Tests.Security;

// Runs the built service as a new user would: dotnet Matchmaker.Api.dll apikeys ...
public sealed class ApiKeyCommandTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => _cli.RunAsync(args);

    [Fact]
    public async Task Create_PrintsTheKeyLast_ListShowsIt_RevokeEndsIt()
    {
        // Act
        var created = await RunAsync("apikeys", "create", "--role", "publisher", "--provider", "rvo", "--name", "RVO CMS");
        var key = created.Out.TrimEnd().Split('\n')[^1];
        var id = key.Split('_')[1];
        var listed = await RunAsync("apikeys", "list");
        var revoked = await RunAsync("apikeys", "revoke", id);
        var after = await RunAsync("apikeys", "list");

        // Assert
        Assert.Equal(0, created.Exit);
        Assert.Matches("^mm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains($"{id}\tpublisher\trvo\tactive\tRVO CMS", listed.Out);
        Assert.DoesNotContain(key.Split('_', 3)[2], listed.Out);
        Assert.Equal(0, revoked.Exit);
        Assert.Contains("revoked", after.Out.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_AnalystAndAdviserWithOrganisation_AreStoredWithTheirOrganisation()
    {
        // Act
        var analyst = await RunAsync("apikeys", "create", "--role", "analyst", "--name", "Provincie Gelderland beleid");
        var adviser = await RunAsync("apikeys", "create", "--role", "adviser", "--organisation", "kvk-zuid", "--name", "KVK Zuid");
        var listed = await RunAsync("apikeys", "list");

        // Assert
        Assert.Equal(0, analyst.Exit);
        Assert.Equal(0, adviser.Exit);
        var analystId = analyst.Out.TrimEnd().Split('\n')[^1].Split('_')[1];
        var adviserId = adviser.Out.TrimEnd().Split('\n')[^1].Split('_')[1];
        Assert.Contains($"{analystId}\tanalyst\t-\tactive\tProvincie Gelderland beleid\t-", listed.Out);
        Assert.Contains($"{adviserId}\tadviser\t-\tactive\tKVK Zuid\tkvk-zuid", listed.Out);
    }

    [Fact]
    public async Task KeyCommands_OnANewDatabase_MigrateButNeverSeedTheCatalogue()
    {
        // Act: a publisher key for a provider that so far exists only in data/.
        var created = await RunAsync("apikeys", "create", "--role", "publisher", "--provider", "rvo");
        var listed = await RunAsync("apikeys", "list");

        // Assert
        Assert.Equal(0, created.Exit);
        Assert.Equal(0, listed.Exit);
        await using var connection = await _cli.Database.OpenAsync();
        Assert.Equal(Migrator.LoadMigrations(_cli.Database.Provider).Max(m => m.Number), await _cli.Database.MigrationVersionAsync());
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemes"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM providers"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM municipalities"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys WHERE provider_id = 'rvo'"));
    }

    [Theory]
    [InlineData("apikeys", "create", "--role", "king")]
    [InlineData("apikeys", "create", "--role", "publisher")]
    [InlineData("apikeys", "create", "--role", "publisher", "--provider", "nobody")]
    [InlineData("apikeys", "create", "--role", "adviser", "--provider", "rvo")]
    [InlineData("apikeys", "create", "--role", "publisher", "--provider", "rvo", "--organisation", "kvk-zuid")]
    [InlineData("apikeys", "create", "--role", "adviser", "--organisation", "KVK Zuid")]
    [InlineData("apikeys", "create")]
    [InlineData("apikeys", "revoke", "ffffffffffff")]
    [InlineData("apikeys", "revoke")]
    [InlineData("apikeys", "rotate")]
    [InlineData("apikeys")]
    public async Task BadArguments_ExitWithAMessage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
