using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Matchmaker.Api.Companies;

namespace Matchmaker.Api.Tests.Companies;

// A warning is one sentence in one language: the upstream's failure reason inside it follows the request's language too.
public sealed partial class WarningLanguageTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(UpstreamMode.ServerError, "nl")]
    [InlineData(UpstreamMode.ServerError, "en")]
    [InlineData(UpstreamMode.Unauthorized, "nl")]
    [InlineData(UpstreamMode.Unauthorized, "en")]
    [InlineData(UpstreamMode.Slow, "nl")]
    [InlineData(UpstreamMode.Slow, "en")]
    [InlineData(UpstreamMode.Html, "nl")]
    [InlineData(UpstreamMode.Html, "en")]
    [InlineData(UpstreamMode.ConnectionRefused, "nl")]
    [InlineData(UpstreamMode.ConnectionRefused, "en")]
    public async Task PostMatches_KvkFails_WarningIsInTheRequestLanguage(UpstreamMode mode, string language)
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser");
        _api.Upstreams.Kvk = mode;

        // Act
        var response = await adviser.PostAsync("/v1/matches", Body($$"""
            { "kvkNumber": "69599084", "company": { "municipalityCode": "GM0772" }, "language": "{{language}}" }
            """));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warnings = Warnings(await response.JsonAsync());
        Assert.Contains(warnings, w => w.Contains("KVK", StringComparison.Ordinal));
        Assert.All(warnings, w => AssertLanguage(language, w));
    }

    [Theory]
    [InlineData(UpstreamMode.ServerError, "5611AB", "nl")]
    [InlineData(UpstreamMode.ServerError, "5611AB", "en")]
    [InlineData(UpstreamMode.Normal, "9999ZZ", "nl")]
    [InlineData(UpstreamMode.Normal, "9999ZZ", "en")]
    public async Task PostMatches_PostcodeNotResolved_WarningIsInTheRequestLanguage(UpstreamMode mode, string postcode, string language)
    {
        // Arrange
        _api.Upstreams.Pdok = mode;

        // Act
        var response = await _api.CreateClient().PostAsync("/v1/matches", Body($$"""
            { "company": { "postcode": "{{postcode}}" }, "language": "{{language}}" }
            """));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warnings = Warnings(await response.JsonAsync());
        Assert.Contains(warnings, w => w.Contains("postcode", StringComparison.Ordinal));
        Assert.All(warnings, w => AssertLanguage(language, w));
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task GetCompany_PostcodeNotResolved_WarningFollowsAcceptLanguage(string language)
    {
        // Arrange
        var adviser = await _api.ClientWithKeyAsync("adviser");
        adviser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        _api.Upstreams.Pdok = UpstreamMode.ServerError;

        // Act
        var response = await adviser.GetAsync("/v1/companies/68750110");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warnings = Warnings(await response.JsonAsync());
        Assert.Contains(warnings, w => w.Contains("PDOK", StringComparison.Ordinal));
        Assert.All(warnings, w => AssertLanguage(language, w));
    }

    public static TheoryData<UpstreamCause> Causes() => new(Enum.GetValues<UpstreamCause>());

    [Theory]
    [MemberData(nameof(Causes))]
    public void UpstreamReason_EveryCause_HasADutchAndAnEnglishText(UpstreamCause cause)
    {
        // Arrange
        var reason = new UpstreamReason("KVK Basisprofiel", cause, "1234AB");

        // Act
        var dutch = reason.Text(english: false);
        var english = reason.Text(english: true);

        // Assert
        Assert.NotEqual(dutch, english);
        AssertLanguage("nl", dutch);
        AssertLanguage("en", english);
    }

    private static List<string> Warnings(JsonElement body) =>
        body.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();

    // Words that give a sentence away as the other language; none of them is a word of both.
    private static readonly string[] EnglishWords = ["the", "failing", "paused", "answered", "answer", "did", "not", "could", "found", "unknown", "rejected", "unreadable", "uses", "only", "given", "lookup", "unavailable"];
    private static readonly string[] DutchWords = ["het", "niet", "lukte", "antwoordde", "antwoord", "onbekend", "bij", "gegeven", "gebruikt", "alleen", "gaf", "weigerde", "geeft", "steeds", "fouten", "een", "fout", "kon", "worden", "staan"];

    private static void AssertLanguage(string language, string text)
    {
        var words = Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        var foreign = (language == "en" ? DutchWords : EnglishWords).Where(words.Contains).ToList();
        Assert.True(foreign.Count == 0, $"'{text}' should be all {language} but has {string.Join(", ", foreign)}");
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
