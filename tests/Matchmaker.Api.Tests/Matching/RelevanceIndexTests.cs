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
}
