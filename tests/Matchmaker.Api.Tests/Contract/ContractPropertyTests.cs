using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Json.Schema;

namespace Matchmaker.Api.Tests.Contract;

// One service for the whole property run, with values harvested from it so that valid requests find real schemes,
// providers, municipalities and KVK numbers (the fake KVK's fixtures).
public sealed class ContractFixture : IAsyncLifetime
{
    public static readonly string DocumentPath = Path.Combine(TestPaths.RepositoryRoot, "openapi", "matchmaker-v1.json");

    public MatchmakerApiFactory Factory { get; } = new();

    public OpenApiModel Model { get; } = OpenApiModel.Load(DocumentPath);

    public Hints Hints { get; } = new();

    public string AdminKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        AdminKey = await Factory.CreateKeyAsync("admin");
        var client = Factory.CreateClient();
        async Task<IEnumerable<string>> Values(string url, string field)
        {
            var page = JsonNode.Parse(await client.GetStringAsync(url))!;
            var items = page is JsonArray array ? array : page["items"]!.AsArray();
            return items.Select(i => i?[field]?.GetValue<string>() ?? "");
        }

        var schemes = (await Values("/v1/schemes?pageSize=100", "id")).ToList();
        Hints.Add("id", schemes);
        Hints.Add("schemeId", schemes);
        var providers = (await Values("/v1/providers?pageSize=500", "id")).ToList();
        Hints.Add("provider", providers);
        Hints.Add("id", providers);
        var municipalities = (await Values("/v1/municipalities?pageSize=500", "code")).Take(40).Concat(["GM0772", "GM0363"]).ToList();
        Hints.Add("code", municipalities);
        Hints.Add("municipality", municipalities);
        Hints.Add("municipalityCode", municipalities);
        Hints.Add("areas", municipalities);
        var provinces = JsonNode.Parse(await client.GetStringAsync("/v1/provinces"))!;
        var provinceCodes = (provinces is JsonArray p ? p : provinces["items"]!.AsArray()).Select(i => i!["code"]!.GetValue<string>()).ToList();
        Hints.Add("province", provinceCodes);
        Hints.Add("areas", provinceCodes);
        Hints.Add("areas", ["NL"]);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kvk");
        Hints.Add("kvkNumber", Directory.GetFiles(fixtures, "basisprofiel-*.json").Select(f => Path.GetFileNameWithoutExtension(f)["basisprofiel-".Length..]));
        Hints.Add("postcode", Directory.GetFiles(fixtures, "pdok-*.json").Select(f => Path.GetFileNameWithoutExtension(f)["pdok-".Length..]));
        Hints.Add("sbiCodes", ["01241", "62010", "4791", "86"]);
        Hints.Add("name", ["test", "niemand", "Donald"]);
        Hints.Add("description", ["warmtepomp", "energie besparen", "innovatie in de zorg", "export naar Duitsland"]);
        Hints.Add("vocabulary", ["themes", "phases", "instruments", "levels", "legal-forms", "purposes", "statuses"]);
        Hints.Add("language", ["nl", "en"]);
        // Comma-separated code lists in GET /matches, and the codes themselves: one, two, or the whole list.
        foreach (var (vocabulary, name) in new[] { ("themes", "themes"), ("instruments", "instruments"), ("purposes", "purposes") })
        {
            var codes = (await Values($"/v1/vocabularies/{vocabulary}", "code")).ToList();
            Hints.Add(name, codes.Concat(codes.Zip(codes.Skip(1), (a, b) => a + "," + b)).Concat([string.Join(",", codes.Take(4))]));
        }

        Hints.Add("sbiCodes", ["01241,62010", "62.01"]);

        // Whole scheme documents in the catalogue's own shape, for bodies that pass validation and write.
        Hints.Samples["SchemeDocument"] = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "providers"), "*.json")
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["schemes"]!.AsArray().Select(s => s!.DeepClone()))
            .ToList();
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

// Property-based contract tests: for every operation in the committed OpenAPI document, requests generated from its
// shapes (valid and invalid, with and without a key) get answers that keep the contract: never a 5xx, every 4xx a
// problem+json with status, title and detail, every 2xx a documented status whose body matches its documented schema.
public sealed class ContractPropertyTests(ContractFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ContractFixture>
{
    // Fixed: the same requests every run. About 23 operations × 20 requests.
    public const ulong Seed = 20261201;
    public const int RequestsPerOperation = 20;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public static TheoryData<string> Operations() => new(OpenApiModel.Load(ContractFixture.DocumentPath).Operations.Select(o => o.OperationId));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_GeneratedRequests_KeepTheContract(string operationId)
    {
        // Arrange
        var operation = fixture.Model.Operations.Single(o => o.OperationId == operationId);
        var generator = new RequestGenerator(fixture.Model, fixture.Hints).For(operation);
        var random = new PCG(Stream(operationId), Seed);
        var client = fixture.Factory.CreateClient();
        var failures = new List<string>();
        var seen = new List<string>();

        for (var i = 0; i < RequestsPerOperation; i++)
        {
            var call = generator.Generate(random, null, out Size _);

            // Act
            using var request = await RequestAsync(client, call);
            using var response = await client.SendAsync(request);
            seen.Add($"{call.Kind}/{call.Key}→{(int)response.StatusCode}");
            if (call.Kind == CallKind.Valid && response.StatusCode == HttpStatusCode.BadRequest)
            {
                // A valid-shaped request the service still refuses: cross-field rules the document cannot state.
                output.WriteLine($"refused: {call} → {await response.Content.ReadAsStringAsync()}");
            }

            // Assert
            if (await ViolationAsync(operation, response) is { } violation)
            {
                failures.Add($"#{i} {call}\n  → {violation}");
            }
        }

        // What the run reached, for whoever reads the output: kinds of request and the statuses they got.
        output.WriteLine(string.Join(", ", seen.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {RequestsPerOperation} requests broke the contract:\n" + string.Join("\n", failures.Take(8)));
    }

    [Fact]
    public void Generator_CoversEveryKindOfRequest_ForAnOperationWithABody()
    {
        // The suite is only as good as what it sends: check the mix once, without the service.
        var operation = fixture.Model.Operations.Single(o => o.OperationId == "rankMatches");
        var generator = new RequestGenerator(fixture.Model, fixture.Hints).For(operation);
        var random = new PCG(1, Seed);

        var calls = Enumerable.Range(0, 300).Select(_ => generator.Generate(random, null, out Size _)).ToList();

        Assert.All(Enum.GetValues<CallKind>().Except([CallKind.InvalidParameter]), kind => Assert.Contains(calls, c => c.Kind == kind));
        Assert.All(Enum.GetValues<KeyKind>(), key => Assert.Contains(calls, c => c.Key == key));
        Assert.Contains(calls, c => c.Kind == CallKind.Valid && c.Body!.Contains("\"company\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Converter_HandlesRefNullableAndFormats()
    {
        var schema = OpenApiModel.ToJsonSchema(JsonNode.Parse("""
            { "type": "object", "properties": {
                "a": { "type": "string", "format": "date", "nullable": true },
                "b": { "$ref": "#/components/schemas/Level" },
                "c": { "type": "integer", "format": "int32" } }, "additionalProperties": false }
            """)!);

        Assert.Equal("""["string","null"]""", schema["properties"]!["a"]!["type"]!.ToJsonString());
        Assert.Equal("#/$defs/Level", schema["properties"]!["b"]!["$ref"]!.GetValue<string>());
        var operation = fixture.Model.Operations.Single(o => o.OperationId == "getScheme");
        var response = fixture.Model.ResponseSchema(operation, "200")!;
        Assert.False(response.Evaluate(JsonNode.Parse("""{ "id": 5 }"""), Evaluation).IsValid);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpClient client, ApiCall call)
    {
        var request = new HttpRequestMessage(new HttpMethod(call.Operation.Method), call.Url);
        var key = call.Key switch
        {
            KeyKind.Admin => fixture.AdminKey,
            KeyKind.Bogus => "mm_not-a-real-key",
            _ => null,
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        foreach (var (name, value) in call.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // A valid conditional write names the current version, as a client that just read it would.
        if (call.FreshETag)
        {
            using var current = await client.GetAsync(call.Url.Split('?')[0]);
            if (current.Headers.ETag is { } etag)
            {
                request.Headers.Remove("If-Match");
                request.Headers.TryAddWithoutValidation("If-Match", etag.ToString());
            }
        }

        if (call.Body is not null)
        {
            request.Content = new StringContent(call.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(call.ContentType) { CharSet = "utf-8" };
        }

        return request;
    }

    private async Task<string?> ViolationAsync(OpenApiOperation operation, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string Shown() => $"{status} {mediaType}: {(text.Length > 500 ? text[..500] + "…" : text)}";

        if (status >= 500)
        {
            return "server error " + Shown();
        }

        if (status >= 400)
        {
            if (mediaType != "application/problem+json")
            {
                return "a 4xx that is not application/problem+json: " + Shown();
            }

            try
            {
                var problem = JsonNode.Parse(text)!.AsObject();
                var ok = problem["status"]?.GetValueKind() == JsonValueKind.Number && problem["status"]!.GetValue<int>() == status
                    && !string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>())
                    && !string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>());
                return ok ? null : "a problem without a matching status, a title and a detail: " + Shown();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return "a problem body that is not a JSON object: " + Shown();
            }
        }

        if (status is >= 200 and < 300)
        {
            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(code))
            {
                return $"undocumented status {code}: " + Shown();
            }

            if (fixture.Model.ResponseSchema(operation, code) is not { } schema)
            {
                return text.Length == 0 || status != 204 ? null : "a 204 with a body: " + Shown();
            }

            JsonNode? body;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return "a 2xx body that is not JSON: " + Shown();
            }

            var result = schema.Evaluate(body, Evaluation);
            if (!result.IsValid)
            {
                var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                    .Distinct(StringComparer.Ordinal).Take(6);
                return "a 2xx body that does not match its schema (" + string.Join("; ", errors) + "): " + Shown();
            }
        }

        return null;
    }

    // A stable stream per operation (string.GetHashCode differs per process).
    private static uint Stream(string operationId) =>
        operationId.Aggregate(2166136261u, (hash, c) => unchecked((hash ^ c) * 16777619u));
}
