using System.Text.Json.Serialization;

namespace Matchmaker.Api.Companies;

// KVK Handelsregister wire types (Dutch names as KVK spells them). Everything is optional: KVK leaves fields out freely,
// and links (an array or a _links object depending on the API) are not read at all.
public sealed record KvkZoekResultaat(int? Pagina, int? ResultatenPerPagina, int? Totaal, IReadOnlyList<KvkZoekItem>? Resultaten);

public sealed record KvkZoekItem(string? KvkNummer, string? Vestigingsnummer, string? Naam, KvkZoekAdres? Adres, string? Type);

public sealed record KvkZoekAdres(KvkBinnenlandsAdres? BinnenlandsAdres, KvkBuitenlandsAdres? BuitenlandsAdres);

public sealed record KvkBinnenlandsAdres(string? Type, string? Straatnaam, string? Plaats, string? Postcode);

public sealed record KvkBuitenlandsAdres(string? Type, string? StraatHuisnummer, string? PostcodeWoonplaats, string? Land);

public sealed record KvkBasisprofiel(
    string? KvkNummer,
    string? Naam,
    string? StatutaireNaam,
    string? FormeleRegistratiedatum,
    KvkMaterieleRegistratie? MaterieleRegistratie,
    int? TotaalWerkzamePersonen,
    IReadOnlyList<KvkHandelsnaam>? Handelsnamen,
    IReadOnlyList<KvkSbiActiviteit>? SbiActiviteiten,
    [property: JsonPropertyName("_embedded")] KvkEmbedded? Embedded);

public sealed record KvkMaterieleRegistratie(string? DatumAanvang, string? DatumEinde);

public sealed record KvkHandelsnaam(string? Naam, int? Volgorde);

public sealed record KvkSbiActiviteit(string? SbiCode, string? SbiOmschrijving, string? IndHoofdactiviteit);

public sealed record KvkEmbedded(KvkVestiging? Hoofdvestiging, KvkEigenaar? Eigenaar);

public sealed record KvkEigenaar(string? Rsin, string? Rechtsvorm, string? UitgebreideRechtsvorm, IReadOnlyList<KvkAdres>? Adressen);

public sealed record KvkVestiging(
    string? Vestigingsnummer,
    string? KvkNummer,
    string? EersteHandelsnaam,
    string? IndHoofdvestiging,
    int? TotaalWerkzamePersonen,
    KvkMaterieleRegistratie? MaterieleRegistratie,
    IReadOnlyList<KvkAdres>? Adressen,
    IReadOnlyList<KvkSbiActiviteit>? SbiActiviteiten);

public sealed record KvkAdres(
    string? Type, string? IndAfgeschermd, string? VolledigAdres, string? Straatnaam, int? Huisnummer, string? Postcode, string? Plaats, string? Land);

public sealed record PdokResponse([property: JsonPropertyName("response")] PdokResult? Result);

public sealed record PdokResult(int? NumFound, IReadOnlyList<PdokDoc>? Docs);

public sealed record PdokDoc(
    string? Type, string? Postcode, string? Gemeentecode, string? Gemeentenaam, string? Provinciecode, string? Provincienaam, string? Woonplaatsnaam);
