using System.Globalization;
using System.Text;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Companies;

public sealed record SbiActivity(string Code, string? Description, bool Main);

// What we take from KVK about one firm, in our terms.
public sealed record KvkFacts(
    string KvkNumber,
    string? Name,
    IReadOnlyList<string> TradeNames,
    string? LegalForm,
    string? LegalFormText,
    IReadOnlyList<SbiActivity> Activities,
    int? Employees,
    DateOnly? FoundedOn,
    bool FoundedOnApproximate,
    string? Postcode,
    string? City,
    bool AddressShielded,
    bool HasMainBranch);

public sealed record PostcodeArea(string Postcode, string MunicipalityCode, string MunicipalityName, string ProvinceCode);

// Pure mapping from KVK's answer to our facts; every edge (zero date parts, shielded addresses, legal form spellings) is tested.
public static class KvkMapping
{
    public static KvkFacts Map(string kvkNumber, KvkBasisprofiel profile, IReadOnlyList<VocabularyTerm> legalForms)
    {
        var main = profile.Embedded?.Hoofdvestiging;
        var owner = profile.Embedded?.Eigenaar;
        // Without a hoofdvestiging (e.g. a VvE) the address is the owner's.
        var addresses = main?.Adressen ?? owner?.Adressen ?? [];
        var address = addresses.FirstOrDefault(a => a.Type == "bezoekadres") ?? (addresses.Count > 0 ? addresses[0] : null);
        var shielded = address?.IndAfgeschermd == "Ja";
        var (founded, approximate) = ParseDate(profile.MaterieleRegistratie?.DatumAanvang ?? profile.FormeleRegistratiedatum);
        var activities = (profile.SbiActiviteiten ?? main?.SbiActiviteiten ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a.SbiCode))
            .Select(a => new SbiActivity(ProfileResolver.NormaliseSbi(a.SbiCode!), a.SbiOmschrijving, a.IndHoofdactiviteit == "Ja"))
            .OrderByDescending(a => a.Main)
            .ToList();
        return new KvkFacts(
            kvkNumber,
            profile.Naam ?? profile.StatutaireNaam ?? main?.EersteHandelsnaam,
            (profile.Handelsnamen ?? []).OrderBy(h => h.Volgorde ?? int.MaxValue).Select(h => h.Naam).OfType<string>().ToList(),
            LegalForm(owner?.Rechtsvorm, owner?.UitgebreideRechtsvorm, legalForms),
            owner?.UitgebreideRechtsvorm ?? owner?.Rechtsvorm,
            activities,
            profile.TotaalWerkzamePersonen ?? main?.TotaalWerkzamePersonen,
            founded,
            approximate,
            shielded ? null : ProfileResolver.NormalisePostcode(address?.Postcode),
            shielded ? null : address?.Plaats,
            shielded,
            main is not null);
    }

    // KVK writes dates as YYYYMMDD with zeros for unknown parts: 20150600 (day unknown), 00000000 (unknown).
    public static (DateOnly? Date, bool Approximate) ParseDate(string? value)
    {
        if (value is not { Length: 8 } || !value.All(char.IsDigit))
        {
            return (null, false);
        }

        var year = int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(value.AsSpan(6, 2), CultureInfo.InvariantCulture);
        if (year == 0 || month > 12 || day > 31)
        {
            return (null, false);
        }

        var approximate = month == 0 || day == 0;
        month = Math.Max(month, 1);
        day = Math.Clamp(day, 1, DateTime.DaysInMonth(year, month));
        return (new DateOnly(year, month, day), approximate);
    }

    // KVK's legal form is free text in several spellings; match on words, not on exact strings.
    public static string? LegalForm(string? rechtsvorm, string? uitgebreideRechtsvorm, IReadOnlyList<VocabularyTerm> legalForms)
    {
        var text = Fold(uitgebreideRechtsvorm + " " + rechtsvorm);
        if (text.Contains("vereniging van eigenaars", StringComparison.Ordinal) || text.Contains("onderlinge waarborg", StringComparison.Ordinal)
            || text.Contains("kerkgenootschap", StringComparison.Ordinal))
        {
            return null;
        }

        // The words KVK writes for each form are in data/vocabularies.json, in the order they are tried.
        foreach (var form in legalForms)
        {
            if ((form.KvkNames ?? []).Any(word => text.Contains(word, StringComparison.Ordinal)))
            {
                return form.Code;
            }
        }

        var bare = text.Trim();
        return legalForms.FirstOrDefault(f => (f.KvkAbbreviations ?? []).Contains(bare, StringComparer.Ordinal))?.Code;
    }

    public static PostcodeArea? MapPostcode(string postcode, PdokResponse response)
    {
        var doc = (response.Result?.Docs ?? [])
            .Where(d => d.Gemeentecode is { Length: > 0 } && d.Provinciecode is { Length: > 0 })
            .GroupBy(d => d.Gemeentecode)
            .OrderByDescending(g => g.Count())
            .Select(g => g.First())
            .FirstOrDefault();
        return doc is null
            ? null
            : new PostcodeArea(postcode, "GM" + doc.Gemeentecode!.PadLeft(4, '0'), doc.Gemeentenaam ?? "", doc.Provinciecode!);
    }

    private static string Fold(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
