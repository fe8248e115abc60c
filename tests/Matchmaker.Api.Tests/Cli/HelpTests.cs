namespace Matchmaker.Api.Tests.Cli;

public sealed class HelpTests : IDisposable
{
    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_ListsTheCommands_AndExitsWithoutStartingTheServerOrTouchingTheDatabase()
    {
        // Act
        var (exit, output, _) = await _cli.RunAsync("--help");

        // Assert
        Assert.Equal(0, exit);
        Assert.Contains("apikeys", output);
        Assert.Contains("catalogue", output);
        Assert.Contains("database", output);
        Assert.Contains("insights", output);
        Assert.DoesNotContain("Now listening", output);
        Assert.False(_cli.Database.HasSchema());
    }

    [Theory]
    [InlineData("apikeys", "create")]
    [InlineData("apikeys", "list")]
    [InlineData("apikeys", "revoke")]
    [InlineData("apikeys", "")]
    [InlineData("catalogue", "report")]
    [InlineData("catalogue", "check-links")]
    [InlineData("catalogue", "")]
    [InlineData("database", "copy")]
    [InlineData("database", "")]
    [InlineData("insights", "simulate")]
    [InlineData("insights", "")]
    public async Task Help_OnEveryCommand_DescribesItsOptions(string command, string subcommand)
    {
        // Act
        string[] args = subcommand.Length == 0 ? [command, "--help"] : [command, subcommand, "--help"];
        var (exit, output, _) = await _cli.RunAsync(args);

        // Assert
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output);
        Assert.Contains($"{command} {subcommand}".Trim(), output);
        Assert.False(_cli.Database.HasSchema());
        if (subcommand == "create")
        {
            Assert.Contains("--role <adviser|publisher|analyst|admin>", output);
            Assert.Contains("--organisation <slug>", output);
        }

        if (subcommand == "simulate")
        {
            Assert.Contains("--requests <n>", output);
            Assert.Contains("--days <n>", output);
            Assert.Contains("--seed <n>", output);
        }

        if (subcommand == "check-links")
        {
            Assert.Contains("--concurrency <n>", output);
            Assert.Contains("--timeout <seconds>", output);
            Assert.Contains("--data <path>", output);
        }

        if (subcommand == "copy")
        {
            Assert.Contains("--to <connection-string>", output);
        }
    }
}
