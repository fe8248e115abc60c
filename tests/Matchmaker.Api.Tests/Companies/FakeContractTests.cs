using System.Text;
using System.Text.Json.Nodes;
using Matchmaker.Api.Companies;
using Matchmaker.Api.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace Matchmaker.Api.Tests.Companies;

// Runs the service once through every answer the fakes give in Normal mode, with the real Refit clients: every fixture,
// every "not found", search with and without results, a postcode PDOK does not know. The tests then hold each exchange
// to KVK's and PDOK's own documents.
public sealed class FakeExchangesFixture : IAsyncLifetime, IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public IReadOnlyList<FakeExchange> Exchanges { get; private set; } = [];

    public static IReadOnlyList<string> FixtureFiles { get; } =
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kvk"), "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public async Task InitializeAsync()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");
        foreach (var file in FixtureFiles.Where(f => f.StartsWith("basisprofiel-", StringComparison.Ordinal)))
        {
            // Each firm's profile, and PDOK for its postcode.
            await Ok(adviser.GetAsync($"/v1/companies/{file[13..^5]}"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await adviser.GetAsync("/v1/companies/12345678")).StatusCode);
        await Ok(adviser.GetAsync("/v1/companies?name=test&page=1&pageSize=2"));
        await Ok(adviser.GetAsync("/v1/companies?name=test&page=10&pageSize=100"));
        await Ok(adviser.GetAsync("/v1/companies?name=niemand"));
        foreach (var postcode in FixtureFiles.Where(f => f.StartsWith("pdok-", StringComparison.Ordinal)).Select(f => f[5..^5]).Append("9999ZZ"))
        {
            await Ok(_api.CreateClient().PostAsync("/v1/matches",
                new StringContent($$"""{ "company": { "postcode": "{{postcode}}" } }""", Encoding.UTF8, "application/json")));
        }

        // The service declares Vestigingsprofiel but no endpoint calls it yet: call the client itself, as the service would.
        var kvk = _api.Services.GetRequiredService<IKvkApi>();
        foreach (var file in FixtureFiles.Where(f => f.StartsWith("vestigingsprofiel-", StringComparison.Ordinal)))
        {
            Assert.True((await kvk.GetVestigingsprofielAsync(file[18..^5], CancellationToken.None)).IsSuccessful, file);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await kvk.GetVestigingsprofielAsync("000000000001", CancellationToken.None)).StatusCode);
        lock (_api.Upstreams.Exchanges)
        {
            Exchanges = [.. _api.Upstreams.Exchanges];
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _api.Dispose();

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

public sealed class FakeContractTests(FakeExchangesFixture fixture) : IClassFixture<FakeExchangesFixture>
{
    private static UpstreamContracts Contracts => UpstreamContracts.Instance;

    [Fact]
    public void EveryAnswerOfTheFakes_FitsKvksAndPdoksOwnDocuments()
    {
        var problems = fixture.Exchanges.SelectMany(Contracts.CheckResponse).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryRequestTheServiceSends_IsADocumentedOperationWithDocumentedParameters()
    {
        var problems = fixture.Exchanges.SelectMany(Contracts.CheckRequest).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheRun_ReachesEveryFixtureAndEveryKindOfAnswer()
    {
        var served = fixture.Exchanges.Select(e => e.Fixture).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var kinds = fixture.Exchanges
            .Select(e => $"{Contracts.Operation(e.Uri)?.Operation.OperationId} {e.Status}{(e.Body.Contains("\"numFound\":0", StringComparison.Ordinal) ? " empty" : "")}")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(FakeExchangesFixture.FixtureFiles, served);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "getResults 200", "getResults 404", "getBasisprofielByKvkNummer 200", "getBasisprofielByKvkNummer 404",
                "getVestigingByVestigingsnummer 200", "getVestigingByVestigingsnummer 404", "free 200", "free 200 empty",
            },
            kinds);
    }

    // The fault modes that still answer KVK-style JSON: their bodies are KVK's error shape too.
    [Theory]
    [InlineData(UpstreamMode.ServerError, "/test/api/v1/basisprofielen/68750110", 500)]
    [InlineData(UpstreamMode.Unauthorized, "/test/api/v1/basisprofielen/68750110", 401)]
    [InlineData(UpstreamMode.ServerError, "/test/api/v2/zoeken?naam=test&pagina=1&resultatenPerPagina=10", 500)]
    [InlineData(UpstreamMode.Unauthorized, "/test/api/v2/zoeken?naam=test&pagina=1&resultatenPerPagina=10", 401)]
    public async Task KvkErrorAnswersOfTheFaultModes_FitKvksErrorSchema(UpstreamMode mode, string path, int status)
    {
        var fake = new FakeUpstreams { Kvk = mode };
        using var client = new HttpClient(fake);

        var response = await client.GetAsync(new Uri("https://kvk.invalid" + path));

        Assert.Equal(status, (int)response.StatusCode);
        var problems = Contracts.CheckResponse(fake.Exchanges.Single());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Drift must fail: renaming any field of any answer, or giving any value another JSON type, breaks the contract.
    [Fact]
    public void EveryAnswer_RenamingAnyFieldOrChangingAnyValuesType_BreaksTheContract()
    {
        var survivors = new List<string>();
        var mutations = 0;
        foreach (var exchange in fixture.Exchanges.DistinctBy(e => (e.Uri.AbsolutePath, e.Body)))
        {
            foreach (var (description, body) in Mutations(exchange.Body))
            {
                mutations++;
                if (Contracts.CheckResponse(exchange with { Body = body }).Count == 0)
                {
                    survivors.Add($"{exchange.Fixture ?? exchange.Uri.PathAndQuery}: {description}");
                }
            }
        }

        Assert.True(mutations > 300, $"only {mutations} mutations");
        Assert.True(survivors.Count == 0, $"{survivors.Count} of {mutations} drifts went unnoticed:\n" + string.Join("\n", survivors));
    }

    [Fact]
    public void TheRequestCheck_CatchesUnknownParametersBadValuesAndUndocumentedPaths()
    {
        string[] Check(string url, params string[] headers) =>
            [.. Contracts.CheckRequest(new FakeExchange(new Uri(url), headers.Length == 0 ? ["apikey"] : headers, 200, "application/json", "{}", null))];

        Assert.Empty(Check("https://kvk.invalid/test/api/v2/zoeken?naam=test&pagina=1&resultatenPerPagina=10"));
        Assert.Empty(Check("https://pdok.invalid/bzk/locatieserver/search/v3_1/free?q=postcode%3A1034WL&fq=type%3Apostcode&rows=10&fl=postcode%2Cgemeentecode", "Accept"));
        Assert.Contains("'handelsnaam'", Assert.Single(Check("https://kvk.invalid/test/api/v2/zoeken?handelsnaam=test")));
        Assert.Contains("resultatenPerPagina=101", Assert.Single(Check("https://kvk.invalid/test/api/v2/zoeken?naam=test&resultatenPerPagina=101")));
        Assert.Contains("kvkNummer=1234567", Assert.Single(Check("https://kvk.invalid/test/api/v1/basisprofielen/1234567")));
        Assert.Contains("'apikey' header", Assert.Single(Check("https://kvk.invalid/test/api/v1/basisprofielen/12345678", "Accept")));
        Assert.Contains("no operation", Assert.Single(Check("https://kvk.invalid/test/api/v1/naamgevingen/kvknummer/12345678")));
        Assert.Contains("rows=500", Assert.Single(Check("https://pdok.invalid/bzk/locatieserver/search/v3_1/free?q=x&rows=500", "Accept")));
        Assert.Contains("fl=Postcode", Assert.Single(Check("https://pdok.invalid/bzk/locatieserver/search/v3_1/free?q=x&fl=Postcode", "Accept")));
    }

    [Fact]
    public void TheDocuments_AreTheVersionsTheReadmeNames_AndThePdokDocSchemaHasExactlyPdoksFields()
    {
        Assert.Equal("1.5.0", Contracts.Basisprofiel.Document["info"]!["version"]!.GetValue<string>());
        Assert.Equal("2.0.0", Contracts.Zoeken.Document["info"]!["version"]!.GetValue<string>());
        Assert.Equal("1.4", Contracts.Vestigingsprofiel.Document["info"]!["version"]!.GetValue<string>());
        Assert.Equal("v3_1", Contracts.Locatieserver.Document["info"]!["version"]!.GetValue<string>());
        var readme = File.ReadAllText(Path.Combine(UpstreamContracts.Folder, "README.md"));
        foreach (var file in Directory.GetFiles(UpstreamContracts.Folder, "*.json").Select(Path.GetFileName))
        {
            Assert.Contains(file!, readme, StringComparison.Ordinal);
        }

        var docSchema = JsonNode.Parse(File.ReadAllText(Path.Combine(UpstreamContracts.Folder, "pdok-locatieserver-v3_1.free-doc.schema.json")))!;
        Assert.Equal(Contracts.LocatieserverFields, docSchema["properties"]!.AsObject().Select(p => p.Key));
        Assert.False(docSchema["additionalProperties"]!.GetValue<bool>());
    }

    // Every object member renamed, and every value given another JSON type, one at a time, each on a fresh copy.
    // Not renamed: the keys of Zoeken's _links, which its document makes a map (any key, each a Link).
    private static IEnumerable<(string Description, string Body)> Mutations(string json)
    {
        foreach (var path in Paths(JsonNode.Parse(json), []))
        {
            var pointer = "/" + string.Join("/", path);
            var copy = JsonNode.Parse(json)!;
            var parent = path[..^1].Aggregate(copy, (node, segment) => node is JsonArray array ? array[Index(segment)]! : node[segment]!);
            var last = path[^1];
            if (parent is JsonObject obj && (path.Length < 2 || path[^2] != "_links"))
            {
                var value = obj[last];
                obj.Remove(last);
                obj[last + "X"] = value;
                yield return ($"renamed {pointer}", copy.ToJsonString());
                copy = JsonNode.Parse(json)!;
                parent = path[..^1].Aggregate(copy, (node, segment) => node is JsonArray array ? array[Index(segment)]! : node[segment]!);
            }

            var target = parent is JsonArray items ? items[Index(last)] : parent[last];
            if (target is JsonValue leaf)
            {
                JsonNode other = leaf.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(12345) : JsonValue.Create("12345");
                if (parent is JsonArray list)
                {
                    list[Index(last)] = other;
                }
                else
                {
                    parent.AsObject()[last] = other;
                }

                yield return ($"retyped {pointer}", copy.ToJsonString());
            }
        }
    }

    private static IEnumerable<string[]> Paths(JsonNode? node, string[] at)
    {
        var children = node switch
        {
            JsonObject obj => obj.Select(p => (p.Key, p.Value)),
            JsonArray array => array.Select((value, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), value)),
            _ => [],
        };
        foreach (var (key, value) in children)
        {
            string[] path = [.. at, key];
            yield return path;
            foreach (var deeper in Paths(value, path))
            {
                yield return deeper;
            }
        }
    }

    private static int Index(string segment) => int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture);
}
