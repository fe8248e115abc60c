using System.Runtime.CompilerServices;

namespace Matchmaker.Api.Matching;

public readonly record struct Posting(int Scheme, float Weight);

// The analysed words of each scheme text, kept from one snapshot to the next: a write changes one scheme, and analysing
// the texts of all the others again was most of the cost of a rebuild. Only the texts the last build used are kept, so
// those of changed and removed schemes do not pile up; a different lexicon (other stopwords) starts afresh. The typo
// index is kept too while the indexed words stay the same, as they do for most writes (a date, an amount, a rule).
public sealed class TermCache
{
    private Kept? _kept;
    private KeptTrigrams? _trigrams;

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? For(Lexicon lexicon) =>
        Volatile.Read(ref _kept) is { } kept && ReferenceEquals(kept.Lexicon, lexicon) ? kept.Terms : null;

    public void Keep(Lexicon lexicon, IReadOnlyDictionary<string, IReadOnlyList<string>> terms) => Volatile.Write(ref _kept, new Kept(lexicon, terms));

    public TrigramIndex TrigramsOf(HashSet<string> words)
    {
        if (Volatile.Read(ref _trigrams) is { } kept && kept.Words.SetEquals(words))
        {
            return kept.Index;
        }

        var index = new TrigramIndex(words);
        Volatile.Write(ref _trigrams, new KeptTrigrams(words, index));
        return index;
    }

    private sealed record Kept(Lexicon Lexicon, IReadOnlyDictionary<string, IReadOnlyList<string>> Terms);

    private sealed record KeptTrigrams(HashSet<string> Words, TrigramIndex Index);
}

// An inverted index over the schemes' own words, built once per snapshot; matching only reads it. A write that changes
// one scheme's texts patches it (Replace) instead of building it again, as long as that leaves the words the index knows
// unchanged.
public sealed class RelevanceIndex
{
    public const float TitleWeight = 1.0f;
    public const float KeywordWeight = 0.9f;
    public const float SummaryWeight = 0.6f;
    public const float CompoundPartFactor = 0.8f;

    private readonly Dictionary<string, Posting[]> _postings;
    private readonly HashSet<string> _vocabulary;
    private readonly TrigramIndex _trigrams;

    // What compounds are split against: every scheme's own words and the lexicon's. With how many schemes use each own
    // word, so a patch knows whether it changes that set (and so, possibly, the splitting of every other scheme).
    private readonly HashSet<string> _splitVocabulary;
    private readonly Dictionary<string, int> _ownWordUse;
    private readonly Lexicon _lexicon;

    // Runs over every scheme before the service is ready, long before tiering would optimise it: compiled optimised at
    // once, as are the helpers it calls for every text.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RelevanceIndex(IReadOnlyList<(string Title, string Keywords, string Summary)> documents, Lexicon lexicon, TermCache? cache = null)
    {
        DocumentCount = documents.Count;
        _lexicon = lexicon;
        var known = cache?.For(lexicon);
        var used = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        IReadOnlyList<string> TermsOf(string text)
        {
            if (!used.TryGetValue(text, out var terms))
            {
                used[text] = terms = known is not null && known.TryGetValue(text, out var kept) ? kept : TextAnalyzer.Terms(text, lexicon.Stopwords);
            }

            return terms;
        }

        var perScheme = new List<Dictionary<string, float>>(documents.Count);
        foreach (var document in documents)
        {
            perScheme.Add(OwnTerms(document, TermsOf));
        }

        cache?.Keep(lexicon, used);

        _ownWordUse = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var terms in perScheme)
        {
            foreach (var term in terms.Keys)
            {
                _ownWordUse[term] = _ownWordUse.GetValueOrDefault(term) + 1;
            }
        }

        // Dutch writes compounds as one word: also index the known parts of "energiebesparing" so "energie besparen" finds it.
        _splitVocabulary = _ownWordUse.Keys.Concat(lexicon.ConceptStems).ToHashSet(StringComparer.Ordinal);
        // Most words stand in many schemes: split each distinct one once.
        var parts = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var terms in perScheme)
        {
            AddParts(terms, _splitVocabulary, parts);
        }

        var postings = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        for (var i = 0; i < perScheme.Count; i++)
        {
            foreach (var (term, weight) in perScheme[i])
            {
                if (!postings.TryGetValue(term, out var list))
                {
                    postings[term] = list = [];
                }

                list.Add(new Posting(i, weight));
            }
        }

        _postings = postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = _postings.Keys.ToHashSet(StringComparer.Ordinal);
        _trigrams = cache?.TrigramsOf(_vocabulary) ?? new TrigramIndex(_vocabulary);
        _splits = new WordMemo<string[]>();
        _closest = new WordMemo<string?>();
    }

    private RelevanceIndex(RelevanceIndex from, Dictionary<string, Posting[]> postings, Dictionary<string, int> ownWordUse)
    {
        DocumentCount = from.DocumentCount;
        _lexicon = from._lexicon;
        _postings = postings;
        _ownWordUse = ownWordUse;
        _vocabulary = from._vocabulary;
        _trigrams = from._trigrams;
        _splits = from._splits;
        _closest = from._closest;
        _splitVocabulary = from._splitVocabulary;
    }

    // The index after scheme number `position` changed its texts from `before` to `after`: only that scheme's postings
    // change. Null when the change adds or removes a word the index knows (a compound elsewhere might split differently,
    // the typo index would change) or another lexicon is asked for; then the caller builds the index again.
    public RelevanceIndex? Replace(int position, (string Title, string Keywords, string Summary) before, (string Title, string Keywords, string Summary) after, Lexicon lexicon)
    {
        if (!ReferenceEquals(lexicon, _lexicon) || position < 0 || position >= DocumentCount)
        {
            return null;
        }

        IReadOnlyList<string> TermsOf(string text) => TextAnalyzer.Terms(text, lexicon.Stopwords);
        var old = OwnTerms(before, TermsOf);
        var now = OwnTerms(after, TermsOf);
        var ownWordUse = new Dictionary<string, int>(_ownWordUse, StringComparer.Ordinal);
        foreach (var term in old.Keys.Where(t => !now.ContainsKey(t)))
        {
            if ((ownWordUse[term] -= 1) == 0)
            {
                ownWordUse.Remove(term);
                if (!_lexicon.ConceptStems.Contains(term))
                {
                    return null;
                }
            }
        }

        foreach (var term in now.Keys.Where(t => !old.ContainsKey(t)))
        {
            if (!_splitVocabulary.Contains(term))
            {
                return null;
            }

            ownWordUse[term] = ownWordUse.GetValueOrDefault(term) + 1;
        }

        AddParts(old, _splitVocabulary, []);
        AddParts(now, _splitVocabulary, []);
        var postings = new Dictionary<string, Posting[]>(_postings, StringComparer.Ordinal);
        foreach (var term in old.Keys.Union(now.Keys))
        {
            if (!postings.TryGetValue(term, out var current))
            {
                return null;
            }

            // Postings stay in scheme order, as a build makes them.
            var list = new List<Posting>(current.Length + 1);
            list.AddRange(current.Where(p => p.Scheme != position));
            if (now.TryGetValue(term, out var weight))
            {
                var at = list.FindIndex(p => p.Scheme > position);
                list.Insert(at < 0 ? list.Count : at, new Posting(position, weight));
            }

            if (list.Count == 0)
            {
                return null;
            }

            postings[term] = list.ToArray();
        }

        return new RelevanceIndex(this, postings, ownWordUse);
    }

    public int DocumentCount { get; }

    public bool Contains(string term) => _postings.ContainsKey(term);

    public ReadOnlySpan<Posting> Postings(string term) => PostingList(term);

    public Posting[] PostingList(string term) => _postings.TryGetValue(term, out var p) ? p : [];

    // Rare words tell more about a need than common ones.
    public float Idf(string term) =>
        _postings.TryGetValue(term, out var p) ? (float)Math.Log(1 + (DocumentCount + 1.0) / p.Length) : 0f;

    public string[] SplitCompound(string term) => _splits.Get(term, _vocabulary, static (t, v) => SplitCompound(t, v).ToArray());

    // The closest indexed term by trigram overlap, for typos such as subsidy -> subsidie or warmtepmp.
    public string? Closest(string term) => _closest.Get(term, _trigrams, static (t, trigrams) => trigrams.Closest(t));

    // Both depend only on the vocabulary, which a patched copy shares, so the copy shares them too.
    private readonly WordMemo<string[]> _splits;
    private readonly WordMemo<string?> _closest;

    public static IEnumerable<string> SplitCompound(string term, IReadOnlySet<string> vocabulary)
    {
        if (term.Length < 8)
        {
            yield break;
        }

        for (var i = 4; i <= term.Length - 4; i++)
        {
            var left = term[..i];
            var right = term[i..];
            // Linking letters: "bedrijfs|pand", "zonne|energie".
            var rightTrimmed = right.Length > 4 && right[0] == 's' ? right[1..] : right;
            var leftKnown = vocabulary.Contains(left) || vocabulary.Contains(TextAnalyzer.Stem(left)) || (left.EndsWith('e') && vocabulary.Contains(left[..^1]));
            if (!leftKnown)
            {
                continue;
            }

            foreach (var candidate in new[] { right, rightTrimmed }.Distinct())
            {
                var stem = TextAnalyzer.Stem(candidate);
                if (vocabulary.Contains(stem) || vocabulary.Contains(candidate))
                {
                    yield return vocabulary.Contains(left) ? left : TextAnalyzer.Stem(left);
                    yield return vocabulary.Contains(stem) ? stem : candidate;
                    yield break;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, float> OwnTerms((string Title, string Keywords, string Summary) document, Func<string, IReadOnlyList<string>> termsOf)
    {
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        var title = termsOf(document.Title);
        Add(terms, title, TitleWeight);
        // A programme's generation is part of its name ("ITEA4", "Interreg6"), but firms name it without: "ITEA".
        foreach (var term in title)
        {
            if (NameWithoutNumber(term) is { } name)
            {
                Add(terms, [name], TitleWeight);
            }
        }

        Add(terms, termsOf(document.Keywords), KeywordWeight);
        Add(terms, termsOf(document.Summary), SummaryWeight);
        return terms;
    }

    // Three letters or more, then only digits: "itea4" is "itea"; "co2" and "h2" stay what they are.
    internal static string? NameWithoutNumber(string term)
    {
        var letters = 0;
        while (letters < term.Length && char.IsAsciiLetter(term[letters]))
        {
            letters++;
        }

        return letters >= 3 && letters < term.Length && !term.AsSpan(letters).ContainsAnyExceptInRange('0', '9') ? term[..letters] : null;
    }

    // The known parts of each compound, at a share of the compound's weight; `parts` keeps the splits between calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddParts(Dictionary<string, float> terms, IReadOnlySet<string> vocabulary, Dictionary<string, string[]> parts)
    {
        foreach (var (term, weight) in terms.ToList())
        {
            if (!parts.TryGetValue(term, out var split))
            {
                parts[term] = split = SplitCompound(term, vocabulary).ToArray();
            }

            foreach (var part in split)
            {
                Add(terms, [part], weight * CompoundPartFactor);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(Dictionary<string, float> terms, IEnumerable<string> words, float weight)
    {
        foreach (var word in words)
        {
            if (!terms.TryGetValue(word, out var existing) || existing < weight)
            {
                terms[word] = weight;
            }
        }
    }
}
