using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Security;

// dotnet run --project api -- apikeys create --role <adviser|publisher|admin> [--provider <id>] [--name <label>]
//                                      list | revoke <id>
public static class ApiKeyCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "apikeys";

    public static async Task<int> RunApiKeysCommandAsync(this WebApplication app, string[] args)
    {
        var services = app.Services;
        var ct = CancellationToken.None;
        // The database may not exist yet: give it its schema and catalogue first, as a start would.
        await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        await services.GetRequiredService<CatalogueSeeder>().SeedAsync(ct);
        var keys = services.GetRequiredService<ApiKeyStore>();
        var lines = new List<string>();
        var exit = 0;
        switch (args.Skip(1).FirstOrDefault())
        {
            case "create":
                var role = Option(args, "--role");
                var provider = Option(args, "--provider");
                var name = Option(args, "--name");
                var problem = role is null || !Roles.All.Contains(role) ? "--role must be adviser, publisher or admin."
                    : role == Roles.Publisher && provider is null ? "A publisher key needs --provider <id>."
                    : role != Roles.Publisher && provider is not null ? "Only a publisher key is bound to a provider."
                    : provider is not null && !await ProviderExistsAsync(services, provider, ct) ? $"There is no provider '{provider}'; see GET /v1/providers."
                    : null;
                if (problem is not null)
                {
                    lines.Add("error: " + problem);
                    exit = 2;
                    break;
                }

                var created = await keys.CreateAsync(role!, provider, name, ct);
                lines.Add($"Created {created.Record.Role} key {created.Record.Id} ({created.Record.Name}){(provider is null ? "" : " for provider " + provider)}.");
                lines.Add("Store it now: it is shown only once and kept only as a hash. Send it in the X-Api-Key header.");
                lines.Add(created.Key);
                break;
            case "list":
                lines.AddRange((await keys.ListAsync(ct)).Select(k =>
                    $"{k.Id}\t{k.Role}\t{k.ProviderId ?? "-"}\t{(k.RevokedAt is null ? "active" : "revoked " + k.RevokedAt)}\t{k.Name}"));
                break;
            case "revoke" when args.Length > 2:
                var revoked = await keys.RevokeAsync(args[2], ct);
                lines.Add(revoked ? $"Revoked key {args[2]}." : $"error: no active key '{args[2]}'.");
                exit = revoked ? 0 : 2;
                break;
            default:
                lines.Add("usage: apikeys create --role <adviser|publisher|admin> [--provider <id>] [--name <label>] | apikeys list | apikeys revoke <id>");
                exit = 2;
                break;
        }

        // Flush the host's log output first, so the key really is the last line.
        await app.DisposeAsync();
        foreach (var line in lines)
        {
            (exit == 0 ? Console.Out : Console.Error).WriteLine(line);
        }

        return exit;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static async Task<bool> ProviderExistsAsync(IServiceProvider services, string id, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<SqliteConnectionFactory>().OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM providers WHERE id = @id", new { id }, cancellationToken: ct)) == 1;
    }
}
