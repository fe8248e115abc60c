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

    [Fact]
    public void StemsWrittenAsNames_AreWordsWrittenAsNames_NotSentenceStarts() =>
        Assert.Equal(["eurostar", "inwest", "itea"],
            TextAnalyzer.StemsWrittenAsNames("Subsidie via ITEA of Eurostars? Wij kennen InWest, niet de bank. Samen verder.").Order(StringComparer.Ordinal));

    // "zo'n" (such a) read as "zon" (sun) made every question with "zo'n 25.000 euro" a little about solar panels.
    [Theory]
    [InlineData("een bijdrage van zo'n 25.000 euro", new[] { "een", "bijdrage", "van", "zo", "25", "000", "euro" })]
    [InlineData("'n nieuwe machine voor m'n zaak", new[] { "nieuwe", "machine", "voor", "m", "zaak" })]
    [InlineData("zzp'ers en auto's", new[] { "zzpers", "en", "autos" })]
    [InlineData("zzp\u2019ers met zo\u2019n plan", new[] { "zzpers", "met", "zo", "plan" })]
    [InlineData("Zo'N", new[] { "zo" })]
    [InlineData("nou'nee", new[] { "nounee" })]
    public void Words_TheShortArticle_IsNoPartOfAWord(string text, string[] words) => Assert.Equal(words, TextAnalyzer.Words(text));

    [Theory]
    [InlineData("warmtepmop", "warmtepomp")]
    [InlineData("machiene", "machine")]
    [InlineData("wandel", null)]
    [InlineData("kosten", null)]
    [InlineData("solotentoonstell", "tentoonstell")]
    public void Closest_RepairsSlipsButKeepsTheFirstLetter(string typo, string? repaired) =>
        Assert.Equal(repaired, new TrigramIndex(["warmtepomp", "machine", "aandel", "posten", "tentoonstell"]).Closest(typo));
}
