using System.Globalization;
using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;
using T = Matchmaker.Api.Matching.CriterionTexts;

namespace Matchmaker.Api.Matching;

public static class Eligibility
{
    public static readonly string Eligible = VocabularyCode.Of("eligibilities", nameof(Eligible));
    public static readonly string Maybe = VocabularyCode.Of("eligibilities", nameof(Maybe));
    public static readonly string Ineligible = VocabularyCode.Of("eligibilities", nameof(Ineligible));
}

public static class Outcome
{
    public static readonly string Met = VocabularyCode.Of("criterion-outcomes", nameof(Met));
    public static readonly string Unmet = VocabularyCode.Of("criterion-outcomes", nameof(Unmet));
    public static readonly string Unknown = VocabularyCode.Of("criterion-outcomes", nameof(Unknown));
}

// The criteria table. Each kind is one entry of the 'criteria' list in vocabularies.json, found by its name (Location is
// "location", BalanceSheet "balance-sheet"), which gives its code, label, request field and question; Check decides its
// outcome, CriterionTexts holds its sentences and Describe fills them in.
public enum CriterionKind
{
    Status,
    Location,
    Size,
    Employees,
    Turnover,
    BalanceSheet,
    CompanyAge,
    LegalForm,
    Sector,
    Fact,
    Collaboration,
    Conditions,
}

public static class Criteria
{
    private static readonly string[] Codes = Enum.GetValues<CriterionKind>().Select(k => VocabularyCode.Of("criteria", k.ToString())).ToArray();

    public static string Code(CriterionKind kind) => Codes[(int)kind];
}

// Index: what decided the outcome, so that Describe never works it out again. For a fact, its rule in the scheme's
// eligibility.facts; for the sector, the firm's SBI code that is one of the scheme's (met) or the scheme's excluded
// prefix that the main activity falls under (unmet); -1 otherwise.
public readonly record struct Check(CriterionKind Kind, string Outcome, int Index = -1);

// A scheme's eligibility rules as numbers and bits (EligibilityEvaluator.Decide reads them); an absent rule has its flag
// off. The codes' bits are those of CodeBits, in vocabulary order.
public readonly struct RuleFacets
{
    public RuleFacets(SchemeEligibility? e, CodeBits bits)
    {
        Any = e is not null;
        SizeRule = e?.SizeClasses is { Count: > 0 };
        SizeMask = SizeRule ? bits.SizeClasses(e!.SizeClasses!) : 0;
        LegalFormRule = e?.LegalForms is { Count: > 0 };
        LegalFormMask = LegalFormRule ? bits.LegalForms(e!.LegalForms!) : 0;
        EmployeesRule = e?.MinEmployees is not null || e?.MaxEmployees is not null;
        MinEmployees = e?.MinEmployees ?? int.MinValue;
        MaxEmployees = e?.MaxEmployees ?? int.MaxValue;
        TurnoverRule = e?.MaxAnnualTurnoverEur is not null;
        MaxTurnover = e?.MaxAnnualTurnoverEur ?? long.MaxValue;
        BalanceRule = e?.MaxBalanceSheetTotalEur is not null;
        MaxBalance = e?.MaxBalanceSheetTotalEur ?? long.MaxValue;
        AgeRule = e?.MinCompanyAgeYears is not null || e?.MaxCompanyAgeYears is not null;
        MinAge = e?.MinCompanyAgeYears ?? int.MinValue;
        MaxAge = e?.MaxCompanyAgeYears ?? int.MaxValue;
        FactRules = e?.Facts is { Count: > 0 };
        Collaboration = e?.CollaborationRequired == true;
        Conditions = e?.Conditions is { Count: > 0 };
    }

    // Wide fields first, so the struct packs without padding: the ranking loop reads one per candidate.
    public ulong SizeMask { get; }

    public ulong LegalFormMask { get; }

    public long MaxTurnover { get; }

    public long MaxBalance { get; }

    public int MinEmployees { get; }

    public int MaxEmployees { get; }

    public int MinAge { get; }

    public int MaxAge { get; }

    public bool Any { get; }

    public bool SizeRule { get; }

    public bool LegalFormRule { get; }

    public bool EmployeesRule { get; }

    public bool TurnoverRule { get; }

    public bool BalanceRule { get; }

    public bool AgeRule { get; }

    public bool FactRules { get; }

    public bool Collaboration { get; }

    public bool Conditions { get; }
}

// What Decide needs of a firm, worked out once per request: its area keys and the bits of its size class and legal
// form (0 when unknown or not a code of the list).
public readonly record struct FirmFacets(FirmArea Area, ulong SizeBit, ulong LegalFormBit)
{
    public static FirmFacets Of(ResolvedProfile firm, CodeBits bits) => new(
        FirmArea.Of(firm),
        firm.SizeClass is { } size ? bits.SizeClasses([size]) : 0,
        firm.LegalForm is { } form ? bits.LegalForms([form]) : 0);
}

// The firm's location as area keys, worked out once per request.
public readonly record struct FirmArea(int Municipality, int Province)
{
    public static FirmArea Of(ResolvedProfile firm) => new(AreaKey.Of(firm.MunicipalityCode), AreaKey.Of(firm.ProvinceCode));
}

// Per scheme and per criterion: met, unmet or unknown. Outcomes are decided once, in Check, without building text;
// Describe turns an outcome into the reason a firm reads, only for the schemes that are shown.
public static class EligibilityEvaluator
{
    public static void Check(SchemeEntry scheme, ResolvedProfile firm, FirmArea area, List<Check> into)
    {
        if (scheme.Ended)
        {
            into.Add(new(CriterionKind.Status, Outcome.Unmet));
        }

        into.Add(new(CriterionKind.Location,
            scheme.IsNational ? Outcome.Met
            : area.Municipality == AreaKey.None || area.Province == AreaKey.None ? Outcome.Unknown
            : Array.IndexOf(scheme.AreaKeys, area.Municipality) >= 0 || Array.IndexOf(scheme.AreaKeys, area.Province) >= 0 ? Outcome.Met
            : Outcome.Unmet));

        var e = scheme.Document.Eligibility;
        if (e is null)
        {
            return;
        }

        if (e.SizeClasses is { Count: > 0 } classes)
        {
            into.Add(new(CriterionKind.Size, firm.SizeClass is null ? Outcome.Unknown : classes.Contains(firm.SizeClass) ? Outcome.Met : Outcome.Unmet));
        }

        if (e.MinEmployees is not null || e.MaxEmployees is not null)
        {
            into.Add(new(CriterionKind.Employees, firm.Employees is not { } n ? Outcome.Unknown
                : (e.MinEmployees is null || n >= e.MinEmployees) && (e.MaxEmployees is null || n <= e.MaxEmployees) ? Outcome.Met : Outcome.Unmet));
        }

        if (e.MaxAnnualTurnoverEur is { } maxTurnover)
        {
            into.Add(new(CriterionKind.Turnover, Ceiling(firm.AnnualTurnoverEur, maxTurnover)));
        }

        if (e.MaxBalanceSheetTotalEur is { } maxBalance)
        {
            into.Add(new(CriterionKind.BalanceSheet, Ceiling(firm.BalanceSheetTotalEur, maxBalance)));
        }

        if (e.MinCompanyAgeYears is not null || e.MaxCompanyAgeYears is not null)
        {
            into.Add(new(CriterionKind.CompanyAge, firm.CompanyAgeYears is not { } age ? Outcome.Unknown
                : (e.MinCompanyAgeYears is null || age >= e.MinCompanyAgeYears) && (e.MaxCompanyAgeYears is null || age <= e.MaxCompanyAgeYears) ? Outcome.Met : Outcome.Unmet));
        }

        if (e.LegalForms is { Count: > 0 } forms)
        {
            into.Add(new(CriterionKind.LegalForm, firm.LegalForm is null ? Outcome.Unknown : forms.Contains(firm.LegalForm) ? Outcome.Met : Outcome.Unmet));
        }

        if (scheme.SbiIncluded.Length > 0 || scheme.SbiExcluded.Length > 0)
        {
            into.Add(SectorCheck(scheme, firm.SbiCodes));
        }

        for (var r = 0; r < (e.Facts?.Count ?? 0); r++)
        {
            into.Add(new(CriterionKind.Fact, FactOutcome(e.Facts![r], firm.Facts), r));
        }

        if (e.CollaborationRequired == true)
        {
            into.Add(new(CriterionKind.Collaboration, FactOutcome(CollaborationRule, firm.Facts)));
        }

        if (e.Conditions is { Count: > 0 })
        {
            into.Add(new(CriterionKind.Conditions, Outcome.Unknown));
        }
    }

    // The outcome Overall(Check(…)) gives, decided from the entry's numbers and bits without listing the criteria: the
    // ranking loop asks it of every candidate (a test holds the two equal over the catalogue and many firms).
    public static string Decide(SchemeEntry scheme, ResolvedProfile firm, in FirmFacets f) => Decide(scheme.Row, scheme, firm, f);

    // The row holds every rule as numbers and bits; the entry is read only for sector codes and fact rules, when the
    // scheme has them.
    public static string Decide(in SchemeFacets row, SchemeEntry scheme, ResolvedProfile firm, in FirmFacets f)
    {
        if (row.Ended)
        {
            return Eligibility.Ineligible;
        }

        var unknown = false;
        if (!row.National)
        {
            if (f.Area.Municipality == AreaKey.None || f.Area.Province == AreaKey.None)
            {
                unknown = true;
            }
            else if (!row.InArea(f.Area.Municipality) && !row.InArea(f.Area.Province))
            {
                return Eligibility.Ineligible;
            }
        }

        ref readonly var r = ref row.Rules;
        if (!r.Any)
        {
            return unknown ? Eligibility.Maybe : Eligibility.Eligible;
        }

        if (r.SizeRule)
        {
            if (firm.SizeClass is null)
            {
                unknown = true;
            }
            else if ((r.SizeMask & f.SizeBit) == 0)
            {
                return Eligibility.Ineligible;
            }
        }

        if (r.EmployeesRule)
        {
            if (firm.Employees is not { } n)
            {
                unknown = true;
            }
            else if (n < r.MinEmployees || n > r.MaxEmployees)
            {
                return Eligibility.Ineligible;
            }
        }

        if ((r.TurnoverRule && firm.AnnualTurnoverEur > r.MaxTurnover) || (r.BalanceRule && firm.BalanceSheetTotalEur > r.MaxBalance))
        {
            return Eligibility.Ineligible;
        }

        unknown |= (r.TurnoverRule && firm.AnnualTurnoverEur is null) || (r.BalanceRule && firm.BalanceSheetTotalEur is null);
        if (r.AgeRule)
        {
            if (firm.CompanyAgeYears is not { } age)
            {
                unknown = true;
            }
            else if (age < r.MinAge || age > r.MaxAge)
            {
                return Eligibility.Ineligible;
            }
        }

        if (r.LegalFormRule)
        {
            if (firm.LegalForm is null)
            {
                unknown = true;
            }
            else if ((r.LegalFormMask & f.LegalFormBit) == 0)
            {
                return Eligibility.Ineligible;
            }
        }

        if (row.SectorRules && !Settled(SectorCheck(scheme, firm.SbiCodes).Outcome, ref unknown))
        {
            return Eligibility.Ineligible;
        }

        if (r.FactRules)
        {
            // No answers at all: every fact is unknown, without reading the rules.
            if (firm.Facts.Count == 0)
            {
                unknown = true;
            }
            else
            {
                foreach (var rule in scheme.Document.Eligibility!.Facts!)
                {
                    if (!Settled(FactOutcome(rule, firm.Facts), ref unknown))
                    {
                        return Eligibility.Ineligible;
                    }
                }
            }
        }

        if (r.Collaboration && !Settled(FactOutcome(CollaborationRule, firm.Facts), ref unknown))
        {
            return Eligibility.Ineligible;
        }

        return unknown || r.Conditions ? Eligibility.Maybe : Eligibility.Eligible;
    }

    // False for unmet; an unknown outcome is noted.
    private static bool Settled(string outcome, ref bool unknown)
    {
        unknown |= outcome == Outcome.Unknown;
        return outcome != Outcome.Unmet;
    }

    public static List<CriterionResult> Evaluate(SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        var checks = new List<Check>();
        Check(scheme, firm, FirmArea.Of(firm), checks);
        return checks.Select(c => Describe(c, scheme, firm, snapshot, en)).ToList();
    }

    public static string Overall(IReadOnlyList<Check> checks)
    {
        // An index loop: foreach over the interface would allocate an enumerator for every scheme of every request.
        var unknown = false;
        for (var i = 0; i < checks.Count; i++)
        {
            var outcome = checks[i].Outcome;
            if (outcome == Outcome.Unmet)
            {
                return Eligibility.Ineligible;
            }

            unknown |= outcome == Outcome.Unknown;
        }

        return unknown ? Eligibility.Maybe : Eligibility.Eligible;
    }

    public static CriterionResult Describe(Check check, SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        var e = scheme.Document.Eligibility;
        var o = check.Outcome;
        var criterion = Criteria.Code(check.Kind);
        CriterionResult Said(string detail) => new(criterion, o, detail);
        switch (check.Kind)
        {
            case CriterionKind.Status:
                return Said(T.Ended.Of(en));
            case CriterionKind.Location:
                return Said(Location(scheme, firm, snapshot, o, en));
            case CriterionKind.Size:
            {
                var limit = T.SizeLimit.Format(en, string.Join(T.Or.Of(en), e!.SizeClasses!.Select(c => SizeName(c, en))));
                var size = firm.SizeClass is { } c ? SizeName(c, en) : null;
                return Said(Text.For(o, T.SizeUnknown, T.SizeMet, T.SizeUnmet).Format(en, limit, size, firm.Employees));
            }

            case CriterionKind.Employees:
                return Said(Text.For(o, T.EmployeesUnknown, T.EmployeesMet, T.EmployeesUnmet).Format(en, Range(e!.MinEmployees, e.MaxEmployees, en), firm.Employees));
            case CriterionKind.Turnover:
                return Said(Ceiling(criterion, o, firm.AnnualTurnoverEur, e!.MaxAnnualTurnoverEur!.Value, snapshot, en));
            case CriterionKind.BalanceSheet:
                return Said(Ceiling(criterion, o, firm.BalanceSheetTotalEur, e!.MaxBalanceSheetTotalEur!.Value, snapshot, en));
            case CriterionKind.CompanyAge:
            {
                var range = T.YearsOld.Format(en, Range(e!.MinCompanyAgeYears, e.MaxCompanyAgeYears, en));
                return Said(Text.For(o, T.AgeUnknown, T.AgeMet, T.AgeUnmet).Format(en, range, firm.CompanyAgeYears));
            }

            case CriterionKind.LegalForm:
                return Said(Text.For(o, T.LegalFormUnknown, T.LegalFormMet, T.LegalFormUnmet).Format(en, string.Join(", ", e!.LegalForms!), firm.LegalForm));
            case CriterionKind.Sector:
                return Said(Sector(check, scheme, firm, snapshot, en));
            case CriterionKind.Fact:
                return DescribeFact(criterion, e!.Facts![check.Index], o, firm, snapshot, en);
            case CriterionKind.Collaboration:
                return Said(Text.For(o, T.Collaboration, T.CollaborationMet, T.CollaborationUnmet).Of(en));
            default:
            {
                var all = e!.Conditions!.Select(c => en ? c.En ?? c.Nl : c.Nl).ToList();
                return new(criterion, o, Summary(all, en), FullText: all);
            }
        }
    }

    // Required collaboration is settled by the firm's answer to this fact, the field the criteria table gives it.
    private static readonly FactRule CollaborationRule = new(VocabularyCode.Of("facts", "CollaboratesWithPartners"), MustBe: true);

    private static string FactOutcome(FactRule rule, IReadOnlyDictionary<string, JsonElement> facts)
    {
        if (!facts.TryGetValue(rule.Fact, out var value))
        {
            return Outcome.Unknown;
        }

        if (rule.MustBe is { } expected)
        {
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? (value.GetBoolean() == expected ? Outcome.Met : Outcome.Unmet)
                : Outcome.Unknown;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n))
        {
            return Outcome.Unknown;
        }

        return (rule.Min is null || n >= rule.Min) && (rule.Max is null || n <= rule.Max) ? Outcome.Met : Outcome.Unmet;
    }

    private static string Ceiling(long? value, long max) => value is not { } v ? Outcome.Unknown : v <= max ? Outcome.Met : Outcome.Unmet;

    private static Check SectorCheck(SchemeEntry scheme, IReadOnlyList<string>? codes)
    {
        if (codes is not { Count: > 0 })
        {
            return new(CriterionKind.Sector, Outcome.Unknown);
        }

        for (var p = 0; p < scheme.SbiExcluded.Length; p++)
        {
            if (codes[0].StartsWith(scheme.SbiExcluded[p], StringComparison.Ordinal))
            {
                return new(CriterionKind.Sector, Outcome.Unmet, p);
            }
        }

        if (scheme.SbiIncluded.Length == 0)
        {
            return new(CriterionKind.Sector, Outcome.Met);
        }

        for (var c = 0; c < codes.Count; c++)
        {
            foreach (var prefix in scheme.SbiIncluded)
            {
                if (codes[c].StartsWith(prefix, StringComparison.Ordinal))
                {
                    return new(CriterionKind.Sector, Outcome.Met, c);
                }
            }
        }

        return new(CriterionKind.Sector, Outcome.Unmet);
    }

    private static string Location(SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, string outcome, bool en)
    {
        if (scheme.IsNational)
        {
            return T.LocationNational.Of(en);
        }

        var where = string.Join(", ", scheme.Document.Areas.Take(6).Select(a => AreaName(a, snapshot)))
                    + (scheme.Document.Areas.Count > 6 ? T.AndMore.Of(en) : "");
        var place = firm.MunicipalityName ?? firm.MunicipalityCode;
        return Text.For(outcome, T.LocationUnknown, T.LocationMet, T.LocationUnmet).Format(en, where, place);
    }

    private static string Sector(Check check, SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        // Sector names instead of bare codes: "landbouw, bosbouw en visserij (SBI 01)".
        string Named(string code)
        {
            var section = snapshot.Codes.SectionOf(code);
            var name = section is null ? null : (en ? section.Label.En ?? section.Label.Nl : section.Label.Nl).ToLower(Culture(en));
            var part = code.Length > 2 ? T.PartOf.Of(en) : "";
            return name is null ? $"SBI {code}" : $"{part}{name} (SBI {code})";
        }

        string List(IEnumerable<string> codes) => string.Join("; ", codes.Select(Named));

        var firmCodes = firm.SbiCodes;
        if (check.Outcome == Outcome.Unknown)
        {
            return scheme.SbiIncluded.Length > 0
                ? T.SectorUnknownIncluded.Format(en, List(scheme.SbiIncluded))
                : T.SectorUnknownExcluded.Format(en, List(scheme.SbiExcluded));
        }

        var main = Named(firmCodes![0]);
        return (check.Outcome == Outcome.Met, check.Index >= 0) switch
        {
            (false, true) => T.SectorExcluded.Format(en, main, Named(scheme.SbiExcluded[check.Index])),
            (false, false) => T.SectorNotIncluded.Format(en, List(scheme.SbiIncluded), List(firmCodes)),
            (true, false) => T.SectorNotExcluded.Format(en, main),
            (true, true) => T.SectorIncluded.Format(en, Named(firmCodes[check.Index])),
        };
    }

    // What is limited is the criterion's label in the vocabulary ("Jaaromzet", "Balanstotaal").
    private static string Ceiling(string criterion, string outcome, long? value, long max, CatalogueSnapshot snapshot, bool en)
    {
        var label = snapshot.Codes.Criteria[criterion].Label;
        return Text.For(outcome, T.CeilingUnknown, T.CeilingMet, T.CeilingUnmet)
            .Format(en, en ? label.En ?? label.Nl : label.Nl, Money(max, en), value is { } v ? Money(v, en) : null);
    }

    // The long free-text rules in one line: the first sentence of the first rule, and how many more there are.
    private static string Summary(List<string> conditions, bool en)
    {
        const int MaxLength = 140;
        var first = conditions[0];
        var end = first.IndexOfAny(['.', ';']);
        var line = end > 20 && end < MaxLength ? first[..end] : first.Length <= MaxLength ? first.TrimEnd('.') : first[..MaxLength].TrimEnd() + "…";
        var more = conditions.Count - 1 + (end > 20 && end < first.Length - 2 ? 1 : 0);
        return T.ConditionsPrefix.Of(en) + line + (more > 0 ? T.ConditionsMore.Format(en, more) : ".");
    }

    private static CriterionResult DescribeFact(string criterion, FactRule rule, string outcome, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        var term = snapshot.Codes.Facts[rule.Fact];
        var label = en ? term.Label.En ?? term.Label.Nl : term.Label.Nl;
        var answer = firm.Facts.TryGetValue(rule.Fact, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.True => T.Yes.Of(en),
                JsonValueKind.False => T.No.Of(en),
                _ => rule.MustBe is null && v.TryGetInt64(out var n) ? Number(n, en) : v.ToString(),
            }
            : null;
        var detail = rule.MustBe is { } must
            ? (must ? T.FactRequired : T.FactMustNotApply).Format(en, label)
            : T.FactRange.Format(en, label, Bounds(rule.Min, rule.Max, T.Between, a => Number(a, en), en));
        return new(criterion, outcome, detail + Text.For(outcome, T.FactUnknown, T.FactMet, T.FactUnmet).Format(en, answer), rule.Fact);
    }

    // A number fact is euros, a share, months or a count: its label says which ("Geplande investering (euro's)").
    private static string Number(long value, bool en) => value.ToString("N0", Culture(en));

    private static string Range(int? min, int? max, bool en) => Bounds(min, max, T.Between, a => a.ToString(CultureInfo.InvariantCulture), en);

    private static string Bounds(long? min, long? max, Text between, Func<long, string> show, bool en) => (min, max) switch
    {
        ({ } a, { } b) => between.Format(en, show(a), show(b)),
        ({ } a, null) => T.AtLeast.Format(en, show(a)),
        (null, { } b) => T.AtMost.Format(en, show(b)),
        _ => "",
    };

    private static CultureInfo Culture(bool en) => CultureInfo.GetCultureInfo(en ? "en-GB" : "nl-NL");

    public static string Money(long amount, bool en) => "€" + (en ? "" : " ") + amount.ToString("#,0", Culture(en));

    public static string SizeName(string sizeClass, bool en) =>
        (en ? SizeNamesEn : SizeNamesNl).TryGetValue(sizeClass, out var name) ? name : sizeClass;

    private static readonly Dictionary<string, string> SizeNamesNl = new(StringComparer.Ordinal)
    {
        [SizeClasses.Micro] = "micro", [SizeClasses.Small] = "klein", [SizeClasses.Medium] = "middelgroot", [SizeClasses.Large] = "groot",
    };

    private static readonly Dictionary<string, string> SizeNamesEn = new(StringComparer.Ordinal) { [SizeClasses.Medium] = "medium-sized" };

    private static string AreaName(string code, CatalogueSnapshot snapshot) =>
        code.StartsWith("GM", StringComparison.Ordinal) && snapshot.Municipalities.TryGetValue(code, out var m) ? m.Name
        : snapshot.Provinces.TryGetValue(code, out var p) ? p
        : code;
}
