using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Insights;

// The words of a question that matching could not place: no stopword, function word or common word, no purpose word, no lexicon term, no word of
// any scheme's title, keywords or summary, and no compound of those. Frequent ones show needs the catalogue does not
// speak of. Anything that looks like an address, a number or a code (an e-mail address, a URL, a postcode, a KVK
// number, "J.Jansen") is dropped whole, before it is split into words.
public static class UnrecognisedWords
{
    public const int MinLength = 3;
    public const int MaxLength = 40;
    public const int MaxPerQuestion = 20;

    private static readonly char[] Edges = ['.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '\'', '‘', '’', '“', '”', '-', '–'];

    public static IReadOnlyList<string> Of(string? description, CatalogueSnapshot snapshot)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return [];
        }

        var lexicon = snapshot.Lexicon;
        var words = new List<string>();
        foreach (var raw in description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Trim(Edges);
            if (token.Length == 0 || LooksLikeAnIdentifier(token))
            {
                continue;
            }

            foreach (var word in TextAnalyzer.Words(token))
            {
                if (word.Length is < MinLength or > MaxLength || !word.All(char.IsAsciiLetterLower) || lexicon.Stopwords.Contains(word)
                    || lexicon.FunctionWords.Contains(word) || lexicon.CommonWords.Contains(word) || lexicon.LevelOf.ContainsKey(word) || Known(TextAnalyzer.Stem(word), snapshot)
                    || words.Contains(word, StringComparer.Ordinal))
                {
                    continue;
                }

                words.Add(word);
                if (words.Count == MaxPerQuestion)
                {
                    return words;
                }
            }
        }

        return words;
    }

    // Digits, '@', slashes, a dot inside the token and the like: a number, an address or a code, never a need.
    private static bool LooksLikeAnIdentifier(string token)
    {
        foreach (var c in token)
        {
            if (char.IsDigit(c) || c is '@' or '/' or '\\' or ':' or '_' or '#' or '+' or '=' or '&' or '%' or '~' or '.' or '<' or '>' or '|')
            {
                return true;
            }
        }

        return false;
    }

    private static bool Known(string stem, CatalogueSnapshot snapshot) =>
        snapshot.Purposes.Knows(stem)
        || snapshot.Lexicon.ConceptStems.Contains(stem)
        || snapshot.Index.Contains(stem)
        || snapshot.Index.SplitCompound(stem).Length > 0
        || snapshot.Purposes.Recognise([stem]).Count > 0;
}
