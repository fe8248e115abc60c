using System.Globalization;
using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Matching;

public static class Eligibility
{
    public const string Eligible = "eligible";
    public const string Maybe = "maybe";
    public const string Ineligible = "ineligible";
}

public static class Outcome
{
    public const string Met = "met";
    public const string Unmet = "unmet";
    public const string Unknown = "unknown";
}

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

// Rule: for a fact, the index of its rule in the scheme's eligibility.facts.
public readonly record struct Check(CriterionKind Kind, string Outcome, int Rule = -1);

// The firm's location as area keys, worked out once per request.
public readonly record struct FirmArea(int Municipality, int Province)
{
    public static FirmArea Of(ResolvedProfile firm) => new(AreaKey.Of(firm.MunicipalityCode), AreaKey.Of(firm.ProvinceCode));
}

// Per scheme and per criterion: met, unmet or unknown. Outcomes are decided once, in Check, without building text;
// Describe turns an outcome into the reason a firm reads, only for the schemes that are shown.
public static class EligibilityEvaluator
{
    public static readonly IReadOnlyDictionary<string, string> FieldFor = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["location"] = "company.municipalityCode",
        ["size"] = "company.employees",
        ["employees"] = "company.employees",
        ["turnover"] = "company.annualTurnoverEur",
        ["balance-sheet"] = "company.balanceSheetTotalEur",
        ["company-age"] = "company.foundedOn",
        ["legal-form"] = "company.legalForm",
        ["sector"] = "company.sbiCodes",
    };

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
            into.Add(new(CriterionKind.Sector, SectorOutcome(scheme, firm.SbiCodes)));
        }

        for (var r = 0; r < (e.Facts?.Count ?? 0); r++)
        {
            into.Add(new(CriterionKind.Fact, FactOutcome(e.Facts![r], firm.Facts), r));
        }

        if (e.CollaborationRequired == true)
        {
            into.Add(new(CriterionKind.Collaboration, Outcome.Unknown));
        }

        if (e.Conditions is { Count: > 0 })
        {
            into.Add(new(CriterionKind.Conditions, Outcome.Unknown));
        }
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
        switch (check.Kind)
        {
            case CriterionKind.Status:
                return new("status", Outcome.Unmet, en ? "The scheme has ended." : "De regeling is beëindigd.");
            case CriterionKind.Location:
                return Location(scheme, firm, snapshot, en);
            case CriterionKind.Size:
            {
                var classes = e!.SizeClasses!;
                var allowed = string.Join(en ? " or " : " of ", classes.Select(c => SizeName(c, en)));
                var limit = en ? $"{allowed} firms" : $"bedrijven met omvang {allowed}";
                return check.Outcome switch
                {
                    Outcome.Unknown => new("size", Outcome.Unknown, en ? $"Only for {limit}; your firm's size is not known." : $"Alleen voor {limit}; de omvang van uw bedrijf is onbekend."),
                    Outcome.Met => new("size", Outcome.Met, en ? $"Your firm is {SizeName(firm.SizeClass!, en)} ({firm.Employees} people); the scheme is for {limit}." : $"Uw bedrijf is {SizeName(firm.SizeClass!, en)} ({firm.Employees} werkzame personen); de regeling is voor {limit}."),
                    _ => new("size", Outcome.Unmet, en ? $"Only for {limit}; your firm is {SizeName(firm.SizeClass!, en)}." : $"Alleen voor {limit}; uw bedrijf is {SizeName(firm.SizeClass!, en)}."),
                };
            }

            case CriterionKind.Employees:
            {
                var range = Range(e!.MinEmployees, e.MaxEmployees, en);
                var n = firm.Employees;
                return check.Outcome switch
                {
                    Outcome.Unknown => new("employees", Outcome.Unknown, en ? $"For firms with {range} people; the number is not known." : $"Voor bedrijven met {range} werkzame personen; het aantal is onbekend."),
                    Outcome.Met => new("employees", Outcome.Met, en ? $"{n} people; the scheme is for {range}." : $"{n} werkzame personen; de regeling is voor {range}."),
                    _ => new("employees", Outcome.Unmet, en ? $"{n} people; the scheme is only for {range}." : $"{n} werkzame personen; de regeling is alleen voor {range}."),
                };
            }

            case CriterionKind.Turnover:
                return DescribeCeiling("turnover", check.Outcome, firm.AnnualTurnoverEur, e!.MaxAnnualTurnoverEur!.Value, en ? "Annual turnover" : "Jaaromzet", en);
            case CriterionKind.BalanceSheet:
                return DescribeCeiling("balance-sheet", check.Outcome, firm.BalanceSheetTotalEur, e!.MaxBalanceSheetTotalEur!.Value, en ? "Balance-sheet total" : "Balanstotaal", en);
            case CriterionKind.CompanyAge:
            {
                var range = Range(e!.MinCompanyAgeYears, e.MaxCompanyAgeYears, en) + (en ? " years old" : " jaar oud");
                var age = firm.CompanyAgeYears;
                return check.Outcome switch
                {
                    Outcome.Unknown => new("company-age", Outcome.Unknown, en ? $"For firms {range}; the start date is not known." : $"Voor bedrijven van {range}; de startdatum is onbekend."),
                    Outcome.Met => new("company-age", Outcome.Met, en ? $"Your firm is {age} years old; the scheme is for firms {range}." : $"Uw bedrijf is {age} jaar oud; de regeling is voor bedrijven van {range}."),
                    _ => new("company-age", Outcome.Unmet, en ? $"Your firm is {age} years old; the scheme is only for firms {range}." : $"Uw bedrijf is {age} jaar oud; de regeling is alleen voor bedrijven van {range}."),
                };
            }

            case CriterionKind.LegalForm:
            {
                var allowed = string.Join(", ", e!.LegalForms!);
                return check.Outcome switch
                {
                    Outcome.Unknown => new("legal-form", Outcome.Unknown, en ? $"Only for these legal forms: {allowed}; yours is not known." : $"Alleen voor deze rechtsvormen: {allowed}; die van u is onbekend."),
                    Outcome.Met => new("legal-form", Outcome.Met, en ? $"Your legal form ({firm.LegalForm}) qualifies." : $"Uw rechtsvorm ({firm.LegalForm}) komt in aanmerking."),
                    _ => new("legal-form", Outcome.Unmet, en ? $"Only for {allowed}; your firm is a {firm.LegalForm}." : $"Alleen voor {allowed}; uw bedrijf is een {firm.LegalForm}."),
                };
            }

            case CriterionKind.Sector:
                return Sector(scheme, firm, snapshot, en);
            case CriterionKind.Fact:
                return DescribeFact(e!.Facts![check.Rule], check.Outcome, firm, snapshot, en);
            case CriterionKind.Collaboration:
                return new("collaboration", Outcome.Unknown, en
                    ? "The project must be done together with other firms or research organisations."
                    : "Het project moet samen met andere bedrijven of kennisinstellingen worden uitgevoerd.");
            default:
            {
                var all = e!.Conditions!.Select(c => en ? c.En ?? c.Nl : c.Nl).ToList();
                return new("conditions", Outcome.Unknown, Summary(all, en), FullText: all);
            }
        }
    }

    private static string FactOutcome(FactRule rule, IReadOnlyDictionary<string, System.Text.Json.JsonElement> facts)
    {
        if (!facts.TryGetValue(rule.Fact, out var value))
        {
            return Outcome.Unknown;
        }

        if (rule.MustBe is { } expected)
        {
            return value.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                ? (value.GetBoolean() == expected ? Outcome.Met : Outcome.Unmet)
                : Outcome.Unknown;
        }

        if (value.ValueKind != System.Text.Json.JsonValueKind.Number || !value.TryGetInt64(out var n))
        {
            return Outcome.Unknown;
        }

        return (rule.Min is null || n >= rule.Min) && (rule.Max is null || n <= rule.Max) ? Outcome.Met : Outcome.Unmet;
    }

    private static string Ceiling(long? value, long max) => value is not { } v ? Outcome.Unknown : v <= max ? Outcome.Met : Outcome.Unmet;

    private static string SectorOutcome(SchemeEntry scheme, IReadOnlyList<string>? codes)
    {
        if (codes is not { Count: > 0 })
        {
            return Outcome.Unknown;
        }

        foreach (var prefix in scheme.SbiExcluded)
        {
            if (codes[0].StartsWith(prefix, StringComparison.Ordinal))
            {
                return Outcome.Unmet;
            }
        }

        if (scheme.SbiIncluded.Length == 0)
        {
            return Outcome.Met;
        }

        foreach (var code in codes)
        {
            foreach (var prefix in scheme.SbiIncluded)
            {
                if (code.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return Outcome.Met;
                }
            }
        }

        return Outcome.Unmet;
    }

    private static CriterionResult Location(SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        if (scheme.IsNational)
        {
            return new("location", Outcome.Met, en ? "Open to firms anywhere in the Netherlands." : "Voor bedrijven in heel Nederland.");
        }

        var where = string.Join(", ", scheme.Document.Areas.Take(6).Select(a => AreaName(a, snapshot)))
                    + (scheme.Document.Areas.Count > 6 ? (en ? " and more" : " en meer") : "");
        if (firm.MunicipalityCode is null || firm.ProvinceCode is null)
        {
            return new("location", Outcome.Unknown, en ? $"Only for firms established in {where}; your location is not known." : $"Alleen voor bedrijven gevestigd in {where}; uw vestigingsplaats is onbekend.");
        }

        var inArea = scheme.Areas.Contains(firm.MunicipalityCode) || scheme.Areas.Contains(firm.ProvinceCode);
        var place = firm.MunicipalityName ?? firm.MunicipalityCode;
        return inArea
            ? new("location", Outcome.Met, en ? $"Your firm in {place} is within the scheme's area ({where})." : $"Uw bedrijf in {place} valt binnen het werkgebied ({where}).")
            : new("location", Outcome.Unmet, en ? $"Only for firms established in {where}; your firm is in {place}." : $"Alleen voor bedrijven gevestigd in {where}; uw bedrijf zit in {place}.");
    }

    private static CriterionResult Sector(SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        // Sector names instead of bare codes: "landbouw, bosbouw en visserij (SBI 01)".
        string Named(string code)
        {
            var section = snapshot.Codes.SectionOf(code);
            var name = section is null ? null : (en ? section.Label.En ?? section.Label.Nl : section.Label.Nl).ToLower(en ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("nl-NL"));
            var part = code.Length > 2 ? (en ? "part of " : "een deel van ") : "";
            return name is null ? $"SBI {code}" : $"{part}{name} (SBI {code})";
        }

        string List(IEnumerable<string> codes) => string.Join(en ? "; " : "; ", codes.Select(Named));

        if (firm.SbiCodes is not { Count: > 0 } codes)
        {
            return new("sector", Outcome.Unknown, scheme.SbiIncluded.Length > 0
                ? (en ? $"Only for firms in {List(scheme.SbiIncluded)}; your activity is not known." : $"Alleen voor bedrijven in {List(scheme.SbiIncluded)}; uw activiteit is onbekend.")
                : (en ? $"Not for firms in {List(scheme.SbiExcluded)}; your activity is not known." : $"Niet voor bedrijven in {List(scheme.SbiExcluded)}; uw activiteit is onbekend."));
        }

        var main = codes[0];
        var excluded = scheme.SbiExcluded.FirstOrDefault(p => main.StartsWith(p, StringComparison.Ordinal));
        if (excluded is not null)
        {
            return new("sector", Outcome.Unmet, en ? $"Your main activity ({Named(main)}) is excluded: not for {Named(excluded)}." : $"Uw hoofdactiviteit ({Named(main)}) is uitgesloten: niet voor {Named(excluded)}.");
        }

        if (scheme.SbiIncluded.Length == 0)
        {
            return new("sector", Outcome.Met, en ? $"Your main activity ({Named(main)}) is not excluded." : $"Uw hoofdactiviteit ({Named(main)}) is niet uitgesloten.");
        }

        var included = codes.FirstOrDefault(c => scheme.SbiIncluded.Any(p => c.StartsWith(p, StringComparison.Ordinal)));
        return included is not null
            ? new("sector", Outcome.Met, en ? $"Your activity ({Named(included)}) is one of the scheme's sectors." : $"Uw activiteit ({Named(included)}) hoort bij de sectoren van de regeling.")
            : new("sector", Outcome.Unmet, en
                ? $"Only for {List(scheme.SbiIncluded)}; your activity is {List(codes)}."
                : $"Alleen voor {List(scheme.SbiIncluded)}; uw activiteit is {List(codes)}.");
    }

    private static CriterionResult DescribeCeiling(string criterion, string outcome, long? value, long max, string label, bool en) => outcome switch
    {
        Outcome.Unknown => new(criterion, Outcome.Unknown, en ? $"{label} at most {Money(max, en)}; yours is not known." : $"{label} maximaal {Money(max, en)}; die van u is onbekend."),
        Outcome.Met => new(criterion, Outcome.Met, en ? $"{label} {Money(value!.Value, en)} is within the maximum of {Money(max, en)}." : $"{label} {Money(value!.Value, en)} valt binnen het maximum van {Money(max, en)}."),
        _ => new(criterion, Outcome.Unmet, en ? $"{label} {Money(value!.Value, en)} is above the maximum of {Money(max, en)}." : $"{label} {Money(value!.Value, en)} is hoger dan het maximum van {Money(max, en)}."),
    };

    // The long free-text rules in one line: the first sentence of the first rule, and how many more there are.
    private static string Summary(List<string> conditions, bool en)
    {
        const int MaxLength = 140;
        var first = conditions[0];
        var end = first.IndexOfAny(['.', ';']);
        var line = end > 20 && end < MaxLength ? first[..end] : first.Length <= MaxLength ? first.TrimEnd('.') : first[..MaxLength].TrimEnd() + "…";
        var more = conditions.Count - 1 + (end > 20 && end < first.Length - 2 ? 1 : 0);
        var prefix = en ? "A person checks: " : "Een adviseur controleert: ";
        return prefix + line + (more > 0 ? (en ? $" (and {more} more; see fullText)." : $" (en nog {more}; zie fullText).") : ".");
    }

    private static CriterionResult DescribeFact(FactRule rule, string outcome, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        var term = snapshot.Codes.Facts[rule.Fact];
        var label = en ? term.Label.En ?? term.Label.Nl : term.Label.Nl;
        var yes = en ? "yes" : "ja";
        var no = en ? "no" : "nee";
        var answer = firm.Facts.TryGetValue(rule.Fact, out var v)
            ? v.ValueKind switch
            {
                System.Text.Json.JsonValueKind.True => yes,
                System.Text.Json.JsonValueKind.False => no,
                _ => rule.MustBe is null && v.TryGetInt64(out var n) ? Money(n, en) : v.ToString(),
            }
            : null;
        var detail = rule.MustBe is { } must
            ? $"{label}: {(must ? (en ? "required" : "vereist") : (en ? "must not apply" : "mag niet zo zijn"))}."
            : $"{label}: {MoneyRange(rule, en)}.";
        return outcome switch
        {
            Outcome.Unknown => new("fact", Outcome.Unknown, detail + (en ? " Not answered yet." : " Nog niet beantwoord."), rule.Fact),
            Outcome.Met => new("fact", Outcome.Met, detail + (en ? $" Your answer: {answer}. That fits." : $" Uw antwoord: {answer}. Dat past."), rule.Fact),
            _ => new("fact", Outcome.Unmet, detail + (en ? $" Your answer: {answer}. That does not fit." : $" Uw antwoord: {answer}. Dat past niet."), rule.Fact),
        };
    }

    private static string MoneyRange(FactRule rule, bool en) => (rule.Min, rule.Max) switch
    {
        ({ } a, { } b) => en ? $"from {Money(a, en)} to {Money(b, en)}" : $"van {Money(a, en)} tot en met {Money(b, en)}",
        ({ } a, null) => en ? $"at least {Money(a, en)}" : $"minstens {Money(a, en)}",
        (null, { } b) => en ? $"at most {Money(b, en)}" : $"hoogstens {Money(b, en)}",
        _ => "",
    };

    public static string Money(long amount, bool en) =>
        "€" + (en ? "" : " ") + amount.ToString("#,0", en ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("nl-NL"));

    private static string Range(int? min, int? max, bool en) => (min, max) switch
    {
        ({ } a, { } b) => en ? $"{a} to {b}" : $"{a} tot en met {b}",
        ({ } a, null) => en ? $"at least {a}" : $"minstens {a}",
        (null, { } b) => en ? $"at most {b}" : $"hoogstens {b}",
        _ => "",
    };

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
