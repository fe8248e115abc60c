using System.Text.Json;
using Matchmaker.Api.Catalogue;

namespace Matchmaker.Benchmarks;

// Writes a data/ folder with the real areas, vocabularies and lexicon and <count> synthetic schemes, for load tests.
public static class SyntheticData
{
    public static void Write(string folder, int count)
    {
        var source = DataPath.Find();
        var data = CatalogueData.Load(source);
        Directory.CreateDirectory(Path.Combine(folder, "providers"));
        Directory.CreateDirectory(Path.Combine(folder, "areas"));
        foreach (var name in new[] { "vocabularies.json", "lexicon.json", "catalogue.schema.json", "match-request.schema.json", "areas/provinces.json", "areas/municipalities.json" })
        {
            File.Copy(Path.Combine(source, name), Path.Combine(folder, name), overwrite: true);
        }

        var real = data.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (s, f.Content.Provider.Name))).ToList();
        var schemes = Synthetic.Expand(real, data.Municipalities, count).Select(s => s.Item1 with { Provider = "synthetic" }).ToList();
        var file = new ProviderFile
        {
            Provider = new ProviderDocument { Id = "synthetic", Name = "Synthetic provider", Kind = "private", Website = "https://example.org" },
            Schemes = schemes,
        };
        File.WriteAllText(Path.Combine(folder, "providers", "synthetic.json"), JsonSerializer.Serialize(file, CatalogueJson.Options));
        Console.WriteLine($"Wrote {schemes.Count} schemes to {folder}");
    }
}
