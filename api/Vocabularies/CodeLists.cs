using Matchmaker.Api.Catalogue;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Vocabularies;

// data/vocabularies.json, read once at start: the only place a code list is written.
public sealed class CodeLists
{
    private readonly HashSet<string> _windowsRequired;

    public CodeLists(Catalogue.Vocabularies vocabularies)
    {
        Terms = vocabularies;
        _windowsRequired = vocabularies.Instruments.Where(i => i.WindowsRequired == true).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        ByName = vocabularies.Lists.ToDictionary(l => l.Name, l => l.Terms, StringComparer.Ordinal);
        Facts = vocabularies.Facts.ToDictionary(f => f.Code, StringComparer.Ordinal);
        Criteria = vocabularies.Criteria.ToDictionary(c => c.Code, StringComparer.Ordinal);
        ExclusiveFacts = vocabularies.Facts.Where(f => f.ExclusiveGroup is not null)
            .GroupBy(f => f.ExclusiveGroup, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<string>)g.Select(f => f.Code).ToList())
            .ToList();
        _sections = vocabularies.SbiSections.SelectMany(s => (s.Divisions ?? []).Select(d => (d, s))).ToDictionary(x => x.d, x => x.s, StringComparer.Ordinal);
        _tradePurposes = vocabularies.Purposes.Select((p, bit) => (p, bit))
            .SelectMany(x => (x.p.SbiSections ?? []).Select(section => (section, x.bit)))
            .GroupBy(x => x.section, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.Select(x => x.bit).ToList(), StringComparer.Ordinal);
    }

    private readonly Dictionary<string, IReadOnlyList<int>> _tradePurposes;

    // The purposes (their bits) a firm of this SBI code has by its trade ('sbiSections' of a purpose); none for most.
    public IReadOnlyList<int> TradePurposes(string sbiCode) =>
        SectionOf(sbiCode) is { } section && _tradePurposes.TryGetValue(section.Code, out var bits) ? bits : [];

    private readonly Dictionary<string, VocabularyTerm> _sections;

    // The SBI 2008 section of a code (its first two digits name the division), for names instead of bare codes.
    public VocabularyTerm? SectionOf(string sbiCode) => sbiCode.Length >= 2 ? _sections.GetValueOrDefault(sbiCode[..2]) : null;

    public CodeLists(IOptions<CatalogueOptions> options)
        : this(Catalogue.Vocabularies.Load(options.Value.DataPath))
    {
    }

    public Catalogue.Vocabularies Terms { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<VocabularyTerm>> ByName { get; }

    public IReadOnlyDictionary<string, VocabularyTerm> Facts { get; }

    // Groups of yes/no facts of which a firm answers at most one yes ('exclusiveGroup' in vocabularies.json).
    public IReadOnlyList<IReadOnlyList<string>> ExclusiveFacts { get; }

    // The criteria table: per criterion code its label, the request field that settles it and the question to ask.
    public IReadOnlyDictionary<string, VocabularyTerm> Criteria { get; }

    public const string BooleanFact = "boolean";

    // Each list's enum in data/catalogue.schema.json ($defs), which the match request schema refers to.
    public static readonly IReadOnlyDictionary<string, string> SchemaDefinitions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["themes"] = "theme", ["phases"] = "phase", ["instruments"] = "instrument", ["levels"] = "level", ["legal-forms"] = "legalForm",
        ["size-classes"] = "sizeClass", ["purposes"] = "purpose", ["statuses"] = "status", ["facts"] = "fact", ["window-modes"] = "windowMode",
        ["budget-statuses"] = "budgetStatus", ["provider-kinds"] = "providerKind", ["webhook-events"] = "webhookEvent",
        ["delivery-states"] = "deliveryState",
    };

    // Budgeted instruments (subsidies, loans, vouchers) are not open all year just because no window is listed.
    public bool WindowsRequired(string instrument) => _windowsRequired.Contains(instrument);

    public static CodeLists Load(string dataPath) => new(Catalogue.Vocabularies.Load(dataPath));
}
