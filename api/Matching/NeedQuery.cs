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
    long? ProjectBudgetEur,
    IReadOnlyList<PurposeHit> Purposes,
    ulong ThemeMask,
    IReadOnlyList<string> Phrases,
    IReadOnlySet<string>? NamedLevels = null,
    IReadOnlyList<string>? NameStems = null,
    IReadOnlyList<string>? WrittenNames = null)
{
    public const int MaxConcepts = 64;
    public const float SynonymFactor = 0.9f;
    public const float TypoFactor = 0.85f;
    public const float CompoundPartFactor = 0.7f;
    public const int RareCompoundDocuments = 2;

    public bool HasTopic => Concepts.Count > 0 || Themes.Count > 0 || Purposes.Count > 0;

    public ulong PurposeMask => Purposes.Aggregate(0UL, (mask, p) => mask | (1UL << p.Bit));

    // How well a scheme's purposes answer the need: the strongest reading among the purposes it serves.
    public double? PurposeFit(ulong schemePurposes)
    {
        if (Purposes.Count == 0)
        {
            return null;
        }

        // Half the strongest reading it serves, half the share of what was asked that it serves: a scheme that answers
        // both "feasibility study" and "with partners" beats one that answers only one of them.
        // An index loop: this runs for every scheme of every request, and foreach over the interface allocates.
        float best = 0f, served = 0f, asked = 0f;
        for (var i = 0; i < Purposes.Count; i++)
        {
            var hit = Purposes[i];
            asked += hit.Strength;
            if ((schemePurposes & (1UL << hit.Bit)) != 0)
            {
                served += hit.Strength;
                best = Math.Max(best, hit.Strength);
            }
        }

        return best == 0 ? 0 : 0.5 * best + 0.5 * served / asked;
    }

    public static NeedQuery Analyze(MatchNeed? need, CatalogueSnapshot snapshot)
    {
        need ??= new MatchNeed();
        var lexicon = snapshot.Lexicon;
        var index = snapshot.Index;
        var allWords = need.Description is null ? [] : TextAnalyzer.Words(need.Description).ToList();
        // A bare number ("25.000 euro", "2026", "65-plussers") says how much or when, not which scheme: no concept.
        // Nor do the words that describe the firm or its founder, its size ("met 12 medewerkers") and the founder's own
        // schooling ("mijn koksopleiding afgerond"), nor what it says it does not look for ("we zoeken geen lening").
        var described = lexicon.HeadcountPositions(allWords);
        described.UnionWith(lexicon.OwnSchoolingPositions(allWords));
        var notSought = lexicon.NotSoughtPositions(allWords);
        described.UnionWith(notSought);
        var words = allWords.Where((w, i) => !lexicon.Stopwords.Contains(w) && !w.All(char.IsAsciiDigit) && !described.Contains(i)).ToList();
        var stems = words.Select(TextAnalyzer.Stem).ToList();
        var stemSet = stems.ToHashSet(StringComparer.Ordinal);

        var concepts = new List<QueryConcept>();
        var inferredThemes = new HashSet<string>(StringComparer.Ordinal);
        var inferredInstruments = new HashSet<string>(StringComparer.Ordinal);
        var weakInstruments = new HashSet<string>(StringComparer.Ordinal);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var nameStems = new List<string>();
        var seenConcepts = new HashSet<int>();
        var lexiconHits = new List<(string[] Hit, Concept Concept, int At)>();

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
                    var alternatives = concept.Terms
                        .Select(t => new Alternative(t, t.SequenceEqual(hit) ? 1f : SynonymFactor))
                        .Append(new Alternative([stem], 1f))
                        .ToList();
                    var before = concepts.Count;
                    AddConcept(concepts, words[i], alternatives, index);
                    lexiconHits.Add((hit, concept, concepts.Count > before ? before : -1));
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
            // A compound only a record or two use ("plattelandsprojecten") says little by itself: its parts count too.
            var known = index.Contains(stem);
            // A purpose word no record uses ("rondleiding") has its meaning from the purpose; its parts ("rond",
            // "leiding") or a near spelling would only meet records about something else.
            var carriedByPurpose = !known && snapshot.Purposes.Knows(stem);
            if (!carriedByPurpose && (!known || index.PostingList(stem).Length <= RareCompoundDocuments))
            {
                var parts = index.SplitCompound(stem);
                if (parts.Length > 0)
                {
                    alternatives.AddRange(parts.Select(p => new Alternative([p], CompoundPartFactor)));
                }
                else if (!known && index.Closest(stem) is { } closest)
                {
                    alternatives.Add(new Alternative([closest], TypoFactor));
                }
            }

            AddConcept(concepts, words[i], alternatives, index);
            // A word that is neither a need firms name nor a purpose phrase is likely part of a name ("UNIIQ",
            // "Limburgs"): only such words can name a particular fund.
            if (index.Contains(stem) && !snapshot.Purposes.Knows(stem))
            {
                nameStems.Add(stem);
            }
        }

        var explicitThemes = (need.Themes ?? []).ToHashSet(StringComparer.Ordinal);
        var explicitInstruments = (need.Instruments ?? []).ToHashSet(StringComparer.Ordinal);
        var purposeStems = PurposeStems(allWords, lexicon, described);
        var purposes = ReadPurposes(need.Purposes, purposeStems, snapshot);
        // A word that is part of a purpose's phrase is read as that purpose, whose instruments follow below: "de bank heeft
        // ons krediet opgezegd" asks for no credit, "cyber security" for no guarantee.
        var phraseStems = purposes.Where(p => p.Phrase.Contains(' ', StringComparison.Ordinal))
            .SelectMany(p => TextAnalyzer.Words(p.Phrase).Select(TextAnalyzer.Stem)).ToHashSet(StringComparer.Ordinal);
        var drop = new List<int>();
        foreach (var (hit, concept, at) in lexiconHits)
        {
            if (!hit.All(phraseStems.Contains))
            {
                (concept.WeakInstrumentHint ? weakInstruments : inferredInstruments).UnionWith(concept.Instruments);
            }
            else if (at >= 0 && concept.Instruments.Count > 0)
            {
                // Nor is it matched against texts: as an instrument's word it would meet every loan scheme.
                drop.Add(at);
            }
        }

        foreach (var at in drop.OrderDescending())
        {
            concepts.RemoveAt(at);
        }

        // An instrument the firm names ("aftrek", "lening", "investeerders") decides; otherwise what it needs says which
        // make sense: buying a machine calls for a tax benefit, a loan or a guarantee, not venture capital.
        // A loose word ("subsidie", "vergoeding") never narrows what the need calls for, but it does widen a named one:
        // "een collega begeleiden … krijgen we een vergoeding?" asks for money, not only advice.
        var named = inferredInstruments.Count > 0;
        inferredInstruments.UnionWith(weakInstruments);
        var asked = inferredInstruments.ToHashSet(StringComparer.Ordinal);
        foreach (var hit in purposes)
        {
            // A purpose read for certain that no named instrument serves is a second ask: "help me write the plan; I
            // may need a small loan" wants the advice as well as the loan.
            var serves = snapshot.Codes.Terms.Purposes[hit.Bit].Instruments ?? [];
            if (!named || (hit.Strength >= 1f && !serves.Any(asked.Contains)))
            {
                inferredInstruments.UnionWith(serves);
            }
        }

        // What the firm says it does not want ("een lening hebben we niet nodig", "we are not looking for a loan") is not
        // offered as what its purposes would call for.
        inferredInstruments.ExceptWith(RefusedInstruments(allWords, notSought, lexicon));

        var themes = explicitThemes.Union(inferredThemes).ToHashSet(StringComparer.Ordinal);
        var phrases = purposes.Where(p => need.Purposes?.Contains(p.Code) != true).Select(p => p.Phrase)
            .Concat(concepts.Select(c => c.Label)).Distinct(StringComparer.Ordinal).ToList();
        return new NeedQuery(
            concepts,
            themes,
            need.Phase,
            explicitInstruments.Count > 0 ? explicitInstruments : inferredInstruments,
            explicitInstruments.Count > 0,
            need.ProjectBudgetEur,
            purposes,
            snapshot.Bits.Themes(themes),
            phrases,
            allWords.Select(w => lexicon.LevelOf.GetValueOrDefault(w)).OfType<string>().ToHashSet(StringComparer.Ordinal),
            nameStems,
            NamesAsWritten(need.Description, nameStems));
    }

    // The instrument named by a word the firm says it does not seek ("lening", "a loan"); a word that may mean more than one
    // ("investeerder": a shareholder or a lender) refuses none of them.
    private static HashSet<string> RefusedInstruments(List<string> words, HashSet<int> notSought, Lexicon lexicon)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in notSought)
        {
            var stem = TextAnalyzer.Stem(words[i]);
            foreach (var concept in lexicon.ByFirstStem.GetValueOrDefault(stem) ?? [])
            {
                if (!concept.WeakInstrumentHint && concept.Instruments.Count == 1 && concept.Terms.Any(t => t.Length == 1 && t[0] == stem))
                {
                    refused.UnionWith(concept.Instruments);
                }
            }
        }

        return refused;
    }

    // Of the words that may name a fund, those the firm wrote as a name ("ITEA", "via Eurostars"); null for none.
    private static List<string>? NamesAsWritten(string? description, List<string> nameStems)
    {
        if (description is null || nameStems.Count == 0)
        {
            return null;
        }

        var written = TextAnalyzer.StemsWrittenAsNames(description);
        var names = nameStems.Where(written.Contains).Distinct(StringComparer.Ordinal).ToList();
        return names.Count > 0 ? names : null;
    }

    // The words of the question in order, then from FirstPair on each pair of neighbours written as one, since firms
    // write "led verlichting" for "ledverlichting"; the order tells the recognizer which words stand together.
    private static (List<string> Stems, int FirstPair) PurposeStems(List<string> all, Lexicon lexicon, HashSet<int> described)
    {
        var trade = lexicon.TradePositions(all);
        trade.UnionWith(lexicon.StatePositions(all));
        trade.UnionWith(described);
        // A word naming the firm's own trade, or saying that something has already begun, keeps its place, so the words
        // around it do not become neighbours, but reads as nothing.
        var words = all.Select((w, i) => (Word: w, Trade: trade.Contains(i))).Where(w => !lexicon.FunctionWords.Contains(w.Word)).ToList();
        var stems = words.Select(w => w.Trade ? string.Empty : TextAnalyzer.Stem(w.Word)).ToList();
        for (var i = 0; i + 1 < words.Count && i < MaxConcepts; i++)
        {
            stems.Add(words[i].Trade || words[i + 1].Trade ? string.Empty : TextAnalyzer.Stem(words[i].Word + words[i + 1].Word));
        }

        return (stems, words.Count);
    }

    // Purposes named in the request count fully; those read from the question as sure as the reading is.
    private static List<PurposeHit> ReadPurposes(
        IReadOnlyList<string>? named, (List<string> Stems, int FirstPair) question, CatalogueSnapshot snapshot)
    {
        var hits = snapshot.Purposes.Recognise(question.Stems, question.FirstPair).ToList();
        var all = snapshot.Codes.Terms.Purposes;
        for (var bit = 0; bit < all.Count; bit++)
        {
            if (named?.Contains(all[bit].Code) == true)
            {
                hits.RemoveAll(h => h.Bit == bit);
                hits.Insert(0, new PurposeHit(bit, all[bit].Code, 1f, all[bit].Code));
            }
        }

        return hits;
    }

    // A scheme's own region's equivalent of a fund the firm named elsewhere: the same purposes count as asked.
    public NeedQuery WithPurposesOf(ulong purposes, CatalogueSnapshot snapshot)
    {
        var added = new List<PurposeHit>(Purposes);
        var all = snapshot.Codes.Terms.Purposes;
        for (var bit = 0; bit < all.Count; bit++)
        {
            if ((purposes & (1UL << bit)) != 0 && added.All(h => h.Bit != bit))
            {
                added.Add(new PurposeHit(bit, all[bit].Code, PurposeRecognizer.WordStrength, all[bit].Code));
            }
        }

        return this with { Purposes = added };
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
