using System.ComponentModel;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Companies;

[Description("The firm's address as far as it matters for matching.")]
public sealed record CompanyAddress(
    [property: Description("Postcode of the main branch's visiting address.")] string? Postcode,
    [property: Description("Place.")] string? City,
    [property: Description("True when KVK shields the address; location then stays unknown.")] bool Shielded);

[Description("A firm from the KVK register with the profile the matcher would use.")]
public sealed record CompanyResult(
    [property: Description("KVK number.")] string KvkNumber,
    [property: Description("Name.")] string? Name,
    [property: Description("Trade names.")] IReadOnlyList<string> TradeNames,
    [property: Description("KVK's own words for the legal form.")] string? LegalFormDescription,
    [property: Description("SBI activities, main activity first.")] IReadOnlyList<SbiActivity> Activities,
    [property: Description("Address.")] CompanyAddress Address,
    [property: Description("The resolved profile, with the source of every fact.")] ResolvedProfile Profile,
    [property: Description("What could not be resolved.")] IReadOnlyList<string> Warnings);

// Builds a firm profile from what the request says, KVK and PDOK. Facts in the request win; each fact says where it came from.
public sealed class CompanyProfiles(CompanyLookup lookup)
{
    // Complete is false when PDOK could not be asked (a postcode that is simply unknown is an answer).
    public sealed record Resolved(MatchCompany Company, IReadOnlyDictionary<string, string> Provenance, KvkFacts? Kvk, List<string> Warnings, bool Complete = true);

    public async Task<Resolved> ResolveAsync(MatchCompany? input, KvkFacts? kvk, bool english, CancellationToken ct)
    {
        input ??= new MatchCompany();
        var provenance = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var complete = true;
        T? Pick<T>(string field, T? given, T? fromKvk)
        {
            if (given is not null)
            {
                return given;
            }

            if (fromKvk is not null)
            {
                provenance[field] = "kvk";
            }

            return fromKvk;
        }

        var company = new MatchCompany(
            Pick("legalForm", input.LegalForm, kvk?.LegalForm),
            Pick("sbiCodes", input.SbiCodes, kvk?.Activities.Count > 0 ? kvk.Activities.Select(a => a.Code).ToList() : null),
            input.Employees ?? Pick<int?>("employees", null, kvk?.Employees),
            input.AnnualTurnoverEur,
            input.BalanceSheetTotalEur,
            input.FoundedOn ?? Pick<DateOnly?>("foundedOn", null, kvk?.FoundedOn),
            input.MunicipalityCode,
            Pick("postcode", input.Postcode, kvk?.Postcode));

        if (kvk is { AddressShielded: true } && input.MunicipalityCode is null && input.Postcode is null)
        {
            warnings.Add(english ? "KVK shields this firm's address, so its location is unknown; give company.municipalityCode." : "KVK schermt het adres van dit bedrijf af; de vestigingsplaats is onbekend. Geef company.municipalityCode op.");
        }

        if (company.MunicipalityCode is null && company.Postcode is { } postcode)
        {
            var area = await lookup.PostcodeAsync(ProfileResolver.NormalisePostcode(postcode)!, ct);
            if (area.Value is { } found)
            {
                company = company with { MunicipalityCode = found.MunicipalityCode };
                provenance["municipalityCode"] = "pdok";
            }
            else
            {
                complete = area.Failure == UpstreamFailure.NotFound;
                warnings.Add(english
                    ? $"The postcode could not be turned into a municipality ({area.Reason?.Text(english: true) ?? "not found"}); regional schemes are shown as maybe."
                    : $"De postcode kon niet worden omgezet naar een gemeente ({area.Reason?.Text(english: false) ?? "niet gevonden"}); regionale regelingen staan op 'misschien'.");
            }
        }

        return new Resolved(company, provenance, kvk, warnings, complete);
    }
}
