using System.Diagnostics;

namespace Matchmaker.Api.Tests.Security;

// Runs the built service as a new user would: dotnet Matchmaker.Api.dll apikeys ...
public sealed class ApiKeyCommandTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"matchmaker-cli-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database + suffix);
        }
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Matchmaker.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Matchmaker"] = $"Data Source={_database}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

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

    [Theory]
    [InlineData("apikeys", "create", "--role", "king")]
    [InlineData("apikeys", "create", "--role", "publisher")]
    [InlineData("apikeys", "create", "--role", "publisher", "--provider", "nobody")]
    [InlineData("apikeys", "create", "--role", "adviser", "--provider", "rvo")]
    [InlineData("apikeys", "revoke", "ffffffffffff")]
    [InlineData("apikeys")]
    public async Task BadArguments_ExitWithAMessage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
