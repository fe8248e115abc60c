using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Cli;

// The services a command runs on: the same configuration sources as the web host (appsettings, user secrets in
// Development, environment variables; not the command line, which belongs to the command), logs on stderr so that
// stdout carries only the command's own output, and the database with its migrations.
public static class CommandHost
{
    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(CommandHost).Assembly.GetName().Name,
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                              ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                              ?? Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddDatabase();
        builder.Services.AddCatalogueSeed();
        builder.Services.AddApiKeyStore();
        return builder.Build();
    }

    // Migrated and known to be writable, or null after one message on stderr (exit code 1).
    public static async Task<IHost?> OpenDatabaseAsync(TextWriter error, CancellationToken ct)
    {
        var host = Build();
        if (!await host.Services.CheckDatabaseIsWritableAsync(error))
        {
            host.Dispose();
            return null;
        }

        await host.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
        return host;
    }
}
