using System.Text.Json.Nodes;
using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Options;

using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Catalogue;

public sealed record SeedReport(int Inserted, int Updated, int Unchanged, int KeptApiChanges);

// Fills the database from data/ in one transaction. Rule: a scheme from data/ is inserted when its id is new and
// refreshed when data/ changed it, but only while nobody changed it through the API; an API change is never overwritten.
public sealed class CatalogueSeeder(
    Database db, SchemeValidator validator, IOptions<CatalogueOptions> options, TimeProvider time, ILogger<CatalogueSeeder> logger)
{
    // At start: seed unless this very data/ (and this build) seeded the database already, so that of several nodes
    // starting on one database only the first does the work. Null when it was skipped.
    public async Task<SeedReport?> SeedOnStartAsync(CancellationToken ct)
    {
        var hash = DataHash(options.Value.DataPath);
        await using (var connection = await db.OpenAsync(ct))
        {
            if (await CatalogueVersion.SeedHashAsync(connection, ct) == hash)
            {
                logger.LogInformation("Catalogue seed skipped: the database already holds data/ as it is now");
                return null;
            }
        }

        return await SeedAsync(ct);
    }

    public async Task<SeedReport> SeedAsync(CancellationToken ct)
    {
        var hash = DataHash(options.Value.DataPath);
        var data = CatalogueData.Load(options.Value.DataPath);
        var codes = new Api.Vocabularies.CodeLists(data.Vocabularies);
        Validate(data);
        var now = time.GetUtcNow();

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await Database.BeginCatalogueWriteAsync(connection, ct);

        await ReplaceReferenceDataAsync(connection, transaction, data, ct);

        foreach (var (_, file) in data.ProviderFiles)
        {
            var p = file.Provider;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO providers (id, name, kind, area_code, website, updated_at)
                VALUES (@Id, @Name, @Kind, @AreaCode, @Website, @UpdatedAt)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, area_code = excluded.area_code,
                    website = excluded.website, updated_at = excluded.updated_at
                WHERE providers.name IS DISTINCT FROM excluded.name OR providers.kind IS DISTINCT FROM excluded.kind
                   OR providers.area_code IS DISTINCT FROM excluded.area_code OR providers.website IS DISTINCT FROM excluded.website
                """,
                new { p.Id, p.Name, p.Kind, p.AreaCode, p.Website, UpdatedAt = now.UtcDateTime.ToString("O") },
                transaction, cancellationToken: ct));
        }

        var existing = await SchemeRepository.StoredVersionsAsync(connection, transaction, ct);
        var applied = new List<Applied>();
        foreach (var scheme in data.Schemes)
        {
            applied.Add(await SchemeStore.ApplyAsync(connection, transaction, scheme, existing.GetValueOrDefault(scheme.Id),
                codes.WindowsRequired(scheme.Instrument), VersionSource.Seed, now, write: true, ct));
        }

        await CatalogueVersion.SetSeedHashAsync(connection, transaction, hash, ct);
        await CatalogueVersion.RaiseAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        var report = new SeedReport(
            applied.Count(a => a == Applied.Inserted), applied.Count(a => a == Applied.Refreshed),
            applied.Count(a => a == Applied.Unchanged), applied.Count(a => a == Applied.Kept));
        logger.LogInformation("Catalogue seed from {DataPath}: {Report}", options.Value.DataPath, report);
        return report;
    }

    // data/ passes the same rules as a publisher's write; a start with a broken file fails and says what is wrong.
    private void Validate(CatalogueData data)
    {
        var context = new SchemeValidator.Context(
            data.ProviderFiles.Select(f => f.Content.Provider.Id).ToHashSet(StringComparer.Ordinal),
            data.Provinces.Select(p => p.Code).Concat(data.Municipalities.Select(m => m.Code)).Append(AreaKey.National).ToHashSet(StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (var (file, _) in data.ProviderFiles)
        {
            var node = JsonNode.Parse(File.ReadAllText(Path.Combine(options.Value.DataPath, "providers", file)));
            var schemes = node?["schemes"]?.AsArray() ?? [];
            for (var i = 0; i < schemes.Count; i++)
            {
                problems.AddRange(validator.Validate(schemes[i], context).Problems.Select(p => $"{file} schemes[{i}] {p.Name}: {p.Reason}"));
            }
        }

        var duplicates = data.Schemes.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => $"scheme id '{g.Key}' occurs {g.Count()} times");
        problems.AddRange(duplicates);
        if (problems.Count > 0)
        {
            throw new InvalidDataException("The catalogue in data/ is invalid:\n" + string.Join("\n", problems.Take(50)));
        }
    }

    // Areas and vocabularies are read-only through the API, so data/ is their single source.
    private static async Task ReplaceReferenceDataAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, CatalogueData data, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM municipalities", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM provinces", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM vocabulary_terms", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO provinces (code, name, iso_code) VALUES (@Code, @Name, @IsoCode)", data.Provinces, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO municipalities (code, name, province_code) VALUES (@Code, @Name, @ProvinceCode)", data.Municipalities, transaction, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vocabulary_terms (vocabulary, code, label_nl, label_en, position, details)
            VALUES (@Vocabulary, @Code, @LabelNl, @LabelEn, @Position, @Details)
            """,
            data.Vocabularies.Lists.SelectMany(t => t.Terms.Select((term, i) => new
            {
                Vocabulary = t.Name, term.Code, LabelNl = term.Label.Nl, LabelEn = term.Label.En ?? term.Label.Nl, Position = i,
                Details = System.Text.Json.JsonSerializer.Serialize(term with { Code = "", Label = new LocalizedText("") }, CatalogueJson.Options),
            })),
            transaction, cancellationToken: ct));
    }

    // Every file the seed reads, and the build that reads them: a new release may store the same data differently.
    private static string DataHash(string dataPath)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(typeof(CatalogueSeeder).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var files = Directory.GetFiles(Path.Combine(dataPath, "providers"), "*.json")
            .Concat(Directory.GetFiles(Path.Combine(dataPath, "areas"), "*.json"))
            .Append(Path.Combine(dataPath, "vocabularies.json"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(dataPath, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
