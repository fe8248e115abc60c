using Matchmaker.Api.Insights;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Insights;

// Which words of a question count as unrecognised, on the real catalogue.
public sealed class UnrecognisedWordsTests
{
    private readonly CatalogueSnapshot _snapshot = Matching.TestCatalogue.RealSnapshot.Value;

    [Theory]
    [InlineData("Wij willen zonnepanelen op ons dak en een warmtepomp", new string[0])]
    [InlineData("Netcongestie remt onze uitbreiding", new[] { "netcongestie", "remt" })]
    [InlineData("NETCONGESTIE, netcongestie! Netcongéstie?", new[] { "netcongestie" })]
    [InlineData("Mail naar jan.jansen@voorbeeld.nl of bel 06-12345678 over KVK 68750110", new string[0])]
    [InlineData("Zie www.bakkerij-jansen.nl en https://jansen.example/pad", new string[0])]
    [InlineData("Postcode 5611AB, straat J.Jansen_2", new string[0])]
    [InlineData("ik wil graag vanwege de hulp, please thanks", new string[0])]
    [InlineData("ab xy zonnepanelen", new string[0])]
    public void Of_KeepsOnlyWordsMatchingCannotPlace(string description, string[] expected)
    {
        Assert.Equal(expected, UnrecognisedWords.Of(description, _snapshot));
    }

    [Fact]
    public void Of_KeepsAtMostTwentyWordsOfOneQuestion()
    {
        var words = string.Join(' ', Enumerable.Range(0, 40).Select(i => "qorb" + (char)('a' + (i % 26)) + (char)('a' + (i / 26))));

        Assert.Equal(UnrecognisedWords.MaxPerQuestion, UnrecognisedWords.Of(words, _snapshot).Count);
    }
}
