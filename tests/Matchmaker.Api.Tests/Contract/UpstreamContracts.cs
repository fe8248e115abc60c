using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Matchmaker.Api.Tests.Companies;

namespace Matchmaker.Api.Tests.Contract;

// KVK's and PDOK's own OpenAPI documents (Contract/upstream; its README names where each came from), read closed: an answer
// may hold only the fields its schema declares, so a renamed or invented field fails as surely as a wrong type.
// Checks one exchange with the fakes: the request against the operation's path, parameters and key header, the answer
// against the schema of its status. Each check returns the problems it found; none means the exchange fits.
public sealed partial class UpstreamContracts
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Contract", "upstream");

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly Lazy<UpstreamContracts> Loaded = new(() => new UpstreamContracts());

    private readonly List<(OpenApiModel Model, OpenApiOperation Operation, Regex Path)> _kvk = [];
    private readonly List<(OpenApiModel Model, OpenApiOperation Operation, Regex Path)> _pdok = [];

    private UpstreamContracts()
    {
        Basisprofiel = OpenApiModel.Load(Path.Combine(Folder, "kvk-basisprofiel-1.5.0.json"), closed: true);
        Zoeken = OpenApiModel.Load(Path.Combine(Folder, "kvk-zoeken-2.0.0.json"), closed: true);
        Vestigingsprofiel = OpenApiModel.Load(Path.Combine(Folder, "kvk-vestigingsprofiel-1.4.json"), closed: true);
        Locatieserver = OpenApiModel.Load(Path.Combine(Folder, "pdok-locatieserver-v3_1.json"), closed: true);
        LocatieserverDoc = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "pdok-locatieserver-v3_1.free-doc.schema.json")));
        foreach (var model in new[] { Basisprofiel, Zoeken, Vestigingsprofiel })
        {
            _kvk.AddRange(Templates(model));
        }

        _pdok.AddRange(Templates(Locatieserver));
    }

    public static UpstreamContracts Instance => Loaded.Value;

    public OpenApiModel Basisprofiel { get; }

    public OpenApiModel Zoeken { get; }

    public OpenApiModel Vestigingsprofiel { get; }

    public OpenApiModel Locatieserver { get; }

    // PDOK's document types response.docs as "array of object"; this schema (ours, from PDOK's field list) types one doc.
    public JsonSchema LocatieserverDoc { get; }

    // The fields PDOK's /free returns when fl is not given: the default of fl in PDOK's document.
    public IReadOnlyList<string> LocatieserverFields =>
        Locatieserver.Operations.Single(o => o.OperationId == "free").Parameters.Single(p => p.Name == "fl").Schema["default"]!
            .GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // The documented operation a request went to, or null: the path must be a server's path plus an operation's template.
    public (OpenApiModel Model, OpenApiOperation Operation, IReadOnlyDictionary<string, string> PathValues)? Operation(Uri uri)
    {
        foreach (var (model, operation, path) in uri.Host.StartsWith("kvk", StringComparison.Ordinal) ? _kvk : _pdok)
        {
            if (path.Match(uri.AbsolutePath) is { Success: true } match)
            {
                var values = operation.Parameters.Where(p => p.In == "path")
                    .ToDictionary(p => p.Name, p => Uri.UnescapeDataString(match.Groups[p.Name].Value), StringComparer.Ordinal);
                return (model, operation, values);
            }
        }

        return null;
    }

    public IReadOnlyList<string> CheckRequest(FakeExchange exchange)
    {
        if (Operation(exchange.Uri) is not { } found)
        {
            return [$"GET {exchange.Uri.AbsolutePath}: no operation of KVK's or PDOK's documents has this path"];
        }

        var (model, operation, pathValues) = found;

        var problems = new List<string>();
        var where = $"{operation.OperationId} ({exchange.Uri.PathAndQuery})";
        foreach (var (name, value) in pathValues)
        {
            problems.AddRange(CheckValue(operation.Parameters.Single(p => p.Name == name), [value]).Select(p => $"{where}: {p}"));
        }

        var query = Query(exchange.Uri);
        foreach (var (name, values) in query)
        {
            if (operation.Parameters.SingleOrDefault(p => p.In == "query" && p.Name == name) is not { } parameter)
            {
                problems.Add($"{where}: query parameter '{name}' is not in the document (KVK and PDOK reject unknown parameters)");
                continue;
            }

            problems.AddRange(CheckValue(parameter, values).Select(p => $"{where}: {p}"));
        }

        problems.AddRange(operation.Parameters.Where(p => p.In == "query" && p.Required && !query.ContainsKey(p.Name))
            .Select(p => $"{where}: the required query parameter '{p.Name}' is missing"));

        // The key goes where the document's security scheme says (KVK: header apikey; PDOK has none).
        foreach (var (_, scheme) in model.Document["components"]?["securitySchemes"]?.AsObject() ?? [])
        {
            if (scheme!["type"]?.GetValue<string>() == "apiKey" && scheme["in"]?.GetValue<string>() == "header"
                && scheme["name"]!.GetValue<string>() is var header
                && !exchange.RequestHeaders.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{where}: the request has no '{header}' header for the document's API key");
            }
        }

        return problems;
    }

    public IReadOnlyList<string> CheckResponse(FakeExchange exchange)
    {
        if (Operation(exchange.Uri) is not { } found)
        {
            return [$"{exchange.Uri.AbsolutePath}: answered, but no operation of KVK's or PDOK's documents has this path"];
        }

        var (model, operation, _) = found;

        var where = $"{operation.OperationId} {exchange.Status}{(exchange.Fixture is null ? "" : " from " + exchange.Fixture)}";
        if (ResponseSchema(model, operation, exchange.Status) is not { } schema)
        {
            return [$"{where}: the document gives no JSON body for status {exchange.Status}"];
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(exchange.Body);
        }
        catch (JsonException e)
        {
            return [$"{where}: the body is not JSON ({e.Message})"];
        }

        var problems = Errors(schema.Evaluate(body, Evaluation)).Select(e => $"{where}: {e}").ToList();
        if (operation.OperationId == "free" && exchange.Status == 200 && body?["response"]?["docs"] is JsonArray docs)
        {
            // Solr returns exactly the fields asked for in fl (or its default), never more.
            var asked = Query(exchange.Uri).TryGetValue("fl", out var fl)
                ? fl.SelectMany(f => f.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).ToList()
                : [.. LocatieserverFields];
            for (var i = 0; i < docs.Count; i++)
            {
                problems.AddRange(Errors(LocatieserverDoc.Evaluate(docs[i], Evaluation)).Select(e => $"{where}: /response/docs/{i}{e}"));
                if (!asked.Contains("*"))
                {
                    problems.AddRange(docs[i]!.AsObject().Select(p => p.Key).Except(asked, StringComparer.Ordinal)
                        .Select(k => $"{where}: /response/docs/{i}/{k} was not asked for in fl ({string.Join(",", asked)})"));
                }
            }
        }

        return problems;
    }

    // The status's own response, else the document's default. Vestigingsprofiel 1.4 documents no error answers at all (its
    // default is a Vestiging); KVK's error body is one shape across its APIs, so its errors are held to Basisprofiel's.
    private JsonSchema? ResponseSchema(OpenApiModel model, OpenApiOperation operation, int status)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (status >= 400 && model == Vestigingsprofiel && !operation.Responses.ContainsKey(code))
        {
            return Basisprofiel.ResponseSchema(Basisprofiel.Operations.Single(o => o.OperationId == "getBasisprofielByKvkNummer"), code);
        }

        return operation.Responses.ContainsKey(code) ? model.ResponseSchema(operation, code)
            : operation.Responses.ContainsKey("default") ? model.ResponseSchema(operation, "default")
            : null;
    }

    private static IEnumerable<string> CheckValue(OpenApiParameter parameter, List<string> values)
    {
        var schema = parameter.Schema;
        var isArray = schema["type"]?.GetValue<string>() == "array";
        if (values.Count > 1 && !isArray)
        {
            yield return $"'{parameter.Name}' is sent {values.Count} times but is not an array";
        }

        var itemSchema = isArray ? schema["items"]!.AsObject() : schema;
        var evaluator = JsonSchema.FromText(OpenApiModel.ToJsonSchema(itemSchema).ToJsonString());
        foreach (var value in values)
        {
            JsonNode? node = itemSchema["type"]?.GetValue<string>() switch
            {
                "integer" or "number" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                "boolean" when value is "true" or "false" => JsonValue.Create(value == "true"),
                _ => JsonValue.Create(value),
            };
            foreach (var error in Errors(evaluator.Evaluate(node, Evaluation)))
            {
                yield return $"'{parameter.Name}={value}' does not fit its schema {itemSchema.ToJsonString()}: {error}";
            }
        }
    }

    // Query parameters as sent, by name (a name may repeat: fq, type).
    private static Dictionary<string, List<string>> Query(Uri uri)
    {
        var query = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(at < 0 ? pair : pair[..at]);
            var value = at < 0 ? "" : Uri.UnescapeDataString(pair[(at + 1)..].Replace('+', ' '));
            if (!query.TryGetValue(name, out var values))
            {
                query[name] = values = [];
            }

            values.Add(value);
        }

        return query;
    }

    private static IEnumerable<string> Errors(EvaluationResults result) =>
        result.IsValid
            ? []
            : new[] { result }.Concat(result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct(StringComparer.Ordinal);

    // Each GET operation as a regular expression over the request path: every server's path, then the template.
    private static IEnumerable<(OpenApiModel, OpenApiOperation, Regex)> Templates(OpenApiModel model)
    {
        var bases = model.Document["servers"]!.AsArray()
            .Select(s => s!["url"]!.GetValue<string>())
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : url)
            .Select(path => path.TrimEnd('/'))
            .Distinct(StringComparer.Ordinal);
        foreach (var operation in model.Operations.Where(o => o.Method == "GET"))
        {
            var template = Parameter().Replace(Regex.Escape(operation.Path).Replace(@"\{", "{", StringComparison.Ordinal), m => $"(?<{m.Groups[1].Value}>[^/]+)");
            var pattern = "^(" + string.Join("|", bases.Select(Regex.Escape)) + ")" + template + "$";
            yield return (model, operation, new Regex(pattern, RegexOptions.CultureInvariant));
        }
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Parameter();
}
