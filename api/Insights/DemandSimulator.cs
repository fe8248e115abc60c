using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Insights;

// Realistic match requests for showing and testing the insights: firms in the municipalities of data/areas, of assumed
// sizes, sectors and ages, asking in the words of data/vocabularies.json's purposes (Dutch mostly, English sometimes),
// through the three channels, on days spread over the period (more recently, fewer at weekends). Every request runs
// through the real ranking on the real snapshot, so the recorded outcomes (shown schemes, unmet) are what the service
// would answer. The mix is an assumption, stated here, not a statistic: sizes micro 60%, small 25%, medium 12%, large 3%
// (10% not given); 10% without location; purposes follow a fixed Zipf-like popularity with three favourites per province.
public sealed class DemandSimulator
{
    private static readonly string[] NlTemplates =
    [
        "{0}", "Wij willen {0}", "Ik zoek geld om {0}", "Is er een regeling voor {0}?", "Hoe kan ik {0}", "We zijn bezig met {0} en zoeken steun",
        "Graag hulp bij {0}", "Subsidie voor {0}",
    ];

    private static readonly string[] EnTemplates = ["{0}", "We want to {0}", "Looking for support to {0}", "Is there a scheme for {0}?"];

    // Needs firms name that the catalogue hardly covers, so the unrecognised words show something.
    private static readonly string[] EmergingNeeds =
    [
        "netcongestie", "stikstofruimte", "hittestress", "woningnood personeel", "cyberverzekering", "drinkwaterschaarste", "bodemdaling",
        "exportcontrole", "plasticheffing", "loonkostenstijging",
    ];

    // Syllables for the occasional firm or family name a question carries; such names are unique, so they are never stored.
    private static readonly string[] Syllables = ["ver", "bo", "len", "dijk", "kam", "stra", "hui", "ter", "mo", "vel", "broek", "zan", "wijn", "gaar"];

    // The assumed mix of legal forms and the instruments a simulated need sometimes names, by the C# names of their
    // codes in data/vocabularies.json (each name is its code in Pascal case).
    private enum AssumedLegalForm { Bv, Eenmanszaak, Vof, Stichting, Cooperatie }

    private enum AssumedInstrument { Subsidy, Loan, Guarantee, Advice }

    private static readonly double[] LegalFormShares = [0.45, 0.35, 0.12, 0.04, 0.04];

    internal static readonly (string Code, double Share)[] LegalForms = Enum.GetValues<AssumedLegalForm>()
        .Select(f => (VocabularyCode.Of("legal-forms", f.ToString()), LegalFormShares[(int)f])).ToArray();

    internal static readonly string[] Instruments = Enum.GetValues<AssumedInstrument>()
        .Select(i => VocabularyCode.Of("instruments", i.ToString())).ToArray();

    private readonly CatalogueSnapshot _snapshot;
    private readonly Random _random;
    private readonly List<MunicipalityInfo> _municipalities;
    private readonly IReadOnlyList<VocabularyTerm> _purposes;
    private readonly double[] _popularity;
    private readonly Dictionary<string, HashSet<int>> _favourites;
    private readonly List<(string Section, string Division)> _divisions;

    public DemandSimulator(CatalogueSnapshot snapshot, int seed)
    {
        _snapshot = snapshot;
        _random = new Random(seed);
        _municipalities = snapshot.Municipalities.Values.OrderBy(m => m.Code, StringComparer.Ordinal).ToList();
        _purposes = snapshot.Codes.Terms.Purposes;
        // A fixed order of popularity (shuffled by the seed), falling off as 1/rank^0.8.
        var order = Enumerable.Range(0, _purposes.Count).OrderBy(_ => _random.Next()).ToArray();
        _popularity = new double[_purposes.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            _popularity[order[rank]] = 1.0 / Math.Pow(rank + 1, 0.8);
        }

        _favourites = snapshot.Provinces.Keys.Order(StringComparer.Ordinal)
            .ToDictionary(p => p, _ => Enumerable.Range(0, 3).Select(_ => _random.Next(_purposes.Count)).ToHashSet(), StringComparer.Ordinal);
        _divisions = snapshot.Codes.Terms.SbiSections.SelectMany(s => (s.Divisions ?? []).Select(d => (s.Code, d))).ToList();
    }

    // One simulated request, ranked, as the event the service would record.
    public DemandEvent Next(DateOnly today, int days, int index)
    {
        var day = Day(today, days);
        var company = Company(day, out var province);
        var english = _random.NextDouble() < 0.15;
        var purposes = Purposes(province);
        MatchNeed need;
        string? description = null;
        if (_random.NextDouble() < 0.1)
        {
            // An adviser tool that names the purposes from the list instead of describing the need.
            need = new MatchNeed(Purposes: purposes.Select(p => p.Code).ToList());
        }
        else
        {
            description = Description(purposes, english);
            need = new MatchNeed(description, Instruments: _random.NextDouble() < 0.15 ? [Pick(Instruments)] : null);
        }

        var channel = _random.NextDouble() switch
        {
            < 0.45 => DemandChannels.Anonymous,
            < 0.85 => DemandChannels.Widget,
            _ => DemandChannels.Adviser,
        };
        var profile = ProfileResolver.Resolve(null, company, day, _snapshot.Municipalities, exclusiveFacts: _snapshot.Codes.ExclusiveFacts);
        var ranked = MatchRanker.Rank(profile, NeedQuery.Analyze(need, _snapshot), _snapshot, day, new RankOptions(MatchService.DefaultLimit, false, english));
        return DemandEvent.From(profile, ranked, _snapshot, channel, day, description, "simulated:" + index);
    }

    // Later days more often (growth), weekends seldom.
    private DateOnly Day(DateOnly today, int days)
    {
        while (true)
        {
            var back = (int)(days * (1 - Math.Sqrt(_random.NextDouble())));
            var day = today.AddDays(-Math.Min(back, days - 1));
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || _random.NextDouble() < 0.15)
            {
                return day;
            }
        }
    }

    private MatchCompany Company(DateOnly day, out string? province)
    {
        var municipality = _random.NextDouble() < 0.9 ? _municipalities[_random.Next(_municipalities.Count)] : null;
        province = municipality?.ProvinceCode;
        int? employees = _random.NextDouble() switch
        {
            < 0.10 => null,
            < 0.64 => _random.Next(0, 10),
            < 0.865 => _random.Next(10, 50),
            < 0.973 => _random.Next(50, 250),
            _ => _random.Next(250, 1500),
        };
        var sbi = _random.NextDouble() < 0.85 ? _divisions[_random.Next(_divisions.Count)].Division + _random.Next(1, 10).ToString("00", System.Globalization.CultureInfo.InvariantCulture) : null;
        var age = _random.NextDouble() < 0.85 ? (int?)Math.Min(60, (int)(-8 * Math.Log(1 - _random.NextDouble()))) : null;
        DateOnly? founded = age is { } years ? day.AddYears(-years).AddDays(-_random.Next(0, 365)) : null;
        return new MatchCompany(
            LegalForm: _random.NextDouble() < 0.8 ? Weighted(LegalForms) : null,
            SbiCodes: sbi is null ? null : [sbi],
            Employees: employees,
            FoundedOn: founded,
            MunicipalityCode: municipality?.Code);
    }

    private List<VocabularyTerm> Purposes(string? province)
    {
        var count = _random.NextDouble() < 0.75 ? 1 : 2;
        var chosen = new List<VocabularyTerm>();
        var favourites = province is null ? null : _favourites[province];
        while (chosen.Count < count)
        {
            var weights = _popularity.Select((w, i) => favourites?.Contains(i) == true ? w + 0.6 : w).ToArray();
            var purpose = _purposes[WeightedIndex(weights)];
            if (!chosen.Contains(purpose))
            {
                chosen.Add(purpose);
            }
        }

        return chosen;
    }

    private string Description(List<VocabularyTerm> purposes, bool english)
    {
        var phrases = purposes.Select(p => Pick((english ? p.Words?.En : p.Words?.Nl) ?? p.Words?.Nl ?? [p.Label.Nl])).ToList();
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(english ? EnTemplates : NlTemplates),
            string.Join(english ? " and " : " en ", phrases));
        if (!english && _random.NextDouble() < 0.2)
        {
            text += ", ook vanwege " + Pick(EmergingNeeds);
        }

        if (_random.NextDouble() < 0.1)
        {
            var name = string.Concat(Enumerable.Range(0, 4).Select(_ => Pick(Syllables)));
            text += english ? $". Our firm is {char.ToUpperInvariant(name[0])}{name[1..]}" : $". Ons bedrijf heet {char.ToUpperInvariant(name[0])}{name[1..]}";
        }

        return text;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Weighted((string Code, double Share)[] items) => items[WeightedIndex(items.Select(i => i.Share).ToArray())].Code;

    private int WeightedIndex(double[] weights)
    {
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
