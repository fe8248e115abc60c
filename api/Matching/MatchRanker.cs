using System.Buffers;
using System.Numerics;
using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Matching;

public sealed record RankOptions(int Limit, bool IncludeIneligible, bool English);

// Fitting: how many open, upcoming or expected schemes the firm may get (eligible or maybe) fit the need, shown or not;
// none is an unmet need (DESIGN.md "Demand insights").
public sealed record RankResult(
    IReadOnlyList<MatchItem> Matches, IReadOnlyList<MatchItem>? Excluded, IReadOnlyList<NextQuestion> Questions, IReadOnlyList<string> Warnings,
    NeedQuery Need, int Fitting)
{
    public bool Unmet => Fitting == 0;

    public NextQuestion? NextQuestion => Questions.Count > 0 ? Questions[0] : null;
}

// Every tunable number of the score in one place (README, "How matching scores").
public sealed record ScoreWeights
{
    public static readonly ScoreWeights Default = new();

    public double Purpose { get; init; } = 0.20;
    public double Relevance { get; init; } = 0.85;
    public double Theme { get; init; } = 0.05;
    public double Phase { get; init; } = 0.05;
    public double Instrument { get; init; } = 0.15;
    public double Status { get; init; } = 0.10;
    public double Amount { get; init; } = 0.05;

    // A scheme of the firm's own region (it is eligible there) before a national one that fits as well.
    public double Locality { get; init; } = 0.15;
    public double NationalLocality { get; init; } = 0.5;
    public double NamedLevel { get; init; } = 0.15;
    public double MaybeCertainty { get; init; } = 0.88;
    public double MinimumRelevance { get; init; } = 0.15;

    // A scheme whose own words answer the question this well counts as serving what was asked even where its purpose
    // tags miss the reading (purpose fit at least this share of the relevance).
    public double RelevanceAsPurpose { get; init; } = 0.7;

    // Fit of an instrument the need does not call for (when the preference was only read from the question).
    public double OtherInstrument { get; init; } = 0.3;

    // Status fit, and the factor that keeps a closed or not-yet-announced round below an open one that fits as well.
    public double OpenFit { get; init; } = 1.0;
    public double UpcomingSoonFit { get; init; } = 0.8;
    public double UpcomingFit { get; init; } = 0.7;
    public double ExpectedFit { get; init; } = 0.7;
    public double ClosedFit { get; init; } = 0.1;
    public double UpcomingFactor { get; init; } = 0.97;
    public double ExpectedFactor { get; init; } = 0.95;
    public double ClosedFactor { get; init; } = 0.75;
    public int UpcomingSoonDays { get; init; } = 90;

    // A scheme that must be done with partners, for a firm that said nothing of partners (neither in its question nor
    // as a fact): it may still apply, but a scheme it can use alone fits its question better.
    public double UnaskedCollaborationFactor { get; init; } = 0.9;

    // A scheme the firm named (title-level relevance) but whose area it is not in.
    public double NamedRelevance { get; init; } = 0.6;

    // A scheme the firm names by a word of its title that few schemes use ("ITEA", "UNIIQ", "InWest"): its
    // relevance is at least this, however long the rest of the question.
    public double NamedScheme { get; init; } = 0.6;
    public int NamedSchemeTexts { get; init; } = 3;
    public int Questions { get; init; } = 3;

    // How strongly a purpose the firm has by its trade (a farm: modernise-farm) counts beside those read from its question.
    public double TradePurpose { get; init; } = 0.6;

    // How many of a question's concepts (the rarest) the relevance is measured against; 0 for all of them.
    public int RelevanceConcepts { get; init; } = 14;
}

// The ranking: a pure function of (profile, need, snapshot, date). No I/O and no clock, so it is tested with tables.
// score = certainty × weighted mean of the parts that apply (README, "How matching scores").
public static class MatchRanker
{
    private static readonly string CollaboratePurpose = Vocabularies.VocabularyCode.Of("purposes", "CollaborateWithPartners");
    private static readonly string CollaborationFact = Vocabularies.VocabularyCode.Of("facts", "CollaboratesWithPartners");

    public static RankResult Rank(ResolvedProfile firm, NeedQuery need, CatalogueSnapshot snapshot, DateOnly today, RankOptions options) =>
        Rank(firm, need, snapshot, today, options, ScoreWeights.Default);

    public static RankResult Rank(
        ResolvedProfile firm, NeedQuery need, CatalogueSnapshot snapshot, DateOnly today, RankOptions options, ScoreWeights weights)
    {
        var scored = WithTradePurposes(need, firm, snapshot, weights);
        var (matches, excluded, named, fitting) = RankOnce(firm, scored, snapshot, today, options, weights);
        var warnings = new List<string>();
        if (named >= 0)
        {
            // The firm named a fund of another region: rank again as if it had asked for what that fund is for, so its
            // own region's equivalents come up, and say why the named one is not offered.
            var scheme = snapshot.Schemes[named];
            need = need.WithPurposesOf(scheme.PurposeMask, snapshot);
            scored = WithTradePurposes(need, firm, snapshot, weights);
            (matches, excluded, _, fitting) = RankOnce(firm, scored, snapshot, today, options, weights);
            var title = options.English ? scheme.Document.Title.En ?? scheme.Document.Title.Nl : scheme.Document.Title.Nl;
            var detail = EligibilityEvaluator.Evaluate(scheme, firm, snapshot, options.English).First(c => c.Criterion == "location").Detail;
            warnings.Add(options.English
                ? $"{title} does not apply to your firm: {detail} Shown instead: comparable schemes for your region."
                : $"{title} geldt niet voor uw bedrijf: {detail} Hieronder staan vergelijkbare regelingen voor uw regio.");
        }

        var items = matches.Best().Select((c, n) => ToItem(c, n + 1, snapshot.Schemes[c.Index], firm, snapshot, scored, today, options.English)).ToList();
        var excludedItems = options.IncludeIneligible
            ? excluded.Best().Select((c, n) => ToItem(c, n + 1, snapshot.Schemes[c.Index], firm, snapshot, scored, today, options.English)).ToList()
            : null;
        return new RankResult(items, excludedItems, QuestionsFor(items, snapshot, options.English, weights.Questions), warnings, need, fitting);
    }

    // A firm's trade says what its question is for as well: a farm that asks about a new machine modernises a farm, so
    // the farm schemes for that machine come before the general ones. Only beside a purpose read from the question,
    // more weakly than one read there, and only for the score: `recognised` and the insights keep what the firm asked.
    private static NeedQuery WithTradePurposes(NeedQuery need, ResolvedProfile firm, CatalogueSnapshot snapshot, ScoreWeights weights)
    {
        if (need.Purposes.Count == 0 || firm.SbiCodes is not [var main, ..])
        {
            return need;
        }

        List<PurposeHit>? added = null;
        foreach (var bit in snapshot.Codes.TradePurposes(main))
        {
            if ((need.PurposeMask & (1UL << bit)) == 0)
            {
                var code = snapshot.Codes.Terms.Purposes[bit].Code;
                (added ??= [.. need.Purposes]).Add(new PurposeHit(bit, code, (float)weights.TradePurpose, code));
            }
        }

        return added is null ? need : need with { Purposes = added };
    }

    private static (TopK Matches, TopK Excluded, int Named, int Fitting) RankOnce(
        ResolvedProfile firm, NeedQuery need, CatalogueSnapshot snapshot, DateOnly today, RankOptions options, ScoreWeights weights)
    {
        var schemes = snapshot.Schemes;
        var relevance = ArrayPool<float>.Shared.Rent(schemes.Count);
        var matched = ArrayPool<ulong>.Shared.Rent(schemes.Count);
        try
        {
            Relevance(need, snapshot.Index, schemes.Count, relevance, matched, weights);

            // The loop only decides outcomes and scores, keeping the best few in bounded heaps;
            // text is written afterwards for the schemes that are shown.
            var matches = new TopK(options.Limit);
            var excluded = new TopK(options.IncludeIneligible ? options.Limit : 0);
            var checks = new List<Check>(12);
            var facets = FirmFacets.Of(firm, snapshot.Bits);
            var request = RequestBits.Of(need, snapshot, today);
            var rows = snapshot.Rows;
            var purposes = snapshot.PurposeMasks;
            var themes = snapshot.ThemeMasks;
            // A scheme that serves none of the purposes asked has a purpose fit of 0 without weighing them.
            var askedPurposes = need.PurposeMask;
            var named = -1;
            var fitting = 0;
            var bestRelevance = 0.0;
            var namedRelevance = 0.0;
            var names = SchemeNames(need, snapshot, weights.NamedSchemeTexts);
            var partners = (need.PurposeMask & snapshot.Bits.Purposes([CollaboratePurpose])) != 0
                || (firm.Facts.TryGetValue(CollaborationFact, out var said) && said.ValueKind == System.Text.Json.JsonValueKind.True);
            for (var i = 0; i < rows.Length; i++)
            {
                var r = need.Concepts.Count > 0 ? Math.Min(1, relevance[i]) : (double?)null;
                if (names is not null && r < weights.NamedScheme && TitleHas(names, snapshot.Index, i))
                {
                    r = weights.NamedScheme;
                }

                double? theme = need.ThemeMask != 0 ? ThemeFit(themes[i], need) : null;
                double? purpose = askedPurposes != 0 && (purposes[i] & askedPurposes) == 0 ? 0 : need.PurposeFit(purposes[i]);
                // A firm that asked something gets only schemes that answer it, never the whole catalogue.
                if (need.HasTopic && !(r >= weights.MinimumRelevance || theme > 0 || purpose > 0))
                {
                    continue;
                }

                ref readonly var row = ref rows[i];
                if (row.Ended && !options.IncludeIneligible)
                {
                    continue;
                }

                bestRelevance = Math.Max(bestRelevance, r ?? 0);
                var scheme = schemes[i];
                var eligibility = EligibilityEvaluator.Decide(row, scheme, firm, facets);
                if (eligibility == Eligibility.Ineligible && !row.Ended && r >= weights.NamedRelevance && r > namedRelevance
                    && TitleHasAName(need, snapshot.Index, i) && OnlyLocationUnmet(Listed(scheme, firm, facets.Area, checks)))
                {
                    named = i;
                    namedRelevance = r.Value;
                }

                if (eligibility == Eligibility.Ineligible && !options.IncludeIneligible)
                {
                    continue;
                }

                var scored = Score(row, scheme, i, eligibility, r, theme, purpose, need, request, matched[i], weights, facets.Area, partners);
                if (eligibility != Eligibility.Ineligible && SchemeStatus.MayBeApplied(scored.Status))
                {
                    fitting++;
                }

                (eligibility == Eligibility.Ineligible ? excluded : matches).Offer(scored);
            }

            // Only a fund the firm clearly named counts: nothing else answers its words as well.
            return (matches, excluded, named >= 0 && namedRelevance >= bestRelevance - 1e-9 ? named : -1, fitting);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(relevance);
            ArrayPool<ulong>.Shared.Return(matched);
        }
    }

    // Every criterion of one scheme, for the rare question that needs more than the outcome.
    private static List<Check> Listed(SchemeEntry scheme, ResolvedProfile firm, FirmArea area, List<Check> checks)
    {
        checks.Clear();
        EligibilityEvaluator.Check(scheme, firm, area, checks);
        return checks;
    }

    private static bool OnlyLocationUnmet(List<Check> checks)
    {
        foreach (var c in checks)
        {
            if (c.Kind != CriterionKind.Location && c.Outcome == Outcome.Unmet)
            {
                return false;
            }
        }

        return true;
    }

    private static void Relevance(NeedQuery need, RelevanceIndex index, int count, float[] relevance, ulong[] matched, ScoreWeights weights)
    {
        Array.Clear(relevance, 0, count);
        Array.Clear(matched, 0, count);
        if (need.Concepts.Count == 0)
        {
            return;
        }

        var best = ArrayPool<float>.Shared.Rent(count);
        Array.Clear(best, 0, count);
        // The schemes a concept reached, to add its weight to and clear again: pooled, as it may hold every scheme.
        var touched = ArrayPool<int>.Shared.Rent(count);
        var reached = 0;
        var totalIdf = WeightOfQuestion(need.Concepts, weights.RelevanceConcepts);
        for (var c = 0; c < need.Concepts.Count; c++)
        {
            var concept = need.Concepts[c];
            foreach (var alternative in concept.Alternatives)
            {
                if (alternative.Stems.Length == 1)
                {
                    foreach (var posting in index.Postings(alternative.Stems[0]))
                    {
                        Keep(posting.Scheme, posting.Weight * alternative.Factor, best, touched, ref reached);
                    }

                    continue;
                }

                // A phrase: every word of it must be in the scheme, at the weakest of their weights. All postings are in
                // scheme order, so the further words' lists are walked alongside the first one's, each once.
                var further = new Posting[alternative.Stems.Length - 1][];
                for (var s = 0; s < further.Length; s++)
                {
                    further[s] = index.PostingList(alternative.Stems[s + 1]);
                }

                var at = new int[further.Length];
                foreach (var posting in index.Postings(alternative.Stems[0]))
                {
                    var weight = posting.Weight * alternative.Factor;
                    for (var s = 0; s < further.Length && weight > 0; s++)
                    {
                        var list = further[s];
                        while (at[s] < list.Length && list[at[s]].Scheme < posting.Scheme)
                        {
                            at[s]++;
                        }

                        weight = Math.Min(weight, at[s] < list.Length && list[at[s]].Scheme == posting.Scheme ? list[at[s]].Weight * alternative.Factor : 0);
                    }

                    Keep(posting.Scheme, weight, best, touched, ref reached);
                }
            }

            for (var t = 0; t < reached; t++)
            {
                var s = touched[t];
                relevance[s] += (float)(concept.Idf * best[s] / totalIdf);
                matched[s] |= 1UL << c;
                best[s] = 0;
            }

            reached = 0;
        }

        ArrayPool<float>.Shared.Return(best);
        ArrayPool<int>.Shared.Return(touched);
    }

    // What a scheme's matched concepts are measured against: the weight of the question's rarest few concepts, not of all
    // of them, so a long question's further words do not thin the relevance of the schemes that answer its core.
    private static double WeightOfQuestion(IReadOnlyList<QueryConcept> concepts, int counted)
    {
        Span<double> idfs = stackalloc double[concepts.Count];
        for (var c = 0; c < idfs.Length; c++)
        {
            idfs[c] = concepts[c].Idf;
        }

        if (counted > 0 && idfs.Length > counted)
        {
            idfs.Sort();
            idfs = idfs[^counted..];
        }

        var total = 0.0;
        foreach (var idf in idfs)
        {
            total += idf;
        }

        return total;
    }

    // The best weight of any of a concept's alternatives counts for a scheme.
    private static void Keep(int scheme, float weight, float[] best, int[] touched, ref int reached)
    {
        if (weight > best[scheme])
        {
            if (best[scheme] == 0)
            {
                touched[reached++] = scheme;
            }

            best[scheme] = weight;
        }
    }

    // The words of the question that name a scheme or two: in the texts of at most `texts` schemes and in a title, no place
    // (the firm's own town is in the titles of its town's schemes); null when there are none, as for most questions.
    private static List<string>? SchemeNames(NeedQuery need, CatalogueSnapshot snapshot, int texts)
    {
        List<string>? names = null;
        foreach (var stem in need.WrittenNames ?? [])
        {
            if (snapshot.PlaceStems.Contains(stem))
            {
                continue;
            }

            // A common word ("Nederland" mid-sentence) is ruled out by its count before its postings are walked.
            var postings = snapshot.Index.Postings(stem);
            if (postings.Length > texts)
            {
                continue;
            }

            foreach (var posting in postings)
            {
                if (posting.Weight >= RelevanceIndex.TitleWeight)
                {
                    (names ??= []).Add(stem);
                    break;
                }
            }
        }

        return names;
    }

    private static bool TitleHas(IReadOnlyList<string> names, RelevanceIndex index, int scheme)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (WeightOf(index.Postings(names[i]), scheme) >= RelevanceIndex.TitleWeight)
            {
                return true;
            }
        }

        return false;
    }

    // The firm named this scheme only if a word of its question that is no common need is in the scheme's title.
    private static bool TitleHasAName(NeedQuery need, RelevanceIndex index, int scheme) => TitleHas(need.NameStems ?? [], index, scheme);

    // Postings are in scheme order, so a binary search finds a scheme's weight for a further stem of a phrase.
    private static float WeightOf(ReadOnlySpan<Posting> postings, int scheme)
    {
        int lo = 0, hi = postings.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (postings[mid].Scheme == scheme)
            {
                return postings[mid].Weight;
            }

            if (postings[mid].Scheme < scheme)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return 0;
    }

    private static double ThemeFit(ulong schemeThemes, NeedQuery need)
    {
        var overlap = BitOperations.PopCount(schemeThemes & need.ThemeMask);
        return Math.Min(1.0, overlap / (double)Math.Min(BitOperations.PopCount(need.ThemeMask), 2));
    }

    private static Scored Score(
        in SchemeFacets row, SchemeEntry scheme, int index, string eligibility, double? relevance, double? theme, double? purpose, NeedQuery need,
        in RequestBits request, ulong matched, ScoreWeights w, FirmArea area, bool partners)
    {
        // A level the firm named ("provinciale subsidie") counts as a strong wish for schemes of that level.
        var levelNamed = need.NamedLevels is { Count: > 0 } levels;
        double? locality = levelNamed ? (need.NamedLevels!.Contains(scheme.Document.Level) ? 1.0 : 0.0)
            : area.Province == AreaKey.None ? null : row.National ? w.NationalLocality : 1.0;
        var status = request.Statuses[index];
        double? phase = need.Phase is null ? null
            : (row.PhaseMask & request.Phase) != 0 ? 1.0
            : (row.PhaseMask & request.NeighbourPhases) != 0 ? 0.5
            : 0.0;
        double? instrument = need.Instruments.Count == 0 ? null
            : (row.InstrumentMask & request.Instruments) != 0 ? 1.0
            : need.InstrumentsExplicit ? 0.0 : w.OtherInstrument;
        var (statusFit, statusFactor) = StatusFit(scheme, status, request.Today, w);
        var amount = AmountFit(row.MinAmountEur, row.MaxAmountEur, need.ProjectBudgetEur);
        var certainty = eligibility == Eligibility.Eligible ? 1.0 : eligibility == Eligibility.Maybe ? w.MaybeCertainty : 0.0;
        if (row.Rules.Collaboration && !partners)
        {
            certainty *= w.UnaskedCollaborationFactor;
        }
        if (purpose is { } p && relevance is { } r)
        {
            purpose = Math.Max(p, w.RelevanceAsPurpose * r);
        }

        double sum = w.Status * statusFit, weights = w.Status;
        Part(purpose, w.Purpose, ref sum, ref weights);
        Part(relevance, w.Relevance, ref sum, ref weights);
        Part(theme, w.Theme, ref sum, ref weights);
        Part(phase, w.Phase, ref sum, ref weights);
        Part(instrument, w.Instrument, ref sum, ref weights);
        Part(amount, w.Amount, ref sum, ref weights);
        Part(locality, levelNamed ? w.NamedLevel : w.Locality, ref sum, ref weights);
        return new Scored(index, Math.Round(certainty * statusFactor * sum / weights, 4), eligibility, status,
            purpose, relevance, theme, phase, instrument, statusFit, amount, certainty, matched);
    }

    // What a request compares every candidate with, worked out once: the bits of its phase, the phases next to it and
    // its instruments, and the catalogue's statuses on its day.
    private readonly record struct RequestBits(ulong Phase, ulong NeighbourPhases, ulong Instruments, string[] Statuses, DateOnly Today)
    {
        public static RequestBits Of(NeedQuery need, CatalogueSnapshot snapshot, DateOnly today)
        {
            var (phase, neighbours) = need.Phase is null ? (0UL, 0UL) : snapshot.Bits.PhaseAndNeighbours(need.Phase);
            return new(phase, neighbours, snapshot.Bits.Instruments(need.Instruments), snapshot.StatusesOn(today), today);
        }
    }

    private static void Part(double? value, double weight, ref double sum, ref double weights)
    {
        if (value is { } v)
        {
            sum += weight * v;
            weights += weight;
        }
    }

    // Open counts most, then a round that is coming, then one that is expected but not announced, closed least; the
    // factor keeps a scheme without a current round below an open one that fits as well.
    private static (double Fit, double Factor) StatusFit(SchemeEntry scheme, string status, DateOnly today, ScoreWeights w) =>
        status == SchemeStatus.Open ? (w.OpenFit, 1.0)
        : status == SchemeStatus.Upcoming ? (OpensWithin(scheme.Windows, today, w.UpcomingSoonDays) ? w.UpcomingSoonFit : w.UpcomingFit, w.UpcomingFactor)
        : status == SchemeStatus.Expected ? (w.ExpectedFit, w.ExpectedFactor)
        : (w.ClosedFit, w.ClosedFactor);

    private static bool OpensWithin(IReadOnlyList<ApplicationWindow> windows, DateOnly today, int days)
    {
        var last = today.AddDays(days);
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].OpensOn is { } o && o > today && o <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static double? AmountFit(long? minAmount, long? maxAmount, long? budget)
    {
        if (budget is not { } b || b <= 0 || (minAmount is null && maxAmount is null))
        {
            return null;
        }

        if (minAmount > b)
        {
            return 0.2;
        }

        if (maxAmount is not { } max)
        {
            return 1.0;
        }

        var share = max / (double)b;
        return share >= 0.5 ? 1.0 : share >= 0.1 ? 0.7 : 0.4;
    }

    // The facts that would settle most unknown criteria among the shown matches, most useful first.
    private static List<NextQuestion> QuestionsFor(IReadOnlyList<MatchItem> top, CatalogueSnapshot snapshot, bool en, int count) =>
        top.SelectMany(m => m.Criteria.Where(c => c.Outcome == Outcome.Unknown).Select(c => (Match: m.Scheme.Id, Field: QuestionTexts.FieldOf(c, snapshot.Codes))))
            .Where(c => c.Field is not null)
            .GroupBy(c => c.Field!, StringComparer.Ordinal)
            .Select(g => (Field: g.Key, Count: g.Select(x => x.Match).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => QuestionTexts.Order(g.Field, snapshot.Codes))
            .ThenBy(g => g.Field, StringComparer.Ordinal)
            .Take(count)
            .Select(g => new NextQuestion(g.Field, QuestionTexts.For(g.Field, snapshot.Codes, en), g.Count))
            .ToList();

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static MatchItem ToItem(
        Scored c, int rank, SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, NeedQuery need, DateOnly today, bool english)
    {
        var status = scheme.Status(today);
        var terms = new List<string>();
        for (var k = 0; k < need.Concepts.Count; k++)
        {
            if ((c.Matched & (1UL << k)) != 0)
            {
                terms.Add(need.Concepts[k].Label);
            }
        }

        var breakdown = new ScoreBreakdown(Round(c.Purpose), Round(c.Relevance), Round(c.Theme), Round(c.Phase), Round(c.Instrument),
            Math.Round(c.StatusFit, 4), Round(c.Amount), c.Certainty);
        return new MatchItem(
            rank, c.Score, c.Eligibility, scheme.MatchView, status.Status, status.ClosingSoon, status.NextDeadline, EligibilityEvaluator.Evaluate(scheme, firm, snapshot, english), breakdown, terms);
    }

    private readonly record struct Scored(
        int Index, double Score, string Eligibility, string Status, double? Purpose, double? Relevance, double? Theme, double? Phase,
        double? Instrument, double StatusFit, double? Amount, double Certainty, ulong Matched)
    {
        // Best score first; on a tie eligible before maybe, then by id, so the order never depends on chance.
        public static int Better(Scored a, Scored b)
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byCertainty = string.CompareOrdinal(a.Eligibility, b.Eligibility);
            return byCertainty != 0 ? byCertainty : a.Index.CompareTo(b.Index);
        }
    }

    // Keeps the best k of many offers in a heap whose root is the worst kept, so a full scan stays O(n log k).
    private sealed class TopK(int k)
    {
        private static readonly IComparer<Scored> WorstFirst = Comparer<Scored>.Create((a, b) => Scored.Better(b, a));
        private readonly PriorityQueue<Scored, Scored> _heap = new(WorstFirst);

        public void Offer(Scored candidate)
        {
            if (k == 0)
            {
                return;
            }

            if (_heap.Count < k)
            {
                _heap.Enqueue(candidate, candidate);
            }
            else if (Scored.Better(candidate, _heap.Peek()) < 0)
            {
                _heap.DequeueEnqueue(candidate, candidate);
            }
        }

        public List<Scored> Best()
        {
            var list = _heap.UnorderedItems.Select(x => x.Element).ToList();
            list.Sort(Scored.Better);
            return list;
        }
    }
}
