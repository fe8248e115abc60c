using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Catalogue;

// The codes of the "levels" list in data/vocabularies.json, widest first (a test checks they are the same).
public static class SchemeLevels
{
    public static readonly string Eu = VocabularyCode.Of("levels", nameof(Eu));
    public static readonly string National = VocabularyCode.Of("levels", nameof(National));
    public static readonly string Provincial = VocabularyCode.Of("levels", nameof(Provincial));
    public static readonly string Municipal = VocabularyCode.Of("levels", nameof(Municipal));

    public static readonly IReadOnlyList<string> All = [Eu, National, Provincial, Municipal];

    // Widest first; a level outside the list after all of them.
    public static int Order(string level)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == level)
            {
                return i;
            }
        }

        return All.Count;
    }
}
