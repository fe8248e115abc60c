using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// One purpose read from a question: how sure the reading is (1 for a phrase of several words, less for one word,
// a compound part or a typo) and the words that gave it away.
public readonly record struct PurposeHit(int Bit, string Code, float Strength, string Phrase);

// Reads the firm's purposes (vocabularies.json "purposes") from its question, by the phrases firms use, in Dutch and
// English, with the same word analysis as the rest of matching: stems, compound parts and typo repair.
public sealed class PurposeRecognizer
{
    public const float PhraseStrength = 1.0f;
    public const float WordStrength = 0.8f;
    public const float CompoundPartFactor = 0.75f;
    public const float TypoFactor = 0.85f;

    // A phrase counts when its words stand close together: at most this many other words between them, as in "nieuwe
    // cnc machine" for "nieuwe machine". Words of a phrase spread over the question ("mijn vader ... het bedrijf
    // sluiten") are no reading of it.
    public const int PhraseSlack = 2;

    private readonly List<(int Bit, string Code, string[] Stems, string Phrase)> _phrases = [];
    private readonly Dictionary<string, List<int>> _byStem = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vocabulary = new(StringComparer.Ordinal);
    private readonly TrigramIndex _trigrams;

    public PurposeRecognizer(CodeLists codes, Lexicon lexicon, RelevanceIndex index)
    {
        var purposes = codes.Terms.Purposes;
        for (var bit = 0; bit < purposes.Count; bit++)
        {
            var purpose = purposes[bit];
            foreach (var phrase in (purpose.Words?.Nl ?? []).Concat(purpose.Words?.En ?? []))
            {
                var stems = TextAnalyzer.Terms(phrase, lexicon.FunctionWords).Distinct(StringComparer.Ordinal).ToArray();
                if (stems.Length == 0)
                {
                    continue;
                }

                _phrases.Add((bit, purpose.Code, stems, phrase));
                foreach (var stem in stems)
                {
                    _vocabulary.Add(stem);
                    if (!_byStem.TryGetValue(stem, out var list))
                    {
                        _byStem[stem] = list = [];
                    }

                    list.Add(_phrases.Count - 1);
                }
            }
        }

        _trigrams = new TrigramIndex(_vocabulary);
        _index = index;
    }

    private readonly RelevanceIndex _index;
    private readonly WordMemo<UnknownStem> _unknown = new();

    // What an unknown stem may stand for: its compound parts, else the head it ends in ("dakisolatie" is a kind of
    // "isolatie": Dutch compounds end in their head), else the closest known stem, used only for single words.
    private readonly record struct UnknownStem(string[] Parts, string? Closest);

    private UnknownStem Read(string stem)
    {
        var parts = RelevanceIndex.SplitCompound(stem, _vocabulary).ToArray();
        if (parts.Length > 0)
        {
            return new UnknownStem(parts, null);
        }

        return Head(stem) is { } head ? new UnknownStem([head], null) : new UnknownStem([], _trigrams.Closest(stem));
    }

    public bool Knows(string stem) => _vocabulary.Contains(stem);

    private string? Head(string stem)
    {
        for (var i = 3; i <= stem.Length - 5; i++)
        {
            if (_vocabulary.Contains(stem[i..]))
            {
                return stem[i..];
            }
        }

        return null;
    }

    // The question's stems in order; from firstPair on, each pair of neighbouring words written as one ("led verlichting"
    // as "ledverlichting"), pair k standing where word k stands. A pair is read as it is or as a compound, never
    // repaired as a typo, since two words joined are often near some other word ("restaurant den" is not "restauratie").
    public IReadOnlyList<PurposeHit> Recognise(IReadOnlyList<string> questionStems, int firstPair = int.MaxValue)
    {
        // Each known stem of the question with how sure it is and where it stands; unknown stems may be compounds or
        // typos of known ones.
        var present = new Dictionary<string, float>(StringComparer.Ordinal);
        var at = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var position = 0;
        void Offer(string stem, float factor)
        {
            if (!_vocabulary.Contains(stem))
            {
                return;
            }

            if (present.GetValueOrDefault(stem) < factor)
            {
                present[stem] = factor;
            }

            if (!at.TryGetValue(stem, out var list))
            {
                at[stem] = list = [];
            }

            list.Add(position);
        }

        for (var i = 0; i < questionStems.Count; i++)
        {
            var stem = questionStems[i];
            position = i < firstPair ? i : i - firstPair;
            if (stem.Length == 0)
            {
                continue;
            }

            if (_vocabulary.Contains(stem))
            {
                Offer(stem, 1f);
                continue;
            }

            var reading = _unknown.Get(stem, this, static (s, self) => self.Read(s));
            foreach (var part in reading.Parts)
            {
                Offer(part, CompoundPartFactor);
            }

            // A word the catalogue itself uses is no typo: "restaurant" is not "restauratie".
            if (reading.Parts.Length == 0 && i < firstPair && !_index.Contains(stem) && reading.Closest is { } closest)
            {
                Offer(closest, TypoFactor);
            }
        }

        var best = new Dictionary<int, PurposeHit>();
        foreach (var stem in present.Keys)
        {
            foreach (var p in _byStem[stem])
            {
                var (bit, code, stems, phrase) = _phrases[p];
                var strength = stems.Length > 1 ? PhraseStrength : WordStrength;
                foreach (var s in stems)
                {
                    strength = present.TryGetValue(s, out var f) ? strength * f : 0;
                }

                if (strength > 0 && stems.Length > 1 && !Close(stems, at))
                {
                    strength = 0;
                }

                if (strength > 0 && (!best.TryGetValue(bit, out var hit) || hit.Strength < strength))
                {
                    best[bit] = new PurposeHit(bit, code, strength, phrase);
                }
            }
        }

        return best.Values.OrderByDescending(h => h.Strength).ThenBy(h => h.Bit).ToList();
    }

    // Some place in the question where every word of the phrase stands within the phrase's length and the slack.
    private static bool Close(string[] stems, Dictionary<string, List<int>> at)
    {
        var reach = stems.Length - 1 + PhraseSlack;
        foreach (var anchor in at[stems[0]])
        {
            var all = true;
            for (var s = 1; s < stems.Length && all; s++)
            {
                all = at[stems[s]].Exists(p => Math.Abs(p - anchor) <= reach);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
