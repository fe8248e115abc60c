using System.Text.Json;
using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Matching;

public sealed record LexiconFile(
    string? Description, LexiconStopwords Stopwords, IReadOnlyList<LexiconConcept> Concepts, LexiconStopwords? FunctionWords = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? LevelWords = null, LexiconStopwords? CommonWords = null,
    LexiconTradeWords? TradeWords = null, LexiconStateWords? StateWords = null, LexiconHeadcountWords? HeadcountWords = null,
    LexiconOwnSchoolingWords? OwnSchoolingWords = null, LexiconNotSoughtWords? NotSoughtWords = null);

// What a firm says it does not look for ("we zoeken geen", "not looking for"), up to a contrast ("wel", "but") that
// turns to what it does want: "we zoeken geen lening, wel advies".
// Trailing phrases follow what is not sought ("export doen we niet"), back to a contrast or a word that joins clauses.
public sealed record LexiconNotSoughtWords(
    IReadOnlyList<string> Phrases, IReadOnlyList<string> Contrasts, IReadOnlyList<string>? Trailing = null, IReadOnlyList<string>? ClauseJoins = null);

// How a founder speaks of her own schooling: "ik heb mijn koksopleiding afgerond", "after my training as a baker". That
// is her past, not the firm's wish to train staff.
public sealed record LexiconOwnSchoolingWords(IReadOnlyList<string> Possessives, IReadOnlyList<string> Schooling);

// How a firm states its size: "een bedrijf met 12 medewerkers", "we employ 40 people". The staff word then describes
// the firm, not a need for staff.
public sealed record LexiconHeadcountWords(
    IReadOnlyList<string> Markers, IReadOnlyList<string> Numbers, IReadOnlyList<string> Staff, IReadOnlyList<string> Needs);

// Words that say something has already begun ("no work has started", "het project is nog niet begonnen"): a state of
// the project, not a wish to start a business.
public sealed record LexiconStateWords(IReadOnlyList<string> Participles, IReadOnlyList<string> Markers);

public sealed record LexiconTradeWords(
    IReadOnlyList<string> Subjects, IReadOnlyList<string> Relatives, IReadOnlyList<string> Verbs,
    IReadOnlyList<string>? Auxiliaries = null, IReadOnlyList<string>? Participles = null,
    IReadOnlyList<string>? RoleVerbs = null, IReadOnlyList<string>? RoleMarkers = null, IReadOnlyList<string>? LearningPhrases = null,
    IReadOnlyList<string>? PartnerPhrases = null, IReadOnlyList<string>? MakerPhrases = null);

public sealed record LexiconStopwords(IReadOnlyList<string> Nl, IReadOnlyList<string> En);

public sealed record LexiconConcept(
    IReadOnlyList<string> Terms, IReadOnlyList<string> Themes, IReadOnlyList<string> Instruments, bool? WeakInstrumentHint = null);

// A concept's terms, analysed: each term is one or more stems that must all occur.
public sealed record Concept(
    int Id, IReadOnlyList<string[]> Terms, IReadOnlyList<string> Themes, IReadOnlyList<string> Instruments, bool WeakInstrumentHint = false);

// The words firms use (data/lexicon.json), analysed once so a question can be mapped to concepts quickly.
public sealed class Lexicon
{
    public Lexicon(LexiconFile file)
    {
        // Every word list is matched against the analysed words of a question, so it is analysed the same way.
        static HashSet<string> Set(IEnumerable<string>? words) =>
            (words ?? []).Select(w => string.Concat(TextAnalyzer.Words(w))).ToHashSet(StringComparer.Ordinal);
        static IEnumerable<string> Both(LexiconStopwords? list) => (list?.Nl ?? []).Concat(list?.En ?? []);
        Stopwords = Set(Both(file.Stopwords));
        FunctionWords = Set(Both(file.FunctionWords));
        CommonWords = Set(Both(file.CommonWords));
        TradeSubjects = Set(file.TradeWords?.Subjects);
        TradeRelatives = Set(file.TradeWords?.Relatives);
        TradeVerbs = Set(file.TradeWords?.Verbs);
        TradeAuxiliaries = Set(file.TradeWords?.Auxiliaries);
        TradeParticiples = Set(file.TradeWords?.Participles);
        RoleVerbs = Set(file.TradeWords?.RoleVerbs);
        RoleMarkers = Set(file.TradeWords?.RoleMarkers);
        LearningPhrases = (file.TradeWords?.LearningPhrases ?? []).Select(p => TextAnalyzer.Words(p).ToArray()).Where(p => p.Length > 0).ToList();
        PartnerPhrases = (file.TradeWords?.PartnerPhrases ?? []).Select(p => TextAnalyzer.Words(p).ToArray()).Where(p => p.Length > 0).ToList();
        MakerPhrases = (file.TradeWords?.MakerPhrases ?? []).Select(p => TextAnalyzer.Words(p).ToArray()).Where(p => p.Length > 0).ToList();
        StateParticiples = Set(file.StateWords?.Participles);
        StateMarkers = Set(file.StateWords?.Markers);
        HeadcountMarkers = Set(file.HeadcountWords?.Markers);
        HeadcountNumbers = Set(file.HeadcountWords?.Numbers);
        StaffWords = Set(file.HeadcountWords?.Staff);
        StaffNeeds = Set(file.HeadcountWords?.Needs);
        OwnPossessives = Set(file.OwnSchoolingWords?.Possessives);
        Schooling = Set(file.OwnSchoolingWords?.Schooling).ToArray();
        NotSoughtPhrases = (file.NotSoughtWords?.Phrases ?? []).Select(p => TextAnalyzer.Words(p).ToArray()).Where(p => p.Length > 0).ToList();
        NotSoughtContrasts = Set(file.NotSoughtWords?.Contrasts);
        NotSoughtTrailing = (file.NotSoughtWords?.Trailing ?? []).Select(p => TextAnalyzer.Words(p).ToArray()).Where(p => p.Length > 0).ToList();
        NotSoughtTrailingStops = NotSoughtContrasts.Concat(file.NotSoughtWords?.ClauseJoins ?? []).ToHashSet(StringComparer.Ordinal);
        LevelOf = (file.LevelWords ?? new Dictionary<string, IReadOnlyList<string>>())
            .SelectMany(l => l.Value.Select(w => (Word: string.Concat(TextAnalyzer.Words(w)), Level: l.Key)))
            .GroupBy(x => x.Word, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Level, StringComparer.Ordinal);
        Concepts = file.Concepts.Select((c, i) => new Concept(
                i,
                c.Terms.Select(t => TextAnalyzer.Words(t).Select(TextAnalyzer.Stem).ToArray()).Where(t => t.Length > 0).ToList(),
                c.Themes,
                c.Instruments,
                c.WeakInstrumentHint == true))
            .ToList();
        var byStem = new Dictionary<string, List<Concept>>(StringComparer.Ordinal);
        foreach (var concept in Concepts)
        {
            foreach (var stem in concept.Terms.Select(t => t[0]))
            {
                if (!byStem.TryGetValue(stem, out var list))
                {
                    byStem[stem] = list = [];
                }

                if (!list.Contains(concept))
                {
                    list.Add(concept);
                }
            }
        }

        ByFirstStem = byStem;
        ConceptStems = Concepts.SelectMany(c => c.Terms).SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
    }

    // Every stem of every concept's terms: the words the lexicon knows.
    public IReadOnlySet<string> ConceptStems { get; }

    public IReadOnlySet<string> Stopwords { get; }

    // "provinciale" -> provincial: the level of government a firm names in its question.
    public IReadOnlyDictionary<string, string> LevelOf { get; }

    // Fewer than the stopwords: "bedrijf" and "business" carry meaning in a purpose's phrase ("bedrijf overnemen").
    public IReadOnlySet<string> FunctionWords { get; }

    // Frequent words that carry no need ("vanwege", "heet", "please"): matching ignores this list; the demand insights
    // leave these words out of the unrecognised ones.
    public IReadOnlySet<string> CommonWords { get; }

    public IReadOnlyList<Concept> Concepts { get; }

    // How a firm names its own trade: "wij bouwen machines", "een bedrijf dat fietsen repareert".
    public IReadOnlySet<string> TradeSubjects { get; }

    public IReadOnlySet<string> TradeRelatives { get; }

    public IReadOnlySet<string> TradeVerbs { get; }

    public IReadOnlySet<string> TradeAuxiliaries { get; }

    public IReadOnlySet<string> TradeParticiples { get; }

    public IReadOnlySet<string> RoleVerbs { get; }

    public IReadOnlySet<string> RoleMarkers { get; }

    // What staff learn to work with is the subject of a course, not a purchase: "leren werken met onze nieuwe machine".
    public IReadOnlyList<string[]> LearningPhrases { get; }

    // Where the firm's partners come from is no market it wants: "met partners uit België en Finland".
    public IReadOnlyList<string[]> PartnerPhrases { get; }

    // What a firm is the maker of is its trade: "a maker of aluminium facade panels", "fabrikant van kozijnen".
    public IReadOnlyList<string[]> MakerPhrases { get; }

    public IReadOnlySet<string> StateParticiples { get; }

    public IReadOnlySet<string> StateMarkers { get; }

    public IReadOnlySet<string> HeadcountMarkers { get; }

    public IReadOnlySet<string> HeadcountNumbers { get; }

    public IReadOnlySet<string> StaffWords { get; }

    public IReadOnlySet<string> StaffNeeds { get; }

    public IReadOnlySet<string> OwnPossessives { get; }

    public IReadOnlyList<string> Schooling { get; }

    // What the firm says it does not look for: "we zoeken geen lening", "we are not looking for a loan".
    public IReadOnlyList<string[]> NotSoughtPhrases { get; }

    public IReadOnlySet<string> NotSoughtContrasts { get; }

    // Phrases that follow what is not sought ("export doen we niet", "aan personeel hoeven we niet te denken"), and the
    // words that end the look back from them: the contrasts and the words that join clauses ("en", "omdat").
    public IReadOnlyList<string[]> NotSoughtTrailing { get; }

    public IReadOnlySet<string> NotSoughtTrailingStops { get; }

    // The positions of the bare words among the three after such a phrase, up to a contrast, and of the two before a
    // trailing one: what is not sought names no purpose, no instrument and no word to match ("not looking for a loan"
    // had made a loan the only instrument that fit), while what follows "wel" or "but" is wanted.
    public HashSet<int> NotSoughtPositions(IReadOnlyList<string> words)
    {
        var marked = new HashSet<int>();
        MarkAfter(words, NotSoughtPhrases, 3, marked, NotSoughtContrasts);
        MarkBefore(words, NotSoughtTrailing, 2, marked, NotSoughtTrailingStops);
        return marked;
    }

    // The positions of schooling words (or compounds ending in one: "koksopleiding") with "mijn" or "my" one or two
    // words before ("mijn mbo-opleiding", "my training as a chef"), unless the word between is staff ("my staff training").
    public HashSet<int> OwnSchoolingPositions(IReadOnlyList<string> words)
    {
        var marked = new HashSet<int>();
        for (var i = 1; i < words.Count; i++)
        {
            if ((OwnPossessives.Contains(words[i - 1]) || (i >= 2 && OwnPossessives.Contains(words[i - 2]) && !StaffWords.Contains(words[i - 1])))
                && Schooling.Any(w => words[i].EndsWith(w, StringComparison.Ordinal)))
            {
                marked.Add(i);
            }
        }

        return marked;
    }

    // The positions of the words that state the firm's size: a marker, a number, at most two words ("vaste", "full-time")
    // and a staff word ("met 85 mensen", "with 320 employees", "a team of twelve people"). "Employees" there is what the
    // firm has, not what it asks about, and matched every scheme about staff. A need for staff among the three words
    // after it ("met 3 mensen uitbreiden", "with two people to hire") keeps the words as they are.
    public HashSet<int> HeadcountPositions(IReadOnlyList<string> words)
    {
        var marked = new HashSet<int>();
        for (var i = 0; i + 2 < words.Count; i++)
        {
            if (!HeadcountMarkers.Contains(words[i]) || !(words[i + 1].All(char.IsAsciiDigit) || HeadcountNumbers.Contains(words[i + 1])))
            {
                continue;
            }

            for (var end = i + 2; end < words.Count && end <= i + 4; end++)
            {
                if (StaffWords.Contains(words[end]))
                {
                    if (!Enumerable.Range(end + 1, Math.Min(3, words.Count - end - 1)).Any(j => StaffNeeds.Contains(words[j])))
                    {
                        marked.UnionWith(Enumerable.Range(i + 2, end - i - 1));
                    }

                    break;
                }
            }
        }

        return marked;
    }

    // The positions of the participles that say something has begun: one of the three words before is an auxiliary or a
    // negation ("nothing has started yet", "we zijn vorig jaar gestart", "nog niet begonnen"). "Started" and "starter"
    // share a stem, so unmarked such a word read as the wish to start a business.
    public HashSet<int> StatePositions(IReadOnlyList<string> words)
    {
        var marked = new HashSet<int>();
        for (var i = 1; i < words.Count; i++)
        {
            if (StateParticiples.Contains(words[i]) && Enumerable.Range(Math.Max(0, i - 3), Math.Min(3, i)).Any(j => StateMarkers.Contains(words[j])))
            {
                marked.Add(i);
            }
        }

        return marked;
    }

    // The positions of the words that name what the firm makes or does rather than what it needs: at most two bare
    // words right after a subject and a trade verb ("wij bouwen machines voor ..."), or between a Dutch relative and
    // the verb ("dat machines bouwt"). An article or a possessive in between ("we bouwen een nieuwe loods") makes it a
    // plan, not a trade, so nothing is marked then. What the firm has made is its product, article or not: the words
    // between an auxiliary and a participle ("we hebben een nieuwe machine ontwikkeld"), or in English the first bare
    // words after the participle ("we have developed a new sensor for ..."), and the role after "werk als" or "work as".
    public HashSet<int> TradePositions(IReadOnlyList<string> words)
    {
        var marked = new HashSet<int>();
        MarkAfter(words, LearningPhrases, 4, marked);
        MarkAfter(words, PartnerPhrases, 4, marked);
        MarkAfter(words, MakerPhrases, 4, marked);

        for (var i = 0; i + 2 < words.Count; i++)
        {
            // The role someone works in: "gestart als zelfstandig communicatieadviseur", "I work as a freelance designer".
            if (RoleVerbs.Contains(words[i]) && RoleMarkers.Contains(words[i + 1]))
            {
                var j = i + 2;
                if (j + 1 < words.Count && FunctionWords.Contains(words[j]))
                {
                    j++;
                }

                for (var k = j; k < words.Count && k < j + 2 && Bare(words[k]); k++)
                {
                    marked.Add(k);
                }
            }

            if (TradeAuxiliaries.Contains(words[i]))
            {
                for (var end = i + 2; end < words.Count && end < i + 9; end++)
                {
                    if (TradeParticiples.Contains(words[end]))
                    {
                        marked.UnionWith(Enumerable.Range(i + 1, end - i - 1).Where(j => Bare(words[j])));
                        break;
                    }
                }
            }

            if ((TradeSubjects.Contains(words[i]) || TradeAuxiliaries.Contains(words[i])) && TradeParticiples.Contains(words[i + 1]))
            {
                var j = i + 2;
                while (j < words.Count && j < i + 5 && !Bare(words[j]))
                {
                    j++;
                }

                for (var k = j; k < words.Count && k < j + 2 && Bare(words[k]); k++)
                {
                    marked.Add(k);
                }
            }

            if (TradeSubjects.Contains(words[i]) && TradeVerbs.Contains(words[i + 1]))
            {
                for (var j = i + 2; j < words.Count && j < i + 4 && Bare(words[j]); j++)
                {
                    marked.Add(j);
                }
            }
            else if (TradeRelatives.Contains(words[i]))
            {
                for (var end = i + 2; end < words.Count && end <= i + 3 && Bare(words[end - 1]); end++)
                {
                    if (TradeVerbs.Contains(words[end]))
                    {
                        marked.UnionWith(Enumerable.Range(i + 1, end - i - 1));
                        break;
                    }
                }
            }
        }

        return marked;
    }

    // Marks the bare words among the `count` after each occurrence of one of the phrases, stopping at a word of `stops`.
    private void MarkAfter(IReadOnlyList<string> words, IReadOnlyList<string[]> phrases, int count, HashSet<int> marked, IReadOnlySet<string>? stops = null)
    {
        foreach (var phrase in phrases)
        {
            for (var i = 0; i + phrase.Length < words.Count; i++)
            {
                if (!StartsAt(words, i, phrase))
                {
                    continue;
                }

                for (var j = i + phrase.Length; j < words.Count && j < i + phrase.Length + count && stops?.Contains(words[j]) != true; j++)
                {
                    if (Bare(words[j]))
                    {
                        marked.Add(j);
                    }
                }
            }
        }
    }

    // The same backwards, for a phrase after its subject, back to a word of `stops` ("en", "maar"), since a clause joined
    // by "en" before it is about something else ("... in de regio, en export doen we niet").
    private void MarkBefore(IReadOnlyList<string> words, IReadOnlyList<string[]> phrases, int count, HashSet<int> marked, IReadOnlySet<string> stops)
    {
        foreach (var phrase in phrases)
        {
            for (var i = 1; i + phrase.Length <= words.Count; i++)
            {
                if (!StartsAt(words, i, phrase))
                {
                    continue;
                }

                // The phrase's own words say nothing of the need either ("is geen probleem", "niet oplost").
                for (var k = 0; k < phrase.Length; k++)
                {
                    marked.Add(i + k);
                }

                // Up to count words that carry meaning among the 2 × count + 1 before it, trade verbs too ("export doen we niet" is no
                // export wanted); the little words between ("aan advies over ons ondernemingsplan hebben we geen behoefte")
                // do not count. Two, not more: a clause joined by a comma ("een pand kopen, een lening hebben we al") is
                // about something else.
                var left = count;
                for (var j = i - 1; j >= 0 && j > i - 2 * count - 2 && left > 0 && !stops.Contains(words[j]); j--)
                {
                    if (!Stopwords.Contains(words[j]) && !FunctionWords.Contains(words[j]))
                    {
                        marked.Add(j);
                        left--;
                    }
                }
            }
        }
    }

    private static bool StartsAt(IReadOnlyList<string> words, int at, string[] phrase)
    {
        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(words[at + k], phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private bool Bare(string word) =>
        !Stopwords.Contains(word) && !FunctionWords.Contains(word) && !TradeVerbs.Contains(word) && !TradeParticiples.Contains(word);

    public IReadOnlyDictionary<string, List<Concept>> ByFirstStem { get; }

    public static Lexicon Load(string dataPath)
    {
        using var stream = File.OpenRead(Path.Combine(dataPath, "lexicon.json"));
        var file = JsonSerializer.Deserialize<LexiconFile>(stream, CatalogueJson.Options)
                   ?? throw new InvalidDataException("lexicon.json is empty.");
        return new Lexicon(file);
    }
}
