namespace Matchmaker.Api.Catalogue;

public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";

    // Where the seed files are; the build copies data/ next to the binaries.
    public string DataPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    public bool SeedOnStart { get; set; } = true;

    // How often a node checks the catalogue's version besides listening for changes (PostgreSQL), so a missed
    // notification, or a write by another process on the same SQLite file, reaches its matches within this time.
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);
}
