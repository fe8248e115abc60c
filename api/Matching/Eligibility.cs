using System.Globalization;

namespace Matchmaker.Api.Matching;

public static class Outcome
{
    public const string Met = "met";
    public const string Unmet = "unmet";
    public const string Unknown = "unknown";
}

// Per scheme and per criterion: met, unmet or unknown, with a reason a firm can read.
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

    public static List<CriterionResult> Evaluate(SchemeEntry scheme, ResolvedProfile firm, CatalogueSnapshot snapshot, bool en)
    {
        var results = new List<CriterionResult> { Location(scheme, firm, snapshot, en) };
        var e = scheme.Document.Eligibility;
        if (e is null)
        {
            return results;
        }

        if (e.SizeClasses is { Count: > 0 } classes)
        {
            var allowed = string.Join(en ? " or " : " of ", classes.Select(c => SizeName(c, en)));
            var limit = en ? $"{allowed} firms" : $"bedrijven met omvang {allowed}";
            results.Add(firm.SizeClass is null
                ? new("size", Outcome.Unknown, en ? $"Only for {limit}; your firm's size is not known." : $"Alleen voor {limit}; de omvang van uw bedrijf is onbekend.")
                : classes.Contains(firm.SizeClass)
                    ? new("size", Outcome.Met, en ? $"Your firm is {SizeName(firm.SizeClass, en)} ({firm.Employees} people); the scheme is for {limit}." : $"Uw bedrijf is {SizeName(firm.SizeClass, en)} ({firm.Employees} werkzame personen); de regeling is voor {limit}.")
                    : new("size", Outcome.Unmet, en ? $"Only for {limit}; your firm is {SizeName(firm.SizeClass, en)}." : $"Alleen voor {limit}; uw bedrijf is {SizeName(firm.SizeClass, en)}."));
        }

        if (e.MinEmployees is not null || e.MaxEmployees is not null)
        {
            var range = Range(e.MinEmployees, e.MaxEmployees, en);
            results.Add(firm.Employees is not { } n
                ? new("employees", Outcome.Unknown, en ? $"For firms with {range} people; the number is not known." : $"Voor bedrijven met {range} werkzame personen; het aantal is onbekend.")
                : (e.MinEmployees is null || n >= e.MinEmployees) && (e.MaxEmployees is null || n <= e.MaxEmployees)
                    ? new("employees", Outcome.Met, en ? $"{n} people; the scheme is for {range}." : $"{n} werkzame personen; de regeling is voor {range}.")
                    : new("employees", Outcome.Unmet, en ? $"{n} people; the scheme is only for {range}." : $"{n} werkzame personen; de regeling is alleen voor {range}."));
        }

        if (e.MaxAnnualTurnoverEur is { } maxTurnover)
        {
            results.Add(Ceiling("turnover", firm.AnnualTurnoverEur, maxTurnover, en ? "Annual turnover" : "Jaaromzet", en));
        }

        if (e.MaxBalanceSheetTotalEur is { } maxBalance)
        {
            results.Add(Ceiling("balance-sheet", firm.BalanceSheetTotalEur, maxBalance, en ? "Balance-sheet total" : "Balanstotaal", en));
        }

        if (e.MinCompanyAgeYears is not null || e.MaxCompanyAgeYears is not null)
        {
            var range = Range(e.MinCompanyAgeYears, e.MaxCompanyAgeYears, en) + (en ? " years old" : " jaar oud");
            results.Add(firm.CompanyAgeYears is not { } age
                ? new("company-age", Outcome.Unknown, en ? $"For firms {range}; the start date is not known." : $"Voor bedrijven van {range}; de startdatum is onbekend.")
                : (e.MinCompanyAgeYears is null || age >= e.MinCompanyAgeYears) && (e.MaxCompanyAgeYears is null || age <= e.MaxCompanyAgeYears)
                    ? new("company-age", Outcome.Met, en ? $"Your firm is {age} years old; the scheme is for firms {range}." : $"Uw bedrijf is {age} jaar oud; de regeling is voor bedrijven van {range}.")
                    : new("company-age", Outcome.Unmet, en ? $"Your firm is {age} years old; the scheme is only for firms {range}." : $"Uw bedrijf is {age} jaar oud; de regeling is alleen voor bedrijven van {range}."));
        }

        if (e.LegalForms is { Count: > 0 } forms)
        {
            var allowed = string.Join(", ", forms);
            results.Add(firm.LegalForm is null
                ? new("legal-form", Outcome.Unknown, en ? $"Only for these legal forms: {allowed}; yours is not known." : $"Alleen voor deze rechtsvormen: {allowed}; die van u is onbekend.")
                : forms.Contains(firm.LegalForm)
                    ? new("legal-form", Outcome.Met, en ? $"Your legal form ({firm.LegalForm}) qualifies." : $"Uw rechtsvorm ({firm.LegalForm}) komt in aanmerking.")
                    : new("legal-form", Outcome.Unmet, en ? $"Only for {allowed}; your firm is a {firm.LegalForm}." : $"Alleen voor {allowed}; uw bedrijf is een {firm.LegalForm}."));
        }

        if (scheme.SbiIncluded.Length > 0 || scheme.SbiExcluded.Length > 0)
        {
            results.Add(Sector(scheme, firm, en));
        }

        if (e.CollaborationRequired == true)
        {
            results.Add(new("collaboration", Outcome.Unknown, en
                ? "The project must be done together with other firms or research organisations."
                : "Het project moet samen met andere bedrijven of kennisinstellingen worden uitgevoerd."));
        }

        if (e.Conditions is { Count: > 0 } conditions)
        {
            results.Add(new("conditions", Outcome.Unknown, string.Join(" ", conditions.Select(c => en ? c.En ?? c.Nl : c.Nl))));
        }

        return results;
    }

    public static string Overall(IReadOnlyList<CriterionResult> criteria) =>
        criteria.Any(c => c.Outcome == Outcome.Unmet) ? "ineligible"
        : criteria.Any(c => c.Outcome == Outcome.Unknown) ? "maybe"
        : "eligible";

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

    private static CriterionResult Sector(SchemeEntry scheme, ResolvedProfile firm, bool en)
    {
        if (firm.SbiCodes is not { Count: > 0 } codes)
        {
            var which = scheme.SbiIncluded.Length > 0 ? string.Join(", ", scheme.SbiIncluded) : string.Join(", ", scheme.SbiExcluded);
            return new("sector", Outcome.Unknown, scheme.SbiIncluded.Length > 0
                ? (en ? $"Only for firms in SBI sectors {which}; your activity is not known." : $"Alleen voor bedrijven in SBI-sectoren {which}; uw activiteit is onbekend.")
                : (en ? $"Not for firms in SBI sectors {which}; your activity is not known." : $"Niet voor bedrijven in SBI-sectoren {which}; uw activiteit is onbekend."));
        }

        var main = codes[0];
        var excluded = scheme.SbiExcluded.FirstOrDefault(p => main.StartsWith(p, StringComparison.Ordinal));
        if (excluded is not null)
        {
            return new("sector", Outcome.Unmet, en ? $"Your main activity (SBI {main}) is excluded (SBI {excluded})." : $"Uw hoofdactiviteit (SBI {main}) is uitgesloten (SBI {excluded}).");
        }

        if (scheme.SbiIncluded.Length == 0)
        {
            return new("sector", Outcome.Met, en ? $"Your main activity (SBI {main}) is not excluded." : $"Uw hoofdactiviteit (SBI {main}) is niet uitgesloten.");
        }

        var included = codes.FirstOrDefault(c => scheme.SbiIncluded.Any(p => c.StartsWith(p, StringComparison.Ordinal)));
        return included is not null
            ? new("sector", Outcome.Met, en ? $"Your activity (SBI {included}) is in the scheme's sectors." : $"Uw activiteit (SBI {included}) valt binnen de sectoren van de regeling.")
            : new("sector", Outcome.Unmet, en
                ? $"Only for SBI sectors {string.Join(", ", scheme.SbiIncluded)}; your activity is SBI {string.Join(", ", codes)}."
                : $"Alleen voor SBI-sectoren {string.Join(", ", scheme.SbiIncluded)}; uw activiteit is SBI {string.Join(", ", codes)}.");
    }

    private static CriterionResult Ceiling(string criterion, long? value, long max, string label, bool en) =>
        value is not { } v
            ? new(criterion, Outcome.Unknown, en ? $"{label} at most {Money(max, en)}; yours is not known." : $"{label} maximaal {Money(max, en)}; die van u is onbekend.")
            : v <= max
                ? new(criterion, Outcome.Met, en ? $"{label} {Money(v, en)} is within the maximum of {Money(max, en)}." : $"{label} {Money(v, en)} valt binnen het maximum van {Money(max, en)}.")
                : new(criterion, Outcome.Unmet, en ? $"{label} {Money(v, en)} is above the maximum of {Money(max, en)}." : $"{label} {Money(v, en)} is hoger dan het maximum van {Money(max, en)}.");

    public static string Money(long amount, bool en) =>
        "€" + (en ? "" : " ") + amount.ToString("#,0", en ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("nl-NL"));

    private static string Range(int? min, int? max, bool en) => (min, max) switch
    {
        ({ } a, { } b) => en ? $"{a} to {b}" : $"{a} tot en met {b}",
        ({ } a, null) => en ? $"at least {a}" : $"minstens {a}",
        (null, { } b) => en ? $"at most {b}" : $"hoogstens {b}",
        _ => "",
    };

    public static string SizeName(string sizeClass, bool en) => (sizeClass, en) switch
    {
        ("micro", false) => "micro",
        ("small", false) => "klein",
        ("medium", false) => "middelgroot",
        ("large", false) => "groot",
        ("medium", true) => "medium-sized",
        _ => sizeClass,
    };

    private static string AreaName(string code, CatalogueSnapshot snapshot) =>
        code.StartsWith("GM", StringComparison.Ordinal) && snapshot.Municipalities.TryGetValue(code, out var m) ? m.Name
        : snapshot.Provinces.TryGetValue(code, out var p) ? p
        : code;
}
