using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// One way to validate a match request, for POST bodies and GET query keys alike: data/match-request.schema.json first
// (types, ranges, patterns, and the code lists by $ref to the catalogue schema's $defs), then the few rules a schema
// cannot say. Every problem is reported at once, one per field, under the names clients send.
public sealed class MatchRequestValidator
{
    public const string SchemaFile = "match-request.schema.json";
    private const string CatalogueFile = "catalogue.schema.json";
    private const int MaxProblems = 100;

    // A schema pattern is no reason a person can read; these say what the pattern means.
    private static readonly Dictionary<string, string> PatternReasons = new(StringComparer.Ordinal)
    {
        ["kvkNumber"] = "Must be a KVK number of 8 digits.",
        ["asOf"] = "Must be a date between 2000-01-01 and 2100-12-31.",
        ["company.sbiCodes[]"] = "Must be an SBI 2008 code of 2 to 5 digits, dots allowed (e.g. 62.01).",
        ["company.foundedOn"] = "Must be a date from 1800-01-01.",
        ["company.municipalityCode"] = "Must be a CBS municipality code: GM followed by four digits, e.g. GM0363.",
        ["company.postcode"] = "Must be a Dutch postcode such as 5611 AB.",
        ["need.description"] = "Must not contain control characters.",
    };

    // The keyword whose reason is shown when one field breaks several.
    private static readonly string[] Precedence = ["", "type", "enum", "format", "pattern"];

    private readonly EvaluationOptions _options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    // Most requests are valid: a yes/no evaluation stops at the first failure and collects no details, so only a
    // request that fails it is evaluated again for the list of every problem (about 10× cheaper on the hot path).
    private readonly EvaluationOptions _check = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private readonly JsonSchema _schema;
    private readonly Uri _schemaId;
    private readonly Dictionary<string, JsonNode> _documents = new(StringComparer.Ordinal);
    private readonly CodeLists _codes;
    private readonly SchemaSubset _subset;

    // False would mean every request goes through JsonSchema.Net (a test keeps it true for the shipped schema).
    public bool HasQuickCheck => _subset.Understood;

    public MatchRequestValidator(string dataPath, CodeLists codes)
    {
        _codes = codes;
        var catalogue = Load(Path.Combine(dataPath, CatalogueFile));
        _options.SchemaRegistry.Register(catalogue);
        _check.SchemaRegistry.Register(catalogue);
        _schema = Load(Path.Combine(dataPath, SchemaFile));
        _schemaId = _schema.GetId() ?? _schema.BaseUri;
        _subset = SchemaSubset.Compile(_schemaId.ToString(), _documents);
    }

    public (MatchRequest? Request, List<InvalidParam> Problems) Validate(
        JsonObject body, DateOnly today, IReadOnlyDictionary<string, MunicipalityInfo> municipalities)
    {
        // A number beyond every range (1e400) breaks evaluation, which reads numbers as decimals: report it, evaluate without it.
        var problems = new List<InvalidParam>();
        // Most requests have neither nulls nor numbers out of every range: those pass the schema as they are, uncopied.
        var plain = IsPlain(body);
        var copy = plain ? body : body.DeepClone().AsObject();
        if (!plain)
        {
            NullOversizedNumbers(copy, JsonPointer.Empty, body, problems);
        }

        var result = _subset.SurelyValid(copy) || _schema.Evaluate(copy, _check).IsValid ? null : _schema.Evaluate(copy, _options);
        var errors = result is null || result.IsValid ? [] : Errors(result).ToList();
        var bad = errors.Select(e => e.Detail.InstanceLocation).ToList();
        if (bad.Count > 0 && ReferenceEquals(copy, body))
        {
            // The fields the schema refused are taken out below, never out of the caller's body.
            copy = body.DeepClone().AsObject();
        }
        // One reason per field, the most basic first: a wrong type before a wrong code, a code before a range.
        problems.AddRange(errors
            .Select((e, i) => (Problem: new InvalidParam(Name(e.Detail.InstanceLocation, body), Reason(e.Detail, e.Keyword, e.Message, body)), Rank: Rank(e.Keyword), i))
            .GroupBy(x => x.Problem.Name, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.Rank).First())
            .OrderBy(x => x.i)
            .Select(x => x.Problem));

        // What passed the schema is read into the request, so the rules below judge every field that is well formed.
        foreach (var location in bad)
        {
            Remove(copy, location);
        }

        if (!ReferenceEquals(copy, body))
        {
            StripNulls(copy);
        }
        MatchRequest request;
        try
        {
            request = copy.Deserialize<MatchRequest>(CatalogueJson.Options)!;
        }
        catch (JsonException ex)
        {
            // The schema allows it but the field cannot hold it, e.g. 12.0 for a whole number.
            var field = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            problems.Add(new InvalidParam(field.Length == 0 ? "body" : field, "The value does not fit this field (it must be a whole number in range)."));
            return (null, Bounded(OnePerField(problems)));
        }

        Rules(request, body, today, municipalities, problems);
        problems = Bounded(OnePerField(problems));

        return (problems.Count == 0 ? request : null, problems);
    }

    // The rules a schema cannot say.
    private void Rules(
        MatchRequest r, JsonObject body, DateOnly today, IReadOnlyDictionary<string, MunicipalityInfo> municipalities, List<InvalidParam> p)
    {
        if (body["kvkNumber"] is null && body["company"] is null && body["need"] is null)
        {
            p.Add(new InvalidParam("body", "Give at least one of kvkNumber, company and need."));
        }

        if (r.Company is not { } c)
        {
            return;
        }

        if (c.MunicipalityCode is { } code && !municipalities.ContainsKey(code))
        {
            p.Add(new InvalidParam("company.municipalityCode", $"{code} is not a municipality of 1 January 2025; see GET /v1/municipalities."));
        }

        if (c.FoundedOn is { } founded && founded > (r.AsOf ?? today))
        {
            p.Add(new InvalidParam("company.foundedOn", "Must not be after asOf (today when asOf is not given)."));
        }

        foreach (var (fact, value) in c.Facts ?? new Dictionary<string, JsonElement>())
        {
            // The schema has checked the code against the catalogue's fact enum, which the tests keep equal to the vocabulary.
            var boolean = _codes.Facts.TryGetValue(fact, out var term) && term.Type == CodeLists.BooleanFact;
            if (boolean != (value.ValueKind is JsonValueKind.True or JsonValueKind.False))
            {
                p.Add(new InvalidParam("company.facts." + fact, boolean ? "Must be true or false (a yes/no fact)." : "Must be a whole number (this fact is an amount or count)."));
            }
        }
    }

    private sealed record SchemaError(EvaluationResults Detail, string Keyword, string Message);

    // The errors that make the request invalid: not those of an anyOf branch that another branch made good, nor the
    // "or null" branch of a nullable code, whose failure only says the value is not null.
    private IEnumerable<SchemaError> Errors(EvaluationResults result)
    {
        var passed = result.Details.Where(d => d.IsValid).Select(d => (d.EvaluationPath.ToString(), d.InstanceLocation.ToString())).ToHashSet();
        foreach (var detail in result.Details.Where(d => d.Errors is { Count: > 0 }))
        {
            if (EnclosedByPass(detail, passed) || Resolve(detail.EvaluationPath).Node is JsonObject { Count: 1 } s && s["type"]?.GetValue<string>() == "null")
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors!)
            {
                // "$ref" and "allOf" only repeat what the nested results already say.
                if (keyword is not ("$ref" or "allOf" or "anyOf"))
                {
                    yield return new SchemaError(detail, keyword, message);
                }
            }
        }
    }

    private string Reason(EvaluationResults detail, string keyword, string message, JsonObject body)
    {
        var (node, reference) = Resolve(detail.EvaluationPath);
        var schema = node as JsonObject;
        var value = Instance(body, detail.InstanceLocation, out var inArray);
        string Number(string k) => schema?[k]?.ToJsonString() ?? "?";
        var range = schema is not null && schema.ContainsKey("minimum") && schema.ContainsKey("maximum");
        switch (keyword)
        {
            case "":
                return detail.EvaluationPath.Count > 0 && detail.EvaluationPath[^1] == "additionalProperties"
                    ? "Unknown field; see data/match-request.schema.json or the MatchRequest schema in the OpenAPI document."
                    : "Is not allowed here.";
            case "type" when value is null && inArray:
                return "Must not be null; leave the item out.";
            case "type":
                var types = schema?["type"] is JsonArray many ? many.Select(t => t!.GetValue<string>()) : [schema?["type"]?.GetValue<string>() ?? ""];
                return "Must be " + string.Join(", or ", types.Where(t => t != "null").Select(Describe)) + ".";
            case "enum" when value is null && inArray:
                return "Must not be null; leave the item out.";
            case "enum":
                return EnumReason(detail, schema, reference);
            case "format":
                return schema?["format"]?.GetValue<string>() == "date" ? "Must be a date as yyyy-MM-dd." : message;
            case "pattern":
                return PatternReasons.GetValueOrDefault(FieldKey(detail.InstanceLocation, body), $"Must match the pattern {schema?["pattern"]}.");
            case "minimum" or "maximum" when range:
                return $"Must be between {Number("minimum")} and {Number("maximum")}.";
            case "minimum":
                return $"Must be at least {Number("minimum")}.";
            case "maximum":
                return $"Must be at most {Number("maximum")}.";
            case "maxLength":
                var length = value is JsonValue text && text.TryGetValue<string>(out var s) ? $"; it has {s.Length}" : "";
                return $"Must be at most {Number("maxLength")} characters{length}.";
            case "maxItems":
                return $"Give at most {Number("maxItems")} items.";
            case "maxProperties":
                return $"Give at most {Number("maxProperties")} fields.";
            default:
                return message;
        }
    }

    // A code from a vocabulary: the allowed codes come from CodeLists, named after the catalogue $def the schema refers to.
    private string EnumReason(EvaluationResults detail, JsonObject? schema, Uri? reference)
    {
        var fragment = reference?.Fragment.TrimStart('#') ?? "";
        var def = fragment.StartsWith("/$defs/", StringComparison.Ordinal) ? fragment["/$defs/".Length..] : null;
        var list = def is null ? null : CodeLists.SchemaDefinitions.FirstOrDefault(d => d.Value == def).Key;
        var unknownKey = detail.EvaluationPath.Contains("propertyNames");
        if (list is not null && _codes.ByName.TryGetValue(list, out var terms))
        {
            var allowed = string.Join(", ", terms.Select(t => t.Code));
            return unknownKey
                ? $"Unknown {def}; must be one of: {allowed} (see /v1/vocabularies/{list})."
                : $"Must be one of: {allowed} (see /v1/vocabularies/{list}).";
        }

        var values = schema?["enum"]?.AsArray().Where(v => v is not null).Select(v => v!.ToString()) ?? [];
        return (unknownKey ? "Unknown name; must be one of: " : "Must be one of: ") + string.Join(", ", values) + ".";
    }

    private static string Describe(string type) => type switch
    {
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "object" => "an object",
        "array" => "an array",
        _ => type,
    };

    // The subschema an error came from: its evaluation path walked through the schema documents, following each $ref.
    // (The library's SchemaLocation is not always document-relative after a $ref, so it is not used.) Also returns the
    // last $ref followed, which names the catalogue $def of a code.
    private (JsonNode? Node, Uri? Ref) Resolve(JsonPointer evaluationPath)
    {
        var document = _schemaId;
        JsonNode? node = _documents[document.ToString()];
        Uri? lastRef = null;
        foreach (var segment in evaluationPath)
        {
            if (segment == "$ref" && node is JsonObject o && o["$ref"] is JsonValue reference)
            {
                lastRef = new Uri(document, reference.GetValue<string>());
                document = new Uri(lastRef.GetLeftPart(UriPartial.Query));
                node = _documents.TryGetValue(document.ToString(), out var root)
                       && JsonPointer.TryParse(Uri.UnescapeDataString(lastRef.Fragment.TrimStart('#')), out var pointer)
                       && pointer!.TryEvaluate(root, out var target)
                    ? target
                    : null;
            }
            else
            {
                node = node switch
                {
                    JsonObject obj => obj[segment],
                    JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                    _ => null,
                };
            }
        }

        return (node, lastRef);
    }

    private JsonSchema Load(string path)
    {
        var text = File.ReadAllText(path);
        var schema = JsonSchema.FromText(text);
        _documents[schema.GetId()?.ToString() ?? schema.BaseUri.ToString()] = JsonNode.Parse(text)!;
        return schema;
    }

    private static bool EnclosedByPass(EvaluationResults detail, HashSet<(string, string)> passed)
    {
        for (var e = 0; e < detail.EvaluationPath.Count; e++)
        {
            var evaluation = detail.EvaluationPath.GetAncestor(detail.EvaluationPath.Count - e).ToString();
            for (var i = 0; i <= detail.InstanceLocation.Count; i++)
            {
                if (passed.Contains((evaluation, detail.InstanceLocation.GetAncestor(detail.InstanceLocation.Count - i).ToString())))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static JsonNode? Instance(JsonNode root, JsonPointer pointer, out bool inArray)
    {
        var node = root;
        inArray = false;
        foreach (var segment in pointer)
        {
            inArray = node is JsonArray;
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    // JSON pointer to the names clients see: "/company/employees" -> "company.employees", "/need/themes/0" -> "need.themes[0]".
    private static string Name(JsonPointer pointer, JsonNode root, bool indexPlaceholder = false)
    {
        var name = "";
        JsonNode? node = root;
        foreach (var segment in pointer)
        {
            var key = segment.Length > 80 ? segment[..80] : segment;
            if (node is JsonArray a)
            {
                name += indexPlaceholder ? "[]" : $"[{key}]";
                node = int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < a.Count ? a[i] : null;
            }
            else
            {
                name += name.Length == 0 ? key : "." + key;
                node = (node as JsonObject)?[segment];
            }
        }

        return name.Length == 0 ? "body" : name;
    }

    private static string FieldKey(JsonPointer pointer, JsonNode root) => Name(pointer, root, indexPlaceholder: true);

    private static void NullOversizedNumbers(JsonNode? node, JsonPointer at, JsonObject body, List<InvalidParam> problems)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (IsOversized(o[key]))
                    {
                        o[key] = null;
                        problems.Add(new InvalidParam(Name(at.Combine(key), body), "Is a number far too large for this field."));
                    }
                    else
                    {
                        NullOversizedNumbers(o[key], at.Combine(key), body, problems);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (IsOversized(a[i]))
                    {
                        a[i] = null;
                        problems.Add(new InvalidParam(Name(at.Combine(i), body), "Is a number far too large for this field."));
                    }
                    else
                    {
                        NullOversizedNumbers(a[i], at.Combine(i), body, problems);
                    }
                }

                break;
        }
    }

    // No null anywhere and no number beyond every range, found without allocating.
    private static bool IsPlain(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return false;
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    if (!IsPlain(value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (!IsPlain(a[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return !IsOversized(node);
        }
    }

    private static bool IsOversized(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !v.TryGetValue<decimal>(out _)
        && !(v.TryGetValue<JsonElement>(out var e) && e.TryGetDecimal(out _));

    private static void Remove(JsonNode root, JsonPointer pointer)
    {
        if (pointer.Count == 0 || !pointer.GetAncestor(1).TryEvaluate(root, out var parent))
        {
            return;
        }

        var last = pointer[^1];
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a[i] = null; // removed with the other nulls below, so the other indexes still point at their items
                break;
        }
    }

    // null means absent, in objects and (once the schema has refused it) in arrays.
    private static void StripNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, value) in o)
                {
                    StripNulls(value);
                }

                break;
            case JsonArray a:
                for (var i = a.Count - 1; i >= 0; i--)
                {
                    if (a[i] is null)
                    {
                        a.RemoveAt(i);
                    }
                    else
                    {
                        StripNulls(a[i]);
                    }
                }

                break;
        }
    }

    // A body of thousands of bad items gets an answer of bounded size.
    private static List<InvalidParam> Bounded(List<InvalidParam> problems) =>
        problems.Count <= MaxProblems
            ? problems
            : [.. problems.Take(MaxProblems), new InvalidParam("body", $"{problems.Count - MaxProblems} more problems are not listed; fix these first.")];

    private static int Rank(string keyword) => Array.IndexOf(Precedence, keyword) is var i and >= 0 ? i : Precedence.Length;

    // One reason per field: a field the schema refused is not judged again by the rules.
    private static List<InvalidParam> OnePerField(List<InvalidParam> problems) =>
        problems.DistinctBy(p => p.Name, StringComparer.Ordinal).ToList();
}
