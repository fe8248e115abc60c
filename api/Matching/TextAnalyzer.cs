using System.Globalization;
using System.Text;

namespace Matchmaker.Api.Matching;

// Normalises Dutch and English text to comparable terms: lower case, no diacritics, light suffix stemming.
// The same analysis runs on scheme texts (once, in the snapshot) and on a firm's question (per request).
public static class TextAnalyzer
{
    public static IEnumerable<string> Words(string text)
    {
        var current = new StringBuilder();
        var normalized = text.Normalize(NormalizationForm.FormD);
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (IsApostrophe(c) && IsArticle(normalized, i))
            {
                // "zo'n", "'n": the article "een" written short, not part of the word ("zo'n" is no "zon", sun).
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                i++;
            }
            else if (current.Length > 0 && !IsApostrophe(c))
            {
                yield return current.ToString();
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    // Phones and word processors write the typographic one ("zzp’er", "zo’n"); both are the same mark.
    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    // An apostrophe followed by a lone n: "'n" as a word of its own, never the start of one ("zzp'ers" keeps its s).
    private static bool IsArticle(string text, int apostrophe) =>
        apostrophe + 1 < text.Length && char.ToLowerInvariant(text[apostrophe + 1]) == 'n'
        && (apostrophe + 2 == text.Length || !char.IsLetterOrDigit(text[apostrophe + 2]));

    // Deliberately light: folds plurals and common inflections so panelen/paneel, exporteren/export,
    // "developing"/"develop" meet, without a full stemmer's surprises on short words.
    private static readonly string[] Suffixes = ["ingen", "ities", "ation", "eren", "ing", "ers", "ens", "en", "es", "er", "ed", "s", "e"];

    public static string Stem(string word)
    {
        if (word.Length <= 4 || word.All(char.IsDigit))
        {
            return word;
        }

        // Two rounds, so "innovaties" -> "innovatie" -> "innovati" meets "innovatie" -> "innovati".
        var stem = word;
        for (var round = 0; round < 2; round++)
        {
            var suffix = Array.Find(Suffixes, s => stem.Length - s.Length >= 4 && stem.EndsWith(s, StringComparison.Ordinal));
            if (suffix is null)
            {
                break;
            }

            stem = stem[..^suffix.Length];
        }

        // Dutch doubles or un-doubles vowels and consonants when inflecting: "panelen" -> "panel", "paneel" -> "panel".
        return Undouble(stem);
    }

    private static string Undouble(string stem)
    {
        if (stem.Length >= 4)
        {
            var last = stem[^1];
            if (stem[^2] == last && !char.IsDigit(last))
            {
                return stem[..^1];
            }

            // "paneel" -> "panel", "kapitaal" -> "kapital"
            if (stem.Length >= 5 && stem[^2] == stem[^3] && "aeou".Contains(stem[^2], StringComparison.Ordinal))
            {
                return stem[..^2] + last;
            }
        }

        return stem;
    }

    // The stems of words written as a name: two capitals or more ("ITEA", "BMKB", "InWest"), or a capital where no
    // sentence begins ("via Eurostars"). Sentence starts and words in lower case are ordinary language.
    public static HashSet<string> StemsWrittenAsNames(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sentenceStart = true;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var word = text[start..i];
                var capitals = word.Count(char.IsUpper);
                if (capitals >= 2 || (capitals == 1 && char.IsUpper(word[0]) && !sentenceStart))
                {
                    foreach (var w in Words(word))
                    {
                        names.Add(Stem(w));
                    }
                }

                sentenceStart = false;
                start = -1;
            }

            if (c is '.' or '!' or '?' or ':' or '\n' or '"' or '(')
            {
                sentenceStart = true;
            }
        }

        return names;
    }

    public static IReadOnlyList<string> Terms(string text, IReadOnlySet<string> stopwords) =>
        Words(text).Where(w => !stopwords.Contains(w)).Select(Stem).ToList();
}
