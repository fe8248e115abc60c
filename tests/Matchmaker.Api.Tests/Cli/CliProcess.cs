using System.Diagnostics;

namespace Matchmaker.Api.Tests.Cli;

// Runs the built service as a user would (dotnet Matchmaker.Api.dll ...), with its own database file.
// A command that started the web server instead would never exit; the timeout turns that into a failure.
public sealed class CliProcess : IDisposable
{
    // Generous: a start-up, migration and seed can take a while on a busy 2-core machine running the whole suite.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly bool _ownsDatabase;

    public CliProcess(TestDatabase? database = null)
    {
        _ownsDatabase = database is null;
        Database = database ?? TestDatabase.Create();
    }

    public TestDatabase Database { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    // Run as another user (through runuser), for the tests that need file permissions to count while root.
    public string? User { get; init; }

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Matchmaker.Api.dll");

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = User is null ? new ProcessStartInfo("dotnet") : new ProcessStartInfo(RunUser.Path!);
        if (User is not null)
        {
            foreach (var arg in new[] { "-u", User, "--", "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Database.AddTo(start.Environment);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' did not exit within {Timeout.TotalSeconds} s (did it start the web server?). Output: {await output}");
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }
}

// runuser lets a root test process start the child as an unprivileged user, so that file permissions apply.
public static class RunUser
{
    public static string? Path { get; } = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists);

    public static bool IsRoot => OperatingSystem.IsLinux() && File.ReadLines("/proc/self/status")
        .FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";

    // Whether user "nobody" can reach and read the built service: every folder on the way searchable, the files readable.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static bool NobodyCanRunTheService()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        for (var dir = folder; dir is not null; dir = dir.Parent)
        {
            if (!File.GetUnixFileMode(dir.FullName).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return File.GetUnixFileMode(CliProcess.DllPath).HasFlag(UnixFileMode.OtherRead)
               && File.GetUnixFileMode(System.IO.Path.Combine(AppContext.BaseDirectory, "Matchmaker.Api.runtimeconfig.json")).HasFlag(UnixFileMode.OtherRead);
    }
}

// A folder made read-only counts only for a user that is not root: runs the child as "nobody" when the tests run as root,
// and skips where neither works (Windows, no runuser, a build folder that nobody may read).
public sealed class ReadOnlyFolderFactAttribute : FactAttribute
{
    public ReadOnlyFolderFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Unix file permissions are needed.";
        }
        else if (RunUser.IsRoot && (RunUser.Path is null || OperatingSystem.IsWindows() || !RunUser.NobodyCanRunTheService()))
        {
            Skip = "Running as root (which ignores permissions) without a way to run the service as user nobody.";
        }
    }
}
