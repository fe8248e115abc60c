using System.CommandLine;
using System.Text.RegularExpressions;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Cli;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Security;

// dotnet run --project api -- apikeys create --role <adviser|publisher|analyst|admin> [--provider <id>] [--organisation <slug>] [--name <label>]
//                                      list | revoke <id>
// They run on the database alone: migrations yes, catalogue seed no.
public static partial class ApiKeyCommands
{
    public static Command Create()
    {
        var role = new Option<string>("--role")
        {
            Description = "What the key may do: adviser (KVK lookups), publisher (one provider's schemes), analyst (demand insights) or admin (everything).",
            Required = true,
            HelpName = string.Join('|', Roles.All),
        };
        role.AcceptOnlyFromAmong(Roles.All);
        var provider = new Option<string?>("--provider") { Description = "The provider a publisher key writes for (an id from GET /v1/providers).", HelpName = "id" };
        var organisation = new Option<string?>("--organisation")
        {
            Description = "The organisation an adviser (or admin) key belongs to (kebab-case slug, not a provider id); saved profiles and webhooks are shared within it.",
            HelpName = "slug",
        };
        organisation.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } slug && (slug.Length > 64 || !Slug().IsMatch(slug)))
            {
                r.AddError("--organisation must be a kebab-case slug of at most 64 characters, such as kvk-zuid or rom-utrecht-region.");
            }
        });
        var name = new Option<string?>("--name") { Description = "A label that says whose key it is (default: '<role> key <id>').", HelpName = "label" };
        var create = new Command("create", "Create a key; it is printed once, as the last line, and stored only as a hash.") { role, provider, organisation, name };
        create.SetAction((parse, ct) => CreateKeyAsync(
            parse.GetValue(role)!, parse.GetValue(provider), parse.GetValue(organisation), parse.GetValue(name),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));

        var list = new Command("list", "List every key: id, role, provider, state, name and organisation, tab-separated (never the secret).");
        list.SetAction((parse, ct) => ListKeysAsync(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));

        var id = new Argument<string>("id") { Description = "The key id: the part between mm_ and the next underscore." };
        var revoke = new Command("revoke", "Revoke a key; requests with it get 401 from then on.") { id };
        revoke.SetAction((parse, ct) => RevokeKeyAsync(parse.GetValue(id)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));

        return new Command("apikeys", "Create, list and revoke the API keys that clients send in the X-Api-Key header.") { create, list, revoke };
    }

    private static async Task<int> CreateKeyAsync(
        string role, string? provider, string? organisation, string? name, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var host = await CommandHost.OpenDatabaseAsync(error, ct);
        if (host is null)
        {
            return 1;
        }

        var problem = role == Roles.Publisher && provider is null ? "A publisher key needs --provider <id>."
            : role != Roles.Publisher && provider is not null ? "Only a publisher key is bound to a provider."
            : role is not (Roles.Adviser or Roles.Admin) && organisation is not null
                ? "Only an adviser (or admin) key belongs to an organisation; a publisher's organisation is its provider."
            : provider is not null && !await ProviderExistsAsync(host.Services, provider, ct) ? $"There is no provider '{provider}'; see GET /v1/providers."
            // Saved data and webhooks are kept per organisation, and a publisher's organisation is its provider id.
            : organisation is not null && await ProviderExistsAsync(host.Services, organisation, ct)
                ? $"'{organisation}' is a provider id, the organisation of that provider's publisher keys; choose another slug."
            : null;
        if (problem is not null)
        {
            await error.WriteLineAsync("error: " + problem);
            return MatchmakerCli.UsageError;
        }

        var created = await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(role, provider, organisation, name, ct);
        var scope = provider is not null ? " for provider " + provider : organisation is not null ? " of organisation " + organisation : "";
        // Flush the log output first, so the key really is the last line.
        host.Dispose();
        await output.WriteLineAsync($"Created {created.Record.Role} key {created.Record.Id} ({created.Record.Name}){scope}.");
        await output.WriteLineAsync("Store it now: it is shown only once and kept only as a hash. Send it in the X-Api-Key header.");
        await output.WriteLineAsync(created.Key);
        return 0;
    }

    private static async Task<int> ListKeysAsync(TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var host = await CommandHost.OpenDatabaseAsync(error, ct);
        if (host is null)
        {
            return 1;
        }

        var keys = await host.Services.GetRequiredService<ApiKeyStore>().ListAsync(ct);
        host.Dispose();
        foreach (var k in keys)
        {
            await output.WriteLineAsync(
                $"{k.Id}\t{k.Role}\t{k.ProviderId ?? "-"}\t{(k.RevokedAt is null ? "active" : "revoked " + k.RevokedAt)}\t{k.Name}\t{k.Organisation ?? "-"}");
        }

        return 0;
    }

    private static async Task<int> RevokeKeyAsync(string id, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var host = await CommandHost.OpenDatabaseAsync(error, ct);
        if (host is null)
        {
            return 1;
        }

        var revoked = await host.Services.GetRequiredService<ApiKeyStore>().RevokeAsync(id, ct);
        host.Dispose();
        await (revoked ? output : error).WriteLineAsync(revoked ? $"Revoked key {id}." : $"error: no active key '{id}'.");
        return revoked ? 0 : MatchmakerCli.UsageError;
    }

    // Without the seed the database may not hold the providers yet; data/ is where they come from, so it counts too.
    private static async Task<bool> ProviderExistsAsync(IServiceProvider services, string id, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<Database>().OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM providers WHERE id = @id", new { id }, cancellationToken: ct)) == 1)
        {
            return true;
        }

        var dataPath = services.GetRequiredService<IOptions<CatalogueOptions>>().Value.DataPath;
        return Directory.Exists(Path.Combine(dataPath, "providers")) && CatalogueData.LoadProviders(dataPath).Any(p => p.Id == id);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
