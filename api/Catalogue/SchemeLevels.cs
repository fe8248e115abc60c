namespace Matchmaker.Api.Catalogue;

// The codes of the "levels" list in data/vocabularies.json, widest first (a test checks they are the same).
public static class SchemeLevels
{
    public const string Eu = "eu";
    public const string National = "national";
    public const string Provincial = "provincial";
    public const string Municipal = "municipal";

    public static readonly IReadOnlyList<string> All = [Eu, National, Provincial, Municipal];
}
