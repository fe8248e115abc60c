using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
namespace Matchmaker.Api.Catalogue;

// How often one word stands in one scheme's title, summary and keywords.
public readonly record struct WordCount(int Scheme, int Title, int Summary, int Keywords);

// A scheme that has every word of a search, with its bm25 rank (lower is better).
public readonly record struct KeywordHit(int Scheme, double Rank);

// Keyword search for GET /v1/schemes?search=, in memory beside the matching snapshot: every word of the query must
// begin a word of the scheme's title, summary or keywords (folded, so "creme" finds "crème"), ranked by BM25 as SQLite's
// FTS5 ranks them (bm25 with the columns weighted title 4, summary 1, keywords 2), so the same query gives the same
// schemes in the same order on SQLite and PostgreSQL, without a query to the database.
public sealed class KeywordIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double TitleWeight = 4.0;
    private const double SummaryWeight = 1.0;
    private const double KeywordWeight = 2.0;

    private readonly Dictionary<string, WordCount[]> _postings;
    private readonly string[] _words;
    private readonly int[] _lengths;
    private readonly double _averageLength;

    public KeywordIndex(IReadOnlyList<SchemeDocument> schemes)
    {
        var postings = new Dictionary<string, List<WordCount>>(StringComparer.Ordinal);
        _lengths = new int[schemes.Count];
        for (var i = 0; i < schemes.Count; i++)
        {
            _lengths[i] = Add(postings, i, schemes[i]);
        }

        _postings = postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _words = Sorted(_postings.Keys);
        _averageLength = Average(_lengths);
    }

    private KeywordIndex(Dictionary<string, WordCount[]> postings, string[] words, int[] lengths)
    {
        _postings = postings;
        _words = words;
        _lengths = lengths;
        _averageLength = Average(lengths);
    }

    public int Count => _lengths.Length;

    // The texts as FTS5 read them: each language's text folded, title and summary in both languages, all keywords.
    public static (string Title, string Summary, string Keywords) Texts(SchemeDocument d) => (
        FtsQuery.Fold(d.Title.Nl + " " + d.Title.En),
        FtsQuery.Fold(d.Summary.Nl + " " + d.Summary.En),
        FtsQuery.Fold(string.Join(" ; ", (d.Keywords?.Nl ?? []).Concat(d.Keywords?.En ?? []))));

    // The index after scheme number `position` changed from `before` to `after`: that scheme's counts are replaced.
    public KeywordIndex Replace(int position, SchemeDocument before, SchemeDocument after)
    {
        var postings = new Dictionary<string, WordCount[]>(_postings, StringComparer.Ordinal);
        var old = new Dictionary<string, List<WordCount>>(StringComparer.Ordinal);
        Add(old, position, before);
        var now = new Dictionary<string, List<WordCount>>(StringComparer.Ordinal);
        var lengths = (int[])_lengths.Clone();
        lengths[position] = Add(now, position, after);
        var wordsChanged = false;
        foreach (var word in old.Keys.Union(now.Keys))
        {
            var list = postings.TryGetValue(word, out var current) ? current.Where(c => c.Scheme != position).ToList() : [];
            if (now.TryGetValue(word, out var counts))
            {
                var at = list.FindIndex(c => c.Scheme > position);
                list.Insert(at < 0 ? list.Count : at, counts[0]);
            }

            wordsChanged |= current is null || list.Count == 0;
            if (list.Count == 0)
            {
                postings.Remove(word);
            }
            else
            {
                postings[word] = list.ToArray();
            }
        }

        return new KeywordIndex(postings, wordsChanged ? Sorted(postings.Keys) : _words, lengths);
    }

    // Schemes with every word of the query as the start of one of theirs, with FTS5's bm25 (lower is better). Per-scheme
    // sums live in pooled arrays stamped with the word that last reached them, so a word found in every one of 10,000
    // schemes costs no dictionary.
    public List<KeywordHit> Search(IReadOnlyList<string> words)
    {
        var n = Count;
        var frequency = ArrayPool<double>.Shared.Rent(n);
        var score = ArrayPool<double>.Shared.Rent(n);
        var reached = ArrayPool<int>.Shared.Rent(n);
        var kept = ArrayPool<int>.Shared.Rent(n);
        Array.Clear(reached, 0, n);
        Array.Clear(kept, 0, n);
        var touched = new List<int>();
        var found = new List<int>();
        try
        {
            for (var k = 0; k < words.Count; k++)
            {
                // One prefix stands for every word it begins: their hits add up per scheme, weighted by column.
                touched.Clear();
                var word = words[k];
                for (var w = LowerBound(word); w < _words.Length && _words[w].StartsWith(word, StringComparison.Ordinal); w++)
                {
                    foreach (var c in _postings[_words[w]])
                    {
                        if (reached[c.Scheme] != k + 1)
                        {
                            reached[c.Scheme] = k + 1;
                            frequency[c.Scheme] = 0;
                            touched.Add(c.Scheme);
                        }

                        frequency[c.Scheme] += TitleWeight * c.Title + SummaryWeight * c.Summary + KeywordWeight * c.Keywords;
                    }
                }

                // The idf counts every scheme with the word; only those that had all words before stay found.
                var idf = Math.Log((n - touched.Count + 0.5) / (touched.Count + 0.5));
                idf = idf <= 0 ? 1e-6 : idf;
                found.Clear();
                foreach (var scheme in touched)
                {
                    if (kept[scheme] != k)
                    {
                        continue;
                    }

                    var f = frequency[scheme];
                    var part = idf * f * (K1 + 1) / (f + K1 * (1 - B + B * _lengths[scheme] / _averageLength));
                    score[scheme] = (k == 0 ? 0 : score[scheme]) - part;
                    kept[scheme] = k + 1;
                    found.Add(scheme);
                }

                if (found.Count == 0)
                {
                    break;
                }
            }

            var hits = new List<KeywordHit>(found.Count);
            foreach (var scheme in found)
            {
                hits.Add(new KeywordHit(scheme, score[scheme]));
            }

            return hits;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(frequency);
            ArrayPool<double>.Shared.Return(score);
            ArrayPool<int>.Shared.Return(reached);
            ArrayPool<int>.Shared.Return(kept);
        }
    }

    private int LowerBound(string word)
    {
        int low = 0, high = _words.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(_words[mid], word) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    // Adds one scheme's word counts; returns how many words its texts have (FTS5's document length). It runs for every
    // scheme before the service is ready, long before tiering would optimise it, hence compiled optimised at once; and
    // it counts each word through a span, so only a scheme's distinct words become strings.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Add(Dictionary<string, List<WordCount>> postings, int scheme, SchemeDocument document)
    {
        var (title, summary, keywords) = Texts(document);
        var counts = new Dictionary<string, (int Title, int Summary, int Keywords)>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = CountWords(lookup, title, 0) + CountWords(lookup, summary, 1) + CountWords(lookup, keywords, 2);
        foreach (var (word, (t, s, k)) in counts)
        {
            if (!postings.TryGetValue(word, out var list))
            {
                postings[word] = list = [];
            }

            list.Add(new WordCount(scheme, t, s, k));
        }

        return length;
    }

    // FTS5's unicode61 words of a folded text (runs of letters and digits, lower case), counted in their column.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountWords(
        Dictionary<string, (int Title, int Summary, int Keywords)>.AlternateLookup<ReadOnlySpan<char>> counts, string text, int column)
    {
        Span<char> buffer = stackalloc char[64];
        var length = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = text.AsSpan(start, i - start);
                var lower = word.Length <= buffer.Length ? buffer[..word.Length] : new char[word.Length];
                word.ToLowerInvariant(lower);
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, lower, out _);
                switch (column)
                {
                    case 0: count.Title++; break;
                    case 1: count.Summary++; break;
                    default: count.Keywords++; break;
                }

                length++;
                start = -1;
            }
        }

        return length;
    }

    private static string[] Sorted(IEnumerable<string> words)
    {
        var sorted = words.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    private static double Average(int[] lengths) => lengths.Length == 0 ? 1 : Math.Max(1, lengths.Average());
}
