using System.Text.Json;
using Matchmaker.Api.Companies;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

public sealed record MunicipalityInfo(string Code, string Name, string ProvinceCode);

// What the lookups found, for the one merge below: the firm in the KVK register and the municipality PDOK gave for
// its postcode. The I/O happens before (CompanyProfiles), so the merge stays a pure function.
public sealed record ProfileSources(KvkFacts? Kvk = null, string? PdokMunicipalityCode = null);

// Turns what the firm told us, and what KVK and PDOK say, into the facts the criteria need: the request's facts win,
// KVK fills in what it leaves out, PDOK the municipality; codes are normalised and every fact's source recorded once.
// Pure, so every rule is unit-tested.
public static class ProfileResolver
{
    // Where a fact came from: the 'profile-sources' list in vocabularies.json.
    public static readonly string FromInput = VocabularyCode.Of("profile-sources", "Input");
    public static readonly string FromKvk = VocabularyCode.Of("profile-sources", "Kvk");
    public static readonly string FromPdok = VocabularyCode.Of("profile-sources", "Pdok");
    public static readonly string Derived = VocabularyCode.Of("profile-sources", nameof(Derived));

    private static readonly (string Class, int Headcount, long Turnover, long Balance)[] Ceilings =
    [
        (SizeClasses.Micro, 10, 2_000_000, 2_000_000),
        (SizeClasses.Small, 50, 10_000_000, 10_000_000),
        (SizeClasses.Medium, 250, 50_000_000, 43_000_000),
    ];

    public static ResolvedProfile Resolve(
        string? kvkNumber, MatchCompany? input, DateOnly asOf, IReadOnlyDictionary<string, MunicipalityInfo> municipalities,
        ProfileSources? sources = null, IReadOnlyList<IReadOnlyList<string>>? exclusiveFacts = null)
    {
        input ??= new MatchCompany();
        var kvk = sources?.Kvk;
        var provenance = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // The request's value wins; else the one a lookup found. Either way the field says where it came from.
        void From(string field, object? given, object? found, string? source = null)
        {
            if (given is not null)
            {
                provenance[field] = FromInput;
            }
            else if (found is not null)
            {
                provenance[field] = source ?? FromKvk;
            }
        }

        var kvkSbi = kvk?.Activities.Count > 0 ? kvk.Activities.Select(a => a.Code).ToList() : null;
        From("legalForm", input.LegalForm, kvk?.LegalForm);
        From("sbiCodes", input.SbiCodes, kvkSbi);
        From("employees", input.Employees, kvk?.Employees);
        From("annualTurnoverEur", input.AnnualTurnoverEur, null);
        From("balanceSheetTotalEur", input.BalanceSheetTotalEur, null);
        From("foundedOn", input.FoundedOn, kvk?.FoundedOn);
        From("postcode", input.Postcode, kvk?.Postcode);
        From("municipalityCode", input.MunicipalityCode, sources?.PdokMunicipalityCode, FromPdok);
        var legalForm = input.LegalForm ?? kvk?.LegalForm;
        IReadOnlyList<string>? sbiCodes = input.SbiCodes ?? kvkSbi;
        var employees = input.Employees ?? kvk?.Employees;
        var (turnover, balance) = (input.AnnualTurnoverEur, input.BalanceSheetTotalEur);
        var foundedOn = input.FoundedOn ?? kvk?.FoundedOn;
        var postcode = input.Postcode ?? kvk?.Postcode;
        var municipalityCode = input.MunicipalityCode ?? sources?.PdokMunicipalityCode;
        foreach (var fact in input.Facts?.Keys ?? [])
        {
            provenance["facts." + fact] = FromInput;
        }

        var facts = WithExclusiveAnswers(input.Facts, exclusiveFacts, provenance);

        var sizeClass = SizeClass(employees, turnover, balance);
        if (sizeClass is not null)
        {
            provenance["sizeClass"] = Derived;
        }

        int? age = foundedOn is { } founded ? AgeInYears(founded, asOf) : null;
        if (age is not null)
        {
            provenance["companyAgeYears"] = Derived;
        }

        MunicipalityInfo? municipality = municipalityCode is { } code ? municipalities.GetValueOrDefault(code) : null;
        if (municipality is not null)
        {
            provenance["provinceCode"] = Derived;
            provenance["municipalityName"] = Derived;
        }

        return new ResolvedProfile(
            kvkNumber, legalForm, sbiCodes?.Select(NormaliseSbi).ToList(), employees, turnover, balance, sizeClass, foundedOn, age,
            NormalisePostcode(postcode), municipalityCode, municipality?.Name, municipality?.ProvinceCode, asOf,
            facts, provenance);
    }

    private static readonly JsonElement No = JsonSerializer.SerializeToElement(false);

    // A firm that says yes to one fact of an exclusive group (the sector agreement it falls under) says no to the others
    // it left open, so another sector's training fund is not offered as a "maybe". An explicit answer always stands.
    private static IReadOnlyDictionary<string, JsonElement> WithExclusiveAnswers(
        IReadOnlyDictionary<string, JsonElement>? given, IReadOnlyList<IReadOnlyList<string>>? groups,
        SortedDictionary<string, string> provenance)
    {
        var facts = given ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Dictionary<string, JsonElement>? added = null;
        foreach (var group in facts.Count == 0 ? [] : groups ?? [])
        {
            if (!group.Any(f => facts.TryGetValue(f, out var v) && v.ValueKind == JsonValueKind.True))
            {
                continue;
            }

            foreach (var fact in group.Where(f => !facts.ContainsKey(f)))
            {
                added ??= new Dictionary<string, JsonElement>(facts, StringComparer.Ordinal);
                added[fact] = No;
                provenance["facts." + fact] = Derived;
            }
        }

        return added ?? facts;
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
