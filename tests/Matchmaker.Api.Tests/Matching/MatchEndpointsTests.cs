using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Matchmaker.Api.Tests.Catalogue;
using Microsoft.Extensions.DependencyInjection;

namespace Matchmaker.Api.Tests.Matching;

public sealed class MatchEndpointsTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    private readonly HttpClient _client = api.Factory.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostMatches_ReturnsResolvedProfileRankedMatchesAndReasons()
    {
        // Act
        var response = await _client.PostAsync("/v1/matches", Json("""
            { "company": { "legalForm": "bv", "employees": 12, "municipalityCode": "GM0772", "sbiCodes": ["62.01"] },
              "need": { "description": "warmtepomp voor ons pand" } }
            """));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var profile = body.GetProperty("profile");
        Assert.Equal("PV30", profile.GetProperty("provinceCode").GetString());
        Assert.Equal("small", profile.GetProperty("sizeClass").GetString());
        Assert.Equal("input", profile.GetProperty("provenance").GetProperty("employees").GetString());
        var first = body.GetProperty("matches")[0];
        Assert.Equal("t-eindhoven-energy", first.GetProperty("scheme").GetProperty("id").GetString());
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.InRange(first.GetProperty("score").GetDouble(), 0, 1);
        Assert.Equal("eligible", first.GetProperty("eligibility").GetString());
        Assert.Equal("Test municipality Eindhoven", first.GetProperty("scheme").GetProperty("provider").GetProperty("name").GetString());
        Assert.Equal("2026-12-10", first.GetProperty("nextDeadline").GetString());
        Assert.Contains(first.GetProperty("criteria").EnumerateArray(), c => c.GetProperty("criterion").GetString() == "location" && c.GetProperty("outcome").GetString() == "met");
        Assert.True(first.GetProperty("scoreBreakdown").GetProperty("relevance").GetDouble() > 0);
        Assert.Equal(0, body.GetProperty("warnings").GetArrayLength());
    }

    [Theory]
    [InlineData("nl", false)]
    [InlineData("en", true)]
    public async Task PostMatches_Body_IsWhatTheSerializerWritesForTheResult(string language, bool includeIneligible)
    {
        // Act: texts with "€", "é" and "&" in them, and words of the firm's own echoed back.
        var response = await _client.PostAsync("/v1/matches", Json($$"""
            { "company": { "legalForm": "bv", "employees": 12, "municipalityCode": "GM0772", "annualTurnoverEur": 900000, "foundedOn": "2015-01-01" },
              "need": { "description": "warmtepomp & zonnepanelen voor ons café <zaal> (€ 40.000)", "projectBudgetEur": 40000 },
              "language": "{{language}}", "includeIneligible": {{(includeIneligible ? "true" : "false")}}, "limit": 50 }
            """));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var options = api.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var result = JsonSerializer.Deserialize<Matchmaker.Api.Matching.MatchResult>(body, options)!;
        Assert.NotEmpty(result.Matches);
        Assert.Equal(JsonSerializer.Serialize(result, options), body);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task GetMatches_FlatQueryGivesTheSameRankingAsPost()
    {
        var post = await (await _client.PostAsync("/v1/matches", Json("""
            { "company": { "employees": 3, "municipalityCode": "GM0363" }, "need": { "themes": ["startup"], "instruments": ["loan"] }, "language": "en" }
            """))).JsonAsync();
        var getResponse = await _client.GetAsync("/v1/matches?employees=3&municipalityCode=GM0363&themes=startup&instruments=loan&language=en");
        var get = await getResponse.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        Assert.Contains("max-age=300", getResponse.Headers.CacheControl!.ToString());
        Assert.Equal(post.GetProperty("matches").ToString(), get.GetProperty("matches").ToString());
        Assert.Equal("t-amsterdam-start", get.GetProperty("matches")[0].GetProperty("scheme").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PostMatches_IneligibleOnlyInExcludedWhenAsked()
    {
        var body = await (await _client.PostAsync("/v1/matches", Json("""
            { "company": { "municipalityCode": "GM0935" }, "includeIneligible": true, "limit": 50 }
            """))).JsonAsync();

        var matches = body.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("scheme").GetProperty("id").GetString()).ToList();
        var excluded = body.GetProperty("excluded").EnumerateArray().ToList();
        Assert.DoesNotContain("t-brabant-fund", matches);
        Assert.DoesNotContain("t-ended-guarantee", matches);
        Assert.Contains("t-limburg-fund", matches);
        Assert.Contains(excluded, e => e.GetProperty("scheme").GetProperty("id").GetString() == "t-brabant-fund");
        Assert.All(excluded, e => Assert.Equal("ineligible", e.GetProperty("eligibility").GetString()));
    }

    [Fact]
    public async Task PostMatches_EveryInvalidFieldInOneProblem()
    {
        // Act
        var response = await _client.PostAsync("/v1/matches", Json($$"""
            { "kvkNumber": "123", "limit": 0, "asOf": "2026-13-01", "language": "fr", "colour": "red",
              "company": { "legalForm": "plc", "employees": "twelve", "annualTurnoverEur": -1, "municipalityCode": "GM99999",
                           "sbiCodes": ["abc"], "foundedOn": "2030-01-01", "postcode": "ABCD12", "extra": 1 },
              "need": { "description": "{{new string('x', 2001)}}", "themes": ["space"], "phase": "dreaming", "instruments": ["gift"],
                        "projectBudgetEur": 1e30 } }
            """));

        // Assert
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var names = problem.InvalidParamNames();
        foreach (var expected in new[]
                 {
                     "kvkNumber", "limit", "asOf", "language", "colour", "company.legalForm", "company.employees", "company.annualTurnoverEur",
                     "company.municipalityCode", "company.sbiCodes[0]", "company.foundedOn", "company.postcode", "company.extra",
                     "need.description", "need.themes[0]", "need.phase", "need.instruments[0]", "need.projectBudgetEur",
                 })
        {
            Assert.Contains(expected, names);
        }

        var theme = problem.GetProperty("invalidParams").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "need.themes[0]");
        Assert.Contains("innovation", theme.GetProperty("reason").GetString());
    }

    private static string Reason(JsonElement problem, string name) =>
        problem.GetProperty("invalidParams").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("reason").GetString()!;

    [Fact]
    public async Task PostMatches_CodeReasons_NameTheVocabularysCodes()
    {
        // Act
        var problem = await (await _client.PostAsync("/v1/matches", Json("""
            { "company": { "legalForm": "plc", "facts": { "favouriteColour": true } }, "need": { "phase": "dreaming", "purposes": ["world-peace"] } }
            """))).ProblemAsync(HttpStatusCode.BadRequest);

        // Assert
        Assert.Contains("stichting", Reason(problem, "company.legalForm"));
        Assert.Contains("/v1/vocabularies/legal-forms", Reason(problem, "company.legalForm"));
        Assert.StartsWith("Unknown fact", Reason(problem, "company.facts.favouriteColour"));
        Assert.Contains("paysProfitTax", Reason(problem, "company.facts.favouriteColour"));
        Assert.Contains("feasibility", Reason(problem, "need.phase"));
        Assert.Contains("buy-equipment", Reason(problem, "need.purposes[0]"));
    }

    [Fact]
    public async Task PostMatches_RulesBeyondTheSchema_EachNamesItsField()
    {
        // Act
        var problem = await (await _client.PostAsync("/v1/matches", Json("""
            { "asOf": "2020-01-01",
              "company": { "municipalityCode": "GM0001", "foundedOn": "2021-06-01", "facts": { "paysProfitTax": 1, "plannedInvestmentEur": true } } }
            """))).ProblemAsync(HttpStatusCode.BadRequest);

        // Assert
        Assert.Equal(
            ["company.facts.paysProfitTax", "company.facts.plannedInvestmentEur", "company.foundedOn", "company.municipalityCode"],
            problem.InvalidParamNames().Order(StringComparer.Ordinal));
        Assert.Contains("GET /v1/municipalities", Reason(problem, "company.municipalityCode"));
        Assert.Contains("true or false", Reason(problem, "company.facts.paysProfitTax"));
        Assert.Contains("whole number", Reason(problem, "company.facts.plannedInvestmentEur"));
        Assert.Contains("asOf", Reason(problem, "company.foundedOn"));
    }

    [Fact]
    public async Task PostMatches_NullFieldsAndEmptyLists_AreAbsent()
    {
        var response = await _client.PostAsync("/v1/matches", Json("""
            { "kvkNumber": null, "asOf": null, "limit": null, "language": null,
              "company": { "legalForm": null, "employees": 4, "sbiCodes": [], "facts": { "paysProfitTax": null } },
              "need": { "themes": null, "phase": null, "description": null } }
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostMatches_OneReasonPerField()
    {
        var problem = await (await _client.PostAsync("/v1/matches", Json("""{ "asOf": "yesterday", "company": { "employees": "many" } }""")))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["asOf", "company.employees"], problem.InvalidParamNames().Order(StringComparer.Ordinal));
        Assert.Equal("Must be a date as yyyy-MM-dd.", Reason(problem, "asOf"));
        Assert.Equal("Must be a whole number.", Reason(problem, "company.employees"));
    }

    [Fact]
    public async Task PostMatches_ThousandsOfBadItems_BoundedAnswer()
    {
        var themes = string.Join(",", Enumerable.Repeat("\"x\"", 5000));

        var problem = await (await _client.PostAsync("/v1/matches", Json($$"""{ "need": { "themes": [{{themes}}] } }""")))
            .ProblemAsync(HttpStatusCode.BadRequest);

        var names = problem.InvalidParamNames();
        Assert.Equal(101, names.Count);
        Assert.Contains("need.themes", names);
        Assert.Equal("body", names[^1]);
    }

    [Fact]
    public async Task GetMatches_MappedRequest_MeetsTheSameSchemaAndRules()
    {
        var problem = await (await _client.GetAsync("/v1/matches?foundedOn=2030-01-01&municipalityCode=GM0001&sbiCodes=62.01,1&kvkNumber=123"))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["foundedOn", "kvkNumber", "municipalityCode", "sbiCodes"], problem.InvalidParamNames().Order(StringComparer.Ordinal));
        Assert.Contains("SBI", Reason(problem, "sbiCodes"));
        Assert.Contains("8 digits", Reason(problem, "kvkNumber"));
    }

    [Fact]
    public async Task GetMatches_InvalidKeysAllListed()
    {
        var problem = await (await _client.GetAsync("/v1/matches?employees=-1&municipalityCode=GM99&themes=space&limit=51&foo=bar")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["employees", "foo", "limit"], problem.InvalidParamNames().Order(StringComparer.Ordinal));
        var semantic = await (await _client.GetAsync("/v1/matches?municipalityCode=GM99&themes=space,innovation")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["municipalityCode", "themes"], semantic.InvalidParamNames().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{ \"need\": ")]
    [InlineData("{ \"company\": 5 }")]
    [InlineData("{ \"need\": { \"description\": \"\\u0000\" } }")]
    [InlineData("{ \"company\": { \"employees\": 1.5 } }")]
    [InlineData("{ \"company\": { \"employees\": 99999999999999999999999 } }")]
    [InlineData("{ \"need\": { \"themes\": \"innovation\" } }")]
    public async Task PostMatches_BrokenBodies_Answer400Problem(string body) =>
        await (await _client.PostAsync("/v1/matches", Json(body))).ProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task PostMatches_WrongContentType_Answers415()
    {
        var content = new StringContent("{}", Encoding.UTF8, "text/plain");
        await (await _client.PostAsync("/v1/matches", content)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task PostMatches_HugeBody_Answers413()
    {
        var content = new ByteArrayContent(new byte[200 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await (await _client.PostAsync("/v1/matches", content)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PostMatches_English_ExplainsInEnglish()
    {
        var body = await (await _client.PostAsync("/v1/matches", Json("""{ "company": { "employees": 4 }, "language": "en" }"""))).JsonAsync();

        var regional = body.GetProperty("matches").EnumerateArray().First(m => m.GetProperty("scheme").GetProperty("id").GetString() == "t-brabant-fund");
        Assert.Equal("Only for firms established in Noord-Brabant; your location is not known.",
            regional.GetProperty("criteria")[0].GetProperty("detail").GetString());
        Assert.Equal("company.municipalityCode", body.GetProperty("nextQuestion").GetProperty("field").GetString());
        Assert.Equal("In which municipality is your business established?", body.GetProperty("nextQuestion").GetProperty("question").GetString());
    }
}
