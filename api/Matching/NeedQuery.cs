namespace Matchmaker.Api.Matching;

public readonly record struct Alternative(string[] Stems, float Factor);

public sealed record QueryConcept(string Label, IReadOnlyList<Alternative> Alternatives, float Idf);

// A firm's need, analysed against one snapshot: the concepts to look for and the themes and instruments they imply.
public sealed record NeedQuery(
    IReadOnlyList<QueryConcept> Concepts,
    IReadOnlySet<string> Themes,
    string? Phase,
    IReadOnlySet<string> Instruments,
    bool InstrumentsExplicit,
    long? ProjectBudgetEur)
{
    public const int MaxConcepts = 64;
    public const float SynonymFactor = 0.9f;
    public const float TypoFactor = 0.85f;
    public const float CompoundPartFactor = 0.7f;

    public bool HasTopic => Concepts.Count > 0 || Themes.Count > 0;

    public ulong ThemeMask { get; } = ThemeBits.Mask(Themes);

    public static NeedQuery Analyze(MatchNeed? need, CatalogueSnapshot snapshot)
    {
        need ??= new MatchNeed();
        var lexicon = snapshot.Lexicon;
        var index = snapshot.Index;
        var words = need.Description is null
            ? []
            : TextAnalyzer.Words(need.Description).Where(w => !lexicon.Stopwords.Contains(w)).ToList();
        var stems = words.Select(TextAnalyzer.Stem).ToList();
        var stemSet = stems.ToHashSet(StringComparer.Ordinal);

        var concepts = new List<QueryConcept>();
        var inferredThemes = new HashSet<string>(StringComparer.Ordinal);
        var inferredInstruments = new HashSet<string>(StringComparer.Ordinal);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var seenConcepts = new HashSet<int>();

        for (var i = 0; i < stems.Count && concepts.Count < MaxConcepts; i++)
        {
            var stem = stems[i];
            if (lexicon.ByFirstStem.TryGetValue(stem, out var candidates))
            {
                foreach (var concept in candidates)
                {
                    var hit = concept.Terms.FirstOrDefault(t => t[0] == stem && t.All(stemSet.Contains));
                    if (hit is null || !seenConcepts.Add(concept.Id))
                    {
                        if (hit is not null)
                        {
                            consumed.UnionWith(hit);
                        }

                        continue;
                    }

                    consumed.UnionWith(hit);
                    inferredThemes.UnionWith(concept.Themes);
                    inferredInstruments.UnionWith(concept.Instruments);
                    var alternatives = concept.Terms
                        .Select(t => new Alternative(t, t.SequenceEqual(hit) ? 1f : SynonymFactor))
                        .Append(new Alternative([stem], 1f))
                        .ToList();
                    AddConcept(concepts, words[i], alternatives, index);
                }
            }
        }

        for (var i = 0; i < stems.Count && concepts.Count < MaxConcepts; i++)
        {
            var stem = stems[i];
            if (!consumed.Add(stem))
            {
                continue;
            }

            var alternatives = new List<Alternative> { new([stem], 1f) };
            if (!index.Contains(stem))
            {
                var parts = index.SplitCompound(stem).ToList();
                if (parts.Count > 0)
                {
                    alternatives.AddRange(parts.Select(p => new Alternative([p], CompoundPartFactor)));
                }
                else if (index.Closest(stem) is { } closest)
                {
                    alternatives.Add(new Alternative([closest], TypoFactor));
                }
            }

            AddConcept(concepts, words[i], alternatives, index);
        }

        var explicitThemes = (need.Themes ?? []).ToHashSet(StringComparer.Ordinal);
        var explicitInstruments = (need.Instruments ?? []).ToHashSet(StringComparer.Ordinal);
        return new NeedQuery(
            concepts,
            explicitThemes.Union(inferredThemes).ToHashSet(StringComparer.Ordinal),
            need.Phase,
            explicitInstruments.Count > 0 ? explicitInstruments : inferredInstruments,
            explicitInstruments.Count > 0,
            need.ProjectBudgetEur);
    }

    // A word no scheme uses tells nothing about which scheme fits, so it does not count against any of them.
    private static void AddConcept(List<QueryConcept> concepts, string label, List<Alternative> alternatives, RelevanceIndex index)
    {
        var idf = alternatives.Max(a => a.Stems.Min(index.Idf) * a.Factor);
        if (idf > 0)
        {
            concepts.Add(new QueryConcept(label, alternatives, idf));
        }
    }
}
