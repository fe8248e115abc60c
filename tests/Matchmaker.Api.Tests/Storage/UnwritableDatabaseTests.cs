using Matchmaker.Api.Tests.Cli;

namespace Matchmaker.Api.Tests.Storage;

// A database path that cannot be written stops the start with one clear message and exit code 1, not SQLite error 14
// and an abort (exit 134).
public sealed class UnwritableDatabaseTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"matchmaker-unwritable-{Guid.NewGuid():N}");

    public UnwritableDatabaseTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (var dir in Directory.GetDirectories(_folder))
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Start_DatabaseFolderIsAFile_StopsWithOneMessageAndExitCode1()
    {
        // Arrange: works as root too, which ignores permissions.
        var notAFolder = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "");
        using var cli = new CliProcess(TestDatabase.Sqlite(Path.Combine(notAFolder, "matchmaker.db")));

        // Act
        var (exit, output, error) = await cli.RunAsync("--urls", "http://127.0.0.1:0");

        // Assert
        Assert.Equal(1, exit);
        AssertOneClearMessage(error, notAFolder);
        Assert.Contains("is a file, not a folder", error);
        Assert.DoesNotContain("Now listening", output);
    }

    [Fact]
    public async Task KeyCommand_DatabaseFolderMissing_StopsWithOneMessageAndExitCode1()
    {
        // Arrange
        var missing = Path.Combine(_folder, "missing");
        using var cli = new CliProcess(TestDatabase.Sqlite(Path.Combine(missing, "matchmaker.db")));

        // Act
        var (exit, _, error) = await cli.RunAsync("apikeys", "list");

        // Assert
        Assert.Equal(1, exit);
        AssertOneClearMessage(error, missing);
        Assert.Contains("does not exist", error);
    }

    [ReadOnlyFolderFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Start_DatabaseInAReadOnlyFolder_StopsWithOneMessageAndExitCode1()
    {
        // Arrange: as in a read-only container folder, for a user that is not root.
        var readOnly = Path.Combine(_folder, "read-only");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(_folder, File.GetUnixFileMode(_folder) | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var cli = new CliProcess(TestDatabase.Sqlite(Path.Combine(readOnly, "matchmaker.db"))) { User = RunUser.IsRoot ? "nobody" : null };
        cli.Environment["HOME"] = Path.GetTempPath();

        // Act
        var (exit, output, error) = await cli.RunAsync("--urls", "http://127.0.0.1:0");

        // Assert
        Assert.Equal(1, exit);
        AssertOneClearMessage(error, readOnly);
        Assert.DoesNotContain("Now listening", output);
        Assert.False(File.Exists(Path.Combine(readOnly, "matchmaker.db")));
    }

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("apikeys", "list")]
    public async Task PostgresServerUnreachable_StopsWithOneMessageAndExitCode1_WithoutThePassword(params string[] args)
    {
        using var cli = new CliProcess(TestDatabase.UnreachablePostgres());

        var (exit, output, error) = await cli.RunAsync(args);

        Assert.Equal(1, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: the PostgreSQL database 127.0.0.1:1/matchmaker cannot be used: ", lines[0]);
        Assert.Contains("ConnectionStrings__Matchmaker", lines[0]);
        Assert.DoesNotContain("not-to-be-shown", error + output);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Now listening", output);
    }

    private static void AssertOneClearMessage(string error, string folder)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: the database ", lines[0]);
        Assert.Contains(folder, lines[0]);
        Assert.Contains("ConnectionStrings__Matchmaker", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Unhandled exception", error);
    }
}
