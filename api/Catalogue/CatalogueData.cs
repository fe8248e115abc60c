using System.Text.Json;

namespace Matchmaker.Api.Catalogue;

public sealed record ProvinceRecord(string Code, string Name, string IsoCode);

public sealed record MunicipalityRecord(string Code, string Name, string ProvinceCode);

public sealed record VocabularyTerm(string Code, LocalizedText Label);

public sealed record Vocabularies(
    IReadOnlyList<VocabularyTerm> Themes,
    IReadOnlyList<VocabularyTerm> Phases,
    IReadOnlyList<VocabularyTerm> Instruments,
    IReadOnlyList<VocabularyTerm> Levels,
    IReadOnlyList<VocabularyTerm> LegalForms,
    IReadOnlyList<VocabularyTerm> SizeClasses);

// Everything in data/, read and parsed; the seed and the data tests both start from here.
public sealed record CatalogueData(
    IReadOnlyList<(string File, ProviderFile Content)> ProviderFiles,
    IReadOnlyList<ProvinceRecord> Provinces,
    IReadOnlyList<MunicipalityRecord> Municipalities,
    Vocabularies Vocabularies)
{
    public IEnumerable<SchemeDocument> Schemes => ProviderFiles.SelectMany(f => f.Content.Schemes);

    public static CatalogueData Load(string dataPath)
    {
        var providerFiles = Directory.GetFiles(Path.Combine(dataPath, "providers"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), Read<ProviderFile>(f)))
            .ToList();
        return new CatalogueData(
            providerFiles,
            Read<List<ProvinceRecord>>(Path.Combine(dataPath, "areas", "provinces.json")),
            Read<List<MunicipalityRecord>>(Path.Combine(dataPath, "areas", "municipalities.json")),
            Read<Vocabularies>(Path.Combine(dataPath, "vocabularies.json")));
    }

    private static T Read<T>(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, CatalogueJson.Options)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid catalogue data: {ex.Message}", ex);
        }
    }
}
