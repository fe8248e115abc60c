using System.Text.Json;
using Matchmaker.Api.Companies;

namespace Matchmaker.Api.Tests.Companies;

public sealed class KvkMappingTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString };

    private static KvkFacts Load(string kvkNumber) => KvkMapping.Map(kvkNumber,
        JsonSerializer.Deserialize<KvkBasisprofiel>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kvk", $"basisprofiel-{kvkNumber}.json")), Web)!,
        Matching.TestCatalogue.Codes.Value.Terms.LegalForms);

    [Fact]
    public void Eenmanszaak_MainActivityFirstTradeNamesInOrderVisitingAddress()
    {
        var f = Load("69599084");

        Assert.Equal("Test EMZ Dagobert", f.Name);
        Assert.Equal(["Test EMZ Dagobert", "Tweede handelsnaam 1MZ"], f.TradeNames);
        Assert.Equal("eenmanszaak", f.LegalForm);
        Assert.Equal(["10110", "10120"], f.Activities.Select(a => a.Code));
        Assert.True(f.Activities[0].Main);
        Assert.Equal(1, f.Employees);
        Assert.Equal(new DateOnly(2017, 1, 8), f.FoundedOn);
        Assert.False(f.FoundedOnApproximate);
        Assert.Equal(("1034WL", "Amsterdam", false), (f.Postcode, f.City, f.AddressShielded));
    }

    [Fact]
    public void Bv_DayUnknownAndVisitingAddressPreferredOverPostbox()
    {
        var f = Load("68750110");

        Assert.Equal("bv", f.LegalForm);
        Assert.Equal(12, f.Employees);
        Assert.Equal(new DateOnly(2015, 6, 1), f.FoundedOn);
        Assert.True(f.FoundedOnApproximate);
        Assert.Equal("8823SJ", f.Postcode);
        Assert.Equal(["01241"], f.Activities.Select(a => a.Code));
    }

    [Fact]
    public void Stichting_UnknownStartDateAndNoEmployees()
    {
        var f = Load("69599068");

        Assert.Equal("stichting", f.LegalForm);
        Assert.Null(f.FoundedOn);
        Assert.Null(f.Employees);
        Assert.Equal("7241AR", f.Postcode);
    }

    [Fact]
    public void VvE_WithoutHoofdvestiging_UsesTheOwnersAddressAndHasNoLegalFormCode()
    {
        var f = Load("90000749");

        Assert.False(f.HasMainBranch);
        Assert.Null(f.LegalForm);
        Assert.Equal("Vereniging van Eigenaars", f.LegalFormText);
        Assert.Equal("3328XD", f.Postcode);
        Assert.Equal(new DateOnly(2019, 1, 1), f.FoundedOn);
        Assert.True(f.FoundedOnApproximate);
    }

    [Fact]
    public void ShieldedAddress_GivesNoPostcode()
    {
        var f = Load("90001354");

        Assert.True(f.AddressShielded);
        Assert.Null(f.Postcode);
        Assert.Null(f.City);
        Assert.Equal("bv", f.LegalForm);
    }

    [Theory]
    [InlineData("20170108", "2017-01-08", false)]
    [InlineData("20150600", "2015-06-01", true)]
    [InlineData("20150000", "2015-01-01", true)]
    [InlineData("20240231", "2024-02-29", false)]
    [InlineData("00000000", null, false)]
    [InlineData("2015", null, false)]
    [InlineData("2015-06-01", null, false)]
    [InlineData("20151301", null, false)]
    [InlineData(null, null, false)]
    public void ParseDate_HandlesZeroPartsAndRubbish(string? value, string? expected, bool approximate)
    {
        var (date, approx) = KvkMapping.ParseDate(value);

        Assert.Equal(expected, date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(approximate, approx);
    }

    [Theory]
    [InlineData("Eenmanszaak", null, "eenmanszaak")]
    [InlineData("Besloten Vennootschap", null, "bv")]
    [InlineData("BeslotenVennootschap", "Besloten vennootschap met gewone structuur", "bv")]
    [InlineData("Naamloze Vennootschap", null, "nv")]
    [InlineData("Vennootschap onder firma", null, "vof")]
    [InlineData("Commanditaire Vennootschap", null, "cv")]
    [InlineData("Maatschap", null, "maatschap")]
    [InlineData("Coöperatie", "Coöperatie met uitgesloten aansprakelijkheid", "cooperatie")]
    [InlineData("Vereniging", "Vereniging met volledige rechtsbevoegdheid", "vereniging")]
    [InlineData("Stichting", null, "stichting")]
    [InlineData("Vereniging van Eigenaars", null, null)]
    [InlineData("Onderlinge Waarborg Maatschappij", null, null)]
    [InlineData("Kerkgenootschap", null, null)]
    [InlineData("B.V.", null, "bv")]
    [InlineData(null, null, null)]
    public void LegalForm_MapsKvkSpellingsToOurCodes(string? rechtsvorm, string? uitgebreid, string? expected) =>
        Assert.Equal(expected, KvkMapping.LegalForm(rechtsvorm, uitgebreid, Matching.TestCatalogue.Codes.Value.Terms.LegalForms));

    [Fact]
    public void Postcode_TakesTheMunicipalityPdokNamesMostOften()
    {
        var response = new PdokResponse(new PdokResult(3, [
            new PdokDoc("postcode", "1234AB", "363", "Amsterdam", "PV27", "Noord-Holland", "Amsterdam"),
            new PdokDoc("postcode", "1234AB", "0363", "Amsterdam", "PV27", "Noord-Holland", "Amsterdam"),
            new PdokDoc("postcode", "1234AB", "0394", "Haarlemmermeer", "PV27", "Noord-Holland", "Badhoevedorp"),
        ]));

        Assert.Equal("GM0363", KvkMapping.MapPostcode("1234AB", response)!.MunicipalityCode);
        Assert.Null(KvkMapping.MapPostcode("1234AB", new PdokResponse(new PdokResult(0, []))));
    }
}
