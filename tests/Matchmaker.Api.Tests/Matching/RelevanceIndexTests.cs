using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

public sealed class RelevanceIndexTests
{
    // A rebuild that reuses the words and typo index of the previous one must index exactly what a build from nothing does,
    // also after a write changed one text, added words and dropped a scheme.
    [Fact]
    public void ARebuildWithKeptWords_IndexesWhatABuildFromNothingDoes()
    {
        // Arrange
        var lexicon = Lexicon.Load(TestPaths.RealData);
        var documents = CatalogueData.Load(TestPaths.RealData).ProviderFiles.SelectMany(f => f.Content.Schemes)
            .Select(s => (Title: s.Title.Nl + " " + s.Title.En, Keywords: string.Join(" ; ", s.Keywords?.Nl ?? []), Summary: s.Summary.Nl + " " + s.Summary.En))
            .ToList();
        var cache = new TermCache();
        _ = new RelevanceIndex(documents, lexicon, cache);
        var changed = documents.Skip(1).ToList();
        changed[0] = changed[0] with { Summary = "Bakkerijen en banketbakkerijen krijgen steun voor een warmtepompinstallatie." };

        // Act
        var kept = new RelevanceIndex(changed, lexicon, cache);
        var fresh = new RelevanceIndex(changed, lexicon);

        // Assert
        var terms = changed.SelectMany(d => TextAnalyzer.Terms(d.Title + " " + d.Keywords + " " + d.Summary, lexicon.Stopwords))
            .Concat(documents[0].Summary.Split(' ').Select(TextAnalyzer.Stem)).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains(TextAnalyzer.Stem("banketbakkerijen"), terms);
        foreach (var term in terms)
        {
            Assert.Equal(fresh.Postings(term).ToArray(), kept.Postings(term).ToArray());
            Assert.Equal(fresh.Idf(term), kept.Idf(term));
        }

        foreach (var typo in new[] { "warmtepmp", "banketbakkerj", "subsidei", "innovatei" })
        {
            Assert.Equal(fresh.Closest(typo), kept.Closest(typo));
        }
    }

    // A write that changes one scheme's texts patches the index; it must then index exactly what a build from nothing
    // does, and refuse (null) when the change brings a word the index does not know.
    [Fact]
    public void APatchedIndex_IndexesWhatABuildFromNothingDoes_AndANewWordAsksForABuild()
    {
        // Arrange
        var lexicon = Lexicon.Load(TestPaths.RealData);
        var documents = CatalogueData.Load(TestPaths.RealData).ProviderFiles.SelectMany(f => f.Content.Schemes)
            .Select(s => CatalogueSnapshot.IndexedTexts(s))
            .ToList();
        var index = new RelevanceIndex(documents, lexicon);
        const int Position = 7;
        var before = documents[Position];
        var after = before with { Keywords = before.Keywords + " ; warmtepomp ; belasting", Summary = string.Join(' ', before.Summary.Split(' ').Skip(3)) };
        var changed = documents.ToList();
        changed[Position] = after;

        // Act
        var patched = index.Replace(Position, before, after, lexicon);
        var fresh = new RelevanceIndex(changed, lexicon);
        var unknownWord = index.Replace(Position, before, before with { Title = before.Title + " zwxqvluminatie" }, lexicon);

        // Assert
        Assert.NotNull(patched);
        Assert.Null(unknownWord);
        var terms = changed.Concat([before]).SelectMany(d => TextAnalyzer.Terms(d.Title + " " + d.Keywords + " " + d.Summary, lexicon.Stopwords))
            .SelectMany(t => new[] { t }.Concat(RelevanceIndex.SplitCompound(t, lexicon.ConceptStems)))
            .Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains(TextAnalyzer.Stem("warmtepomp"), terms);
        foreach (var term in terms)
        {
            Assert.Equal(fresh.Postings(term).ToArray(), patched.Postings(term).ToArray());
            Assert.Equal(fresh.Idf(term), patched.Idf(term));
        }

        Assert.Contains(patched.Postings(TextAnalyzer.Stem("warmtepomp")).ToArray(), p => p.Scheme == Position);
    }

    [Theory]
    [InlineData("itea4", "itea")]
    [InlineData("horizon2020", "horizon")]
    [InlineData("co2", null)]
    [InlineData("h2", null)]
    [InlineData("itea", null)]
    [InlineData("4tu", null)]
    [InlineData("a4b", null)]
    public void NameWithoutNumber_DropsAGenerationNumber(string term, string? name) =>
        Assert.Equal(name, RelevanceIndex.NameWithoutNumber(term));
}
