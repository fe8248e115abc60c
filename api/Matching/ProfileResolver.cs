namespace Matchmaker.Api.Matching;

public sealed record MunicipalityInfo(string Code, string Name, string ProvinceCode);

// Turns what the firm told us into the facts the criteria need; pure, so every rule is unit-tested.
public static class ProfileResolver
{
    private static readonly (string Class, int Headcount, long Turnover, long Balance)[] Ceilings =
    [
        (SizeClasses.Micro, 10, 2_000_000, 2_000_000),
        (SizeClasses.Small, 50, 10_000_000, 10_000_000),
        (SizeClasses.Medium, 250, 50_000_000, 43_000_000),
    ];

    public static ResolvedProfile Resolve(
        string? kvkNumber, MatchCompany? company, DateOnly asOf, IReadOnlyDictionary<string, MunicipalityInfo> municipalities,
        IReadOnlyDictionary<string, string>? provenanceOverrides = null)
    {
        company ??= new MatchCompany();
        var provenance = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Mark(string field, object? value)
        {
            if (value is not null)
            {
                provenance[field] = provenanceOverrides?.GetValueOrDefault(field) ?? "input";
            }
        }

        Mark("legalForm", company.LegalForm);
        Mark("sbiCodes", company.SbiCodes);
        Mark("employees", company.Employees);
        Mark("annualTurnoverEur", company.AnnualTurnoverEur);
        Mark("balanceSheetTotalEur", company.BalanceSheetTotalEur);
        Mark("foundedOn", company.FoundedOn);
        Mark("postcode", company.Postcode);
        Mark("municipalityCode", company.MunicipalityCode);
        foreach (var fact in company.Facts?.Keys ?? [])
        {
            Mark("facts." + fact, fact);
        }

        var sizeClass = SizeClass(company.Employees, company.AnnualTurnoverEur, company.BalanceSheetTotalEur);
        if (sizeClass is not null)
        {
            provenance["sizeClass"] = "derived";
        }

        int? age = company.FoundedOn is { } founded ? AgeInYears(founded, asOf) : null;
        if (age is not null)
        {
            provenance["companyAgeYears"] = "derived";
        }

        MunicipalityInfo? municipality = company.MunicipalityCode is { } code ? municipalities.GetValueOrDefault(code) : null;
        if (municipality is not null)
        {
            provenance["provinceCode"] = "derived";
            provenance["municipalityName"] = "derived";
        }

        return new ResolvedProfile(
            kvkNumber, company.LegalForm, company.SbiCodes?.Select(NormaliseSbi).ToList(), company.Employees, company.AnnualTurnoverEur,
            company.BalanceSheetTotalEur, sizeClass, company.FoundedOn, age, NormalisePostcode(company.Postcode), company.MunicipalityCode,
            municipality?.Name, municipality?.ProvinceCode, asOf,
            company.Facts ?? new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal), provenance);
    }

    // EU SME definition (2003/361/EC): headcount below the ceiling and turnover OR balance-sheet total within it.
    public static string? SizeClass(int? employees, long? turnover, long? balance)
    {
        if (employees is null)
        {
            return null;
        }

        foreach (var (name, headcount, maxTurnover, maxBalance) in Ceilings)
        {
            // Only both figures above their ceilings rule a class out; a missing figure is not held against the firm.
            var moneyFits = !(turnover > maxTurnover && balance > maxBalance);
            if (employees < headcount && moneyFits)
            {
                return name;
            }
        }

        return SizeClasses.Large;
    }

    public static int AgeInYears(DateOnly foundedOn, DateOnly asOf)
    {
        var years = asOf.Year - foundedOn.Year;
        return foundedOn.AddYears(years) > asOf ? years - 1 : years;
    }

    public static string NormaliseSbi(string code) => new(code.Where(char.IsDigit).ToArray());

    public static string? NormalisePostcode(string? postcode) =>
        postcode is null ? null : new string(postcode.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
}
