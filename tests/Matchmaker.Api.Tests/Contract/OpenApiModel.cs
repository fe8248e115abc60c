using System.Text.Json.Nodes;
using Json.Schema;

namespace Matchmaker.Api.Tests.Contract;

public sealed record OpenApiParameter(string Name, string In, bool Required, JsonObject Schema, string Description);

public sealed record OpenApiOperation(
    string Method, string Path, string OperationId, IReadOnlyList<OpenApiParameter> Parameters, JsonObject? BodySchema, bool BodyRequired,
    IReadOnlyDictionary<string, JsonObject> Responses)
{
    public override string ToString() => $"{Method} {Path}";
}

// An OpenAPI 3.0 document, read as the tests' source of truth: operations with their parameters and bodies,
// and each response's schema turned into a JSON Schema (2020-12) that JsonSchema.Net can evaluate.
// Our own document, and the upstream ones in Contract/upstream (closed: an object may hold only the properties it declares).
public sealed class OpenApiModel
{
    private readonly JsonObject _schemas;
    private readonly Dictionary<(string OperationId, string Status), JsonSchema?> _responseSchemas = [];
    private readonly JsonObject _defs;
    private readonly bool _closed;

    public OpenApiModel(JsonObject document, bool closed = false)
    {
        Document = document;
        _closed = closed;
        _schemas = document["components"]!["schemas"]!.AsObject();
        _defs = new JsonObject();
        foreach (var (name, schema) in _schemas)
        {
            _defs[name] = ToJsonSchema(schema!, closed);
        }

        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (method, node) in item.AsObject())
            {
                if (method == "parameters")
                {
                    continue;
                }

                var operation = node!.AsObject();
                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(p!.AsObject()))
                    .Select(p => new OpenApiParameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() == true,
                        p["schema"]?.AsObject() ?? [], (p["description"] ?? p["schema"]?["description"])?.GetValue<string>() ?? ""))
                    .ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
                var responses = operation["responses"]!.AsObject().ToDictionary(r => r.Key, r => r.Value!.AsObject());
                operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path, operation["operationId"]!.GetValue<string>(), parameters, body,
                    operation["requestBody"]?["required"]?.GetValue<bool>() == true, responses));
            }
        }

        Operations = operations;
    }

    public JsonObject Document { get; }

    public IReadOnlyList<OpenApiOperation> Operations { get; }

    public string ServerBase => Document["servers"]![0]!["url"]!.GetValue<string>();

    public static OpenApiModel Load(string path, bool closed = false) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), closed);

    // Follows a $ref to the components (parameters or schemas); any other node is returned as it is.
    public JsonObject Resolve(JsonObject node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            var parts = reference.TrimStart('#', '/').Split('/');
            JsonNode current = Document;
            foreach (var part in parts)
            {
                current = current[part] ?? throw new InvalidOperationException($"Unresolvable $ref {reference}");
            }

            node = current.AsObject();
        }

        return node;
    }

    // The documented schema for a response, or null when it documents no JSON body (204, 304, or none given).
    public JsonSchema? ResponseSchema(OpenApiOperation operation, string status)
    {
        lock (_responseSchemas)
        {
            if (_responseSchemas.TryGetValue((operation.OperationId, status), out var cached))
            {
                return cached;
            }

            JsonSchema? schema = null;
            if (operation.Responses.TryGetValue(status, out var response)
                && Resolve(response)["content"]?.AsObject().FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"] is JsonObject openApi)
            {
                var root = ToJsonSchema(openApi, _closed).AsObject();
                root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                root["$id"] = $"https://matchmaker.test/contract/{Uri.EscapeDataString(Document["info"]?["title"]?.GetValue<string>() ?? "api")}/{operation.OperationId}/{status}";
                root["$defs"] = _defs.DeepClone();
                schema = JsonSchema.FromText(root.ToJsonString());
            }

            _responseSchemas[(operation.OperationId, status)] = schema;
            return schema;
        }
    }

    // OpenAPI 3.0 schema → JSON Schema 2020-12: $ref to components becomes $ref to $defs, nullable becomes a null type
    // (or a null branch beside a $ref), 3.0's `example` is dropped. Formats stay: the evaluator checks the ones JSON Schema
    // knows (date, date-time, uri) and lets the others (int32, int64, double) pass. Closed: an object schema with
    // properties and no word on additionalProperties gets additionalProperties: false (no allOf in the documents read so).
    public static JsonNode ToJsonSchema(JsonNode node, bool closed = false)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(n => n is null ? null : ToJsonSchema(n, closed)).ToArray());
            case JsonObject obj:
                var result = new JsonObject();
                var nullable = obj["nullable"]?.GetValue<bool>() == true;
                foreach (var (key, value) in obj)
                {
                    switch (key)
                    {
                        case "nullable" or "example" or "xml" or "externalDocs" or "discriminator":
                            continue;
                        case "$ref":
                            result["$ref"] = "#/$defs/" + value!.GetValue<string>().Split('/')[^1];
                            continue;
                        case "properties" or "patternProperties":
                            var properties = new JsonObject();
                            foreach (var (name, property) in value!.AsObject())
                            {
                                properties[name] = ToJsonSchema(property!, closed);
                            }

                            result[key] = properties;
                            continue;
                        default:
                            result[key] = value is JsonObject or JsonArray && key is not ("enum" or "required" or "default")
                                ? ToJsonSchema(value, closed)
                                : value?.DeepClone();
                            continue;
                    }
                }

                if (closed && result["properties"] is not null && result["additionalProperties"] is null)
                {
                    result["additionalProperties"] = false;
                }

                if (!nullable)
                {
                    return result;
                }

                if (result["$ref"] is not null || result["oneOf"] is not null || result["allOf"] is not null || result["anyOf"] is not null)
                {
                    return new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) };
                }

                if (result["type"]?.GetValue<string>() is { } type)
                {
                    result["type"] = new JsonArray(type, "null");
                }

                if (result["enum"] is JsonArray values)
                {
                    values.Add(null);
                }

                return result;
            default:
                return node.DeepClone();
        }
    }
}
