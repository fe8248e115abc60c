namespace Matchmaker.Api.Catalogue;

public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";

    // Where the seed files are; the build copies data/ next to the binaries.
    public string DataPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    public bool SeedOnStart { get; set; } = true;
}
