using System.Buffers;
using System.Numerics;
using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Matching;

public sealed record RankOptions(int Limit, bool IncludeIneligible, bool English);

public sealed record RankResult(IReadOnlyList<MatchItem> Matches, IReadOnlyList<MatchItem>? Excluded, NextQuestion? NextQuestion);

// The ranking: a pure function of (profile, need, snapshot, date). No I/O and no clock, so it is tested with tables.
// score = certainty × weighted mean of the parts that apply (README, "How matching scores").
public static class MatchRanker
{
    public const double RelevanceWeight = 0.45;
    public const double ThemeWeight = 0.20;
    public const double PhaseWeight = 0.10;
    public const double InstrumentWeight = 0.10;
    public const double StatusWeight = 0.10;
    public const double AmountWeight = 0.05;
    public const double MaybeCertainty = 0.85;
    public const double MinimumRelevance = 0.15;
    public const int ClosingSoonDays = 30;

    private static readonly string[] PhaseOrder =
        ["idea", "feasibility", "research-development", "demonstration", "market-introduction", "investment", "scale-up", "operations"];

    private static readonly string[] QuestionOrder =
        ["company.municipalityCode", "company.employees", "company.foundedOn", "company.sbiCodes", "company.legalForm", "company.annualTurnoverEur", "company.balanceSheetTotalEur"];

    public static RankResult Rank(ResolvedProfile firm, NeedQuery need, CatalogueSnapshot snapshot, DateOnly today, RankOptions options)
    {
        var schemes = snapshot.Schemes;
        var relevance = ArrayPool<float>.Shared.Rent(schemes.Count);
        var matched = ArrayPool<ulong>.Shared.Rent(schemes.Count);
        try
        {
            Relevance(need, snapshot.Index, schemes.Count, relevance, matched);

            // The loop only decides outcomes and scores, keeping the best few in bounded heaps;
            // text is written afterwards for the schemes that are shown.
            var matches = new TopK(options.Limit);
            var excluded = new TopK(options.IncludeIneligible ? options.Limit : 0);
            var checks = new List<Check>(12);
            var area = FirmArea.Of(firm);
            for (var i = 0; i < schemes.Count; i++)
            {
                var scheme = schemes[i];
                if (scheme.Ended && !options.IncludeIneligible)
                {
                    continue;
                }

                var r = need.Concepts.Count > 0 ? relevance[i] : (double?)null;
                double? theme = need.ThemeMask != 0 ? ThemeFit(scheme, need) : null;
                // A firm that asked something gets only schemes that answer it, never the whole catalogue.
                if (need.HasTopic && !(r >= MinimumRelevance || theme > 0))
                {
                    continue;
                }

                checks.Clear();
                EligibilityEvaluator.Check(scheme, firm, area, checks);
                var eligibility = EligibilityEvaluator.Overall(checks);
                if (eligibility == "ineligible" && !options.IncludeIneligible)
                {
                    continue;
                }

                (eligibility == "ineligible" ? excluded : matches).Offer(Score(scheme, i, eligibility, r, theme, need, today, matched[i]));
            }

            var items = matches.Best().Select((c, n) => ToItem(c, n + 1, schemes[c.Index], firm, snapshot, need, options.English)).ToList();
            var excludedItems = options.IncludeIneligible
                ? excluded.Best().Select((c, n) => ToItem(c, n + 1, schemes[c.Index], firm, snapshot, need, options.English)).ToList()
                : null;
            return new RankResult(items, excludedItems, NextQuestionFor(items, options.English));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(relevance);
            ArrayPool<ulong>.Shared.Return(matched);
        }
    }

    private static void Relevance(NeedQuery need, RelevanceIndex index, int count, float[] relevance, ulong[] matched)
    {
        Array.Clear(relevance, 0, count);
        Array.Clear(matched, 0, count);
        if (need.Concepts.Count == 0)
        {
            return;
        }

        var best = ArrayPool<float>.Shared.Rent(count);
        Array.Clear(best, 0, count);
        var touched = new List<int>();
        var totalIdf = need.Concepts.Sum(c => c.Idf);
        for (var c = 0; c < need.Concepts.Count; c++)
        {
            var concept = need.Concepts[c];
            foreach (var alternative in concept.Alternatives)
            {
                foreach (var posting in index.Postings(alternative.Stems[0]))
                {
                    var weight = posting.Weight * alternative.Factor;
                    for (var s = 1; s < alternative.Stems.Length && weight > 0; s++)
                    {
                        weight = Math.Min(weight, WeightOf(index.Postings(alternative.Stems[s]), posting.Scheme) * alternative.Factor);
                    }

                    if (weight > best[posting.Scheme])
                    {
                        if (best[posting.Scheme] == 0)
                        {
                            touched.Add(posting.Scheme);
                        }

                        best[posting.Scheme] = weight;
                    }
                }
            }

            foreach (var s in touched)
            {
                relevance[s] += concept.Idf * best[s] / totalIdf;
                matched[s] |= 1UL << c;
                best[s] = 0;
            }

            touched.Clear();
        }

        ArrayPool<float>.Shared.Return(best);
    }

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

    private static double ThemeFit(SchemeEntry scheme, NeedQuery need)
    {
        var overlap = BitOperations.PopCount(scheme.ThemeMask & need.ThemeMask);
        return Math.Min(1.0, overlap / (double)Math.Min(BitOperations.PopCount(need.ThemeMask), 2));
    }

    private static Scored Score(
        SchemeEntry scheme, int index, string eligibility, double? relevance, double? theme, NeedQuery need, DateOnly today, ulong matched)
    {
        var (status, deadline) = SchemeStatus.Compute(scheme.Ended, scheme.Windows, today);
        double? phase = need.Phase is null ? null : PhaseFit(scheme, need.Phase);
        double? instrument = need.Instruments.Count == 0 ? null
            : need.Instruments.Contains(scheme.Document.Instrument) ? 1.0
            : need.InstrumentsExplicit ? 0.0 : 0.5;
        var statusFit = StatusFit(scheme, status, deadline, today);
        var amount = AmountFit(scheme.Document.Funding, need.ProjectBudgetEur);
        var certainty = eligibility == "eligible" ? 1.0 : eligibility == "maybe" ? MaybeCertainty : 0.0;

        double sum = StatusWeight * statusFit, weights = StatusWeight;
        Part(relevance, RelevanceWeight, ref sum, ref weights);
        Part(theme, ThemeWeight, ref sum, ref weights);
        Part(phase, PhaseWeight, ref sum, ref weights);
        Part(instrument, InstrumentWeight, ref sum, ref weights);
        Part(amount, AmountWeight, ref sum, ref weights);
        return new Scored(index, Math.Round(certainty * sum / weights, 4), eligibility, status, deadline,
            relevance, theme, phase, instrument, statusFit, amount, certainty, matched);
    }

    private static void Part(double? value, double weight, ref double sum, ref double weights)
    {
        if (value is { } v)
        {
            sum += weight * v;
            weights += weight;
        }
    }

    private static double PhaseFit(SchemeEntry scheme, string phase)
    {
        if (scheme.Phases.Contains(phase))
        {
            return 1.0;
        }

        var at = Array.IndexOf(PhaseOrder, phase);
        return scheme.Phases.Any(p => Math.Abs(Array.IndexOf(PhaseOrder, p) - at) == 1) ? 0.5 : 0.0;
    }

    // Open and closing within 30 days counts most (act now), then open, then a round that is coming; a closed scheme
    // with rounds to come helps a firm least.
    private static double StatusFit(SchemeEntry scheme, string status, DateOnly? deadline, DateOnly today) => status switch
    {
        SchemeStatus.Open => deadline is { } d && d <= today.AddDays(ClosingSoonDays) ? 1.0 : 0.95,
        SchemeStatus.Upcoming => scheme.Windows.Any(w => w.OpensOn is { } o && o > today && o <= today.AddDays(90)) ? 0.8 : 0.6,
        _ => 0.4,
    };

    private static double? AmountFit(SchemeFunding? funding, long? budget)
    {
        if (budget is not { } b || b <= 0 || funding is null || (funding.MinAmountEur is null && funding.MaxAmountEur is null))
        {
            return null;
        }

        if (funding.MinAmountEur > b)
        {
            return 0.2;
        }

        if (funding.MaxAmountEur is not { } max)
        {
            return 1.0;
        }

        var share = max / (double)b;
        return share >= 0.5 ? 1.0 : share >= 0.1 ? 0.7 : 0.4;
    }

    private static NextQuestion? NextQuestionFor(IReadOnlyList<MatchItem> top, bool en)
    {
        var counts = top.SelectMany(m => m.Criteria)
            .Where(c => c.Outcome == Outcome.Unknown && EligibilityEvaluator.FieldFor.ContainsKey(c.Criterion))
            .GroupBy(c => EligibilityEvaluator.FieldFor[c.Criterion])
            .Select(g => (Field: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => Array.IndexOf(QuestionOrder, g.Field))
            .FirstOrDefault();
        return counts.Field is null ? null : new NextQuestion(counts.Field, Question(counts.Field, en), counts.Count);
    }

    private static string Question(string field, bool en) => (field, en) switch
    {
        ("company.municipalityCode", false) => "In welke gemeente is uw bedrijf gevestigd?",
        ("company.municipalityCode", true) => "In which municipality is your business established?",
        ("company.employees", false) => "Hoeveel mensen werken er in uw bedrijf?",
        ("company.employees", true) => "How many people work in your business?",
        ("company.foundedOn", false) => "Wanneer is uw bedrijf gestart?",
        ("company.foundedOn", true) => "When did your business start?",
        ("company.sbiCodes", false) => "Wat is de hoofdactiviteit van uw bedrijf (SBI-code)?",
        ("company.sbiCodes", true) => "What is your business's main activity (SBI code)?",
        ("company.legalForm", false) => "Wat is de rechtsvorm van uw bedrijf, bijvoorbeeld eenmanszaak of bv?",
        ("company.legalForm", true) => "What is your business's legal form, for example eenmanszaak or bv?",
        ("company.annualTurnoverEur", false) => "Wat is de jaaromzet van uw bedrijf?",
        ("company.annualTurnoverEur", true) => "What is your business's annual turnover?",
        ("company.balanceSheetTotalEur", false) => "Wat is het balanstotaal van uw bedrijf?",
        _ => "What is your business's balance-sheet total?",
    };

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static MatchItem ToItem(Scored c, int rank, SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, NeedQuery need, bool english)
    {
        var d = scheme.Document;
        var terms = new List<string>();
        for (var k = 0; k < need.Concepts.Count; k++)
        {
            if ((c.Matched & (1UL << k)) != 0)
            {
                terms.Add(need.Concepts[k].Label);
            }
        }

        var breakdown = new ScoreBreakdown(Round(c.Relevance), Round(c.Theme), Round(c.Phase), Round(c.Instrument), Math.Round(c.StatusFit, 4),
            Round(c.Amount), c.Certainty);
        return new MatchItem(
            rank, c.Score, c.Eligibility,
            new MatchScheme(d.Id, d.Title, d.Summary, d.Level, d.Instrument, new ProviderReference(d.Provider, scheme.ProviderName), d.Funding, d.Url),
            c.Status, c.Deadline, EligibilityEvaluator.Evaluate(scheme, firm, snapshot, english), breakdown, terms);
    }

    private readonly record struct Scored(
        int Index, double Score, string Eligibility, string Status, DateOnly? Deadline, double? Relevance, double? Theme, double? Phase,
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
