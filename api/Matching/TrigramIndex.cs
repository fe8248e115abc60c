namespace Matchmaker.Api.Matching;

// Letter trigrams of known terms, to read a misspelt word as the nearest known one ("machiene" -> "machine").
public sealed class TrigramIndex
{
    private readonly Dictionary<string, List<string>> _grams = new(StringComparer.Ordinal);

    public TrigramIndex(IEnumerable<string> terms)
    {
        foreach (var term in terms.Where(t => t.Length >= 5).Distinct(StringComparer.Ordinal))
        {
            foreach (var gram in Trigrams(term))
            {
                if (!_grams.TryGetValue(gram, out var list))
                {
                    _grams[gram] = list = [];
                }

                list.Add(term);
            }
        }
    }

    // The closest term by Dice overlap of trigrams; null when nothing is close enough.
    public string? Closest(string term)
    {
        if (term.Length < 6)
        {
            return null;
        }

        var grams = Trigrams(term).ToHashSet(StringComparer.Ordinal);
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gram in grams)
        {
            if (_grams.TryGetValue(gram, out var terms))
            {
                foreach (var candidate in terms)
                {
                    shared[candidate] = shared.GetValueOrDefault(candidate) + 1;
                }
            }
        }

        string? best = null;
        var bestScore = 0.0;
        foreach (var (candidate, count) in shared)
        {
            // A slip of the keyboard rarely hits the first letter, while a real word one letter from a known one often
            // differs there ("wandelingen" is no "aandelen", "kosten" no "posten"): the repair keeps the first letter,
            // unless the known word is the compound's head ("solotentoonstelling" is a kind of "tentoonstelling").
            if (candidate[0] != term[0] && !term.EndsWith(candidate, StringComparison.Ordinal))
            {
                continue;
            }

            var dice = 2.0 * count / (grams.Count + candidate.Length);
            if (dice > bestScore || (dice == bestScore && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestScore = dice;
            }
        }

        // 0.6 still catches a swapped pair of letters in a long word ("warmtepmop") without pairing unrelated words.
        return bestScore >= 0.6 ? best : null;
    }

    private static IEnumerable<string> Trigrams(string term)
    {
        var padded = "^" + term + "$";
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            yield return padded.Substring(i, 3);
        }
    }
}
