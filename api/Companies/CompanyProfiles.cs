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

// The lookups a firm profile needs besides the request, done before the one pure merge (ProfileResolver.Resolve): with
// the firm from KVK already found, PDOK for the municipality of its postcode when the request names no municipality.
public sealed class CompanyProfiles(CompanyLookup lookup)
{
    // Complete is false when PDOK could not be asked (a postcode that is simply unknown is an answer).
    public sealed record Found(ProfileSources Sources, List<string> Warnings, bool Complete = true);

    public async Task<Found> LookUpAsync(MatchCompany? input, KvkFacts? kvk, bool english, CancellationToken ct)
    {
        var warnings = new List<string>();
        if (kvk is { AddressShielded: true } && input?.MunicipalityCode is null && input?.Postcode is null)
        {
            warnings.Add(english ? "KVK shields this firm's address, so its location is unknown; give company.municipalityCode." : "KVK schermt het adres van dit bedrijf af; de vestigingsplaats is onbekend. Geef company.municipalityCode op.");
        }

        var postcode = input?.Postcode ?? kvk?.Postcode;
        if (input?.MunicipalityCode is not null || postcode is null)
        {
            return new Found(new ProfileSources(kvk), warnings);
        }

        var area = await lookup.PostcodeAsync(ProfileResolver.NormalisePostcode(postcode)!, ct);
        if (area.Value is { } found)
        {
            return new Found(new ProfileSources(kvk, found.MunicipalityCode), warnings);
        }

        warnings.Add(english
            ? $"The postcode could not be turned into a municipality ({area.Reason?.Text(english: true) ?? "not found"}); regional schemes are shown as maybe."
            : $"De postcode kon niet worden omgezet naar een gemeente ({area.Reason?.Text(english: false) ?? "niet gevonden"}); regionale regelingen staan op 'misschien'.");
        return new Found(new ProfileSources(kvk), warnings, area.Failure == UpstreamFailure.NotFound);
    }
}
