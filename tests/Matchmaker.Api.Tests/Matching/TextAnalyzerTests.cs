using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

public sealed class TextAnalyzerTests
{
    [Theory]
    [InlineData("panelen", "paneel")]
    [InlineData("zonnepanelen", "zonnepaneel")]
    [InlineData("exporteren", "export")]
    [InlineData("exporting", "export")]
    [InlineData("bijscholen", "bijscholing")]
    [InlineData("medewerkers", "medewerker")]
    [InlineData("innovaties", "innovatie")]
    [InlineData("startups", "startup")]
    [InlineData("starters", "starten")]
    [InlineData("duurzame", "duurzaam")]
    [InlineData("warmtepompen", "warmtepomp")]
    public void Stem_FoldsInflectionsTogether(string a, string b) => Assert.Equal(TextAnalyzer.Stem(a), TextAnalyzer.Stem(b));

    [Fact]
    public void Words_LowerCasesAndRemovesDiacritics() =>
        Assert.Equal(["cooperatie", "fryslan", "beeindigd", "co2", "uitstoot"], TextAnalyzer.Words("Coöperatie Fryslân: beëindigd! CO2-uitstoot"));
}
