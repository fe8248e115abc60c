using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace Matchmaker.Api.Tests.Contract;

public enum CallKind
{
    Valid,
    InvalidParameter,
    UnknownQueryKey,
    InvalidBody,
    RandomJson,
    MalformedBody,
    WrongContentType,
}

public enum KeyKind
{
    None,
    Admin,
    Bogus,
}

public sealed record ApiCall(
    OpenApiOperation Operation, CallKind Kind, KeyKind Key, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body,
    string ContentType, bool FreshETag)
{
    public override string ToString()
    {
        var body = Body is null ? "" : " body: " + (Body.Length > 600 ? Body[..600] + $"… ({Body.Length} chars)" : Body);
        var headers = string.Join(" ", Headers.Select(h => $"{h.Key}: {h.Value}"));
        return $"[{Kind}, key {Key}] {Operation.Method} {Url} {headers}{body}";
    }
}

// What a real client would send: values taken from the running service (ids, codes) and the fixtures, by parameter name.
public sealed class Hints
{
    public Dictionary<string, List<string>> ByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> All { get; } = [];

    public Dictionary<string, List<JsonNode>> Samples { get; } = new(StringComparer.Ordinal);

    public void Add(string name, IEnumerable<string> values)
    {
        var list = values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).ToList();
        if (!ByName.TryGetValue(name, out var existing))
        {
            ByName[name] = existing = [];
        }

        existing.AddRange(list.Except(existing));
        All.AddRange(list.Except(All));
    }
}

// Builds CsCheck generators from the document's shapes: valid values that respect type, enum ($ref'd too), range, length and
// pattern, and invalid ones that break exactly one of those rules somewhere in the request.
public sealed partial class RequestGenerator(OpenApiModel model, Hints hints)
{
    private const int MaxDepth = 5;

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 8];

    private static readonly Gen<string> Kebab = Gen.Select(Word, Word, Gen.Bool, (a, b, two) => two ? a + "-" + b : a);

    private static readonly Gen<string> FreeText = Gen.OneOf(
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éëï-_.,;:'\"/\\?&=#%+"], 0, 40],
        Gen.OneOf("energie besparen", "warmtepomp", "innovatie", "export", "subsidie voor zonnepanelen", "WBSO", "lening", "e-mail", "", " ",
            "Robert'); DROP TABLE schemes;--", "<script>alert(1)</script>", "NULL", "%00", "\u0000", "naïve café", "💶", "../../etc/passwd", "*", "\"quoted\""));

    private static readonly string[] WeirdPathValues =
        ["x", "0", "-1", "%20", "a%2Fb", "..", "NULL", "😀", "UPPER-case", "with space", new string('a', 300), "1e999", "true", "GM", "12345678901"];

    public Gen<ApiCall> For(OpenApiOperation operation)
    {
        var kinds = new List<(int, IGen<CallKind>)>
        {
            (6, Gen.Const(CallKind.Valid)),
            (2, Gen.Const(CallKind.UnknownQueryKey)),
        };
        if (operation.Parameters.Count > 0)
        {
            kinds.Add((3, Gen.Const(CallKind.InvalidParameter)));
        }

        if (operation.BodySchema is not null)
        {
            kinds.Add((4, Gen.Const(CallKind.InvalidBody)));
            kinds.Add((1, Gen.Const(CallKind.RandomJson)));
            kinds.Add((1, Gen.Const(CallKind.MalformedBody)));
            kinds.Add((1, Gen.Const(CallKind.WrongContentType)));
        }

        var key = Gen.Frequency((3, Gen.Const(KeyKind.None)), (4, Gen.Const(KeyKind.Admin)), (1, Gen.Const(KeyKind.Bogus)));
        return Gen.SelectMany(Gen.Frequency(kinds.ToArray()), key, (kind, k) => Call(operation, kind, k));
    }

    private Gen<ApiCall> Call(OpenApiOperation operation, CallKind kind, KeyKind key)
    {
        // One parameter is the broken one when the kind says so; the others stay valid.
        var brokenIndex = kind == CallKind.InvalidParameter ? Gen.Int[0, operation.Parameters.Count - 1] : Gen.Const(-1);
        return brokenIndex.SelectMany(broken =>
        {
            var parameters = Gen.Const(() => new List<(OpenApiParameter Parameter, string? Value)>());
            for (var i = 0; i < operation.Parameters.Count; i++)
            {
                var parameter = operation.Parameters[i];
                var value = i == broken ? InvalidParameter(parameter).Select(v => (string?)v) : ParameterValue(parameter);
                parameters = Gen.Select(parameters, value, (list, v) =>
                {
                    list.Add((parameter, v));
                    return list;
                });
            }

            var body = operation.BodySchema is null ? Gen.Const((string?)null) : Body(operation.BodySchema, kind);
            var extraKey = Gen.Select(Word, FreeText, (k, v) => new KeyValuePair<string, string>("zz" + k, v));
            return Gen.Select(parameters, body, extraKey, (values, text, extra) =>
            {
                var path = operation.Path;
                var query = new List<KeyValuePair<string, string>>();
                var headers = new List<KeyValuePair<string, string>>();
                foreach (var (parameter, value) in values)
                {
                    switch (parameter.In)
                    {
                        case "path":
                            // NUL cannot be in a request line at all (the test host refuses to build one; Kestrel answers 400 itself).
                            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString((value ?? "x").Replace("\0", "", StringComparison.Ordinal)), StringComparison.Ordinal);
                            break;
                        case "query" when value is not null:
                            query.Add(new(parameter.Name, value));
                            break;
                        case "header" when value is not null:
                            headers.Add(new(parameter.Name, value));
                            break;
                    }
                }

                if (kind == CallKind.UnknownQueryKey)
                {
                    query.Add(extra);
                }

                // A body with an id under a path with an id: a valid request names the same one.
                if (kind == CallKind.Valid && text is not null && path != operation.Path && operation.Path.EndsWith("{id}", StringComparison.Ordinal)
                    && JsonNode.Parse(text) is JsonObject document && document.ContainsKey("id"))
                {
                    document["id"] = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
                    text = document.ToJsonString();
                }

                var url = model.ServerBase + path + (query.Count == 0 ? "" : "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value))));
                var contentType = kind == CallKind.WrongContentType ? "text/plain" : "application/json";
                var freshETag = kind == CallKind.Valid && operation.Parameters.Any(p => p.Name == "If-Match");
                return new ApiCall(operation, kind, key, url, headers, text, contentType, freshETag);
            });
        });
    }

    private Gen<string?> ParameterValue(OpenApiParameter parameter)
    {
        var value = ScalarText(parameter.Name, parameter.Schema, parameter.Description);
        return parameter.Required || parameter.In == "path"
            ? value.Select(v => (string?)v)
            : Gen.Frequency((1, Gen.Const((string?)null)), (1, value.Select(v => (string?)v)));
    }

    private Gen<string> ScalarText(string name, JsonObject schema, string description) =>
        Value(name, schema, 0, description).Select(v => v switch
        {
            null => "",
            JsonValue scalar when scalar.TryGetValue<string>(out var s) => s,
            JsonValue scalar when scalar.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => v.ToJsonString(),
        });

    private Gen<string> InvalidParameter(OpenApiParameter parameter)
    {
        var schema = model.Resolve(parameter.Schema);
        var options = new List<IGen<string>> { Gen.OneOf(WeirdPathValues), FreeText };
        var type = schema["type"]?.GetValue<string>();
        if (type is "integer" or "number")
        {
            options.Add(Gen.OneOf("abc", "1.5", "1e3", "99999999999999999999999", "-", "0x10", " 1", "1,2"));
            if (schema["minimum"] is { } min)
            {
                options.Add(Gen.Const((min.GetValue<decimal>() - 1).ToString(CultureInfo.InvariantCulture)));
            }

            if (schema["maximum"] is { } max)
            {
                options.Add(Gen.Const((max.GetValue<decimal>() + 1).ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (type == "boolean")
        {
            options.Add(Gen.OneOf("yes", "2", "TRUE ", "null"));
        }

        if (schema["enum"] is not null)
        {
            options.Add(Gen.OneOf("not-a-code", "NL", "Bv", "unknown", "0"));
        }

        if (schema["maxLength"] is { } maxLength)
        {
            options.Add(Gen.Const(new string('x', maxLength.GetValue<int>() + 1)));
        }

        if (schema["minLength"] is { } minLength && minLength.GetValue<int>() > 0)
        {
            options.Add(Gen.Const(new string('x', minLength.GetValue<int>() - 1)));
        }

        if (schema["pattern"] is not null || schema["format"] is not null)
        {
            options.Add(Gen.OneOf("NOT VALID!", "2026-13-45", "GM12", "PV99", "abc--def", "-abc"));
        }

        return Gen.OneOf(options.ToArray());
    }

    private Gen<string?> Body(JsonObject schema, CallKind kind) => kind switch
    {
        CallKind.InvalidBody => Invalid("body", schema, 0).Select(n => (string?)(n?.ToJsonString() ?? "null")),
        CallKind.RandomJson => RandomJson(0).Select(n => (string?)(n?.ToJsonString() ?? "null")),
        CallKind.MalformedBody => Gen.OneOf<string?>("", "{", "[1,", "nul", "{\"a\":}", "<xml/>", "{\"schemes\": [", "\"just a string\"", "{} {}", "\uFEFF{"),
        _ => Value("body", schema, 0, "").Select(n => (string?)(n?.ToJsonString() ?? "null")),
    };

    public Gen<JsonNode?> RandomJson(int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Const((JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Double[-1e12, 1e12].Select(d => (JsonNode?)JsonValue.Create(d)),
            FreeText.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth >= 3)
        {
            return scalars;
        }

        var array = RandomJson(depth + 1).List[0, 4].Select(items => (JsonNode?)new JsonArray(items.ToArray()));
        var obj = Gen.Select(Gen.OneOf(Word, Gen.OneOf("schemes", "id", "company", "need", "message", "kvkNumber", "limit", "title")), RandomJson(depth + 1))
            .List[0, 4].Select(pairs =>
            {
                var o = new JsonObject();
                foreach (var (k, v) in pairs)
                {
                    o[k] = v;
                }

                return (JsonNode?)o;
            });
        return Gen.Frequency((2, scalars), (1, array), (2, obj));
    }

    // A value the schema accepts (as far as the shapes say; cross-field rules are the service's to judge).
    public Gen<JsonNode?> Value(string name, JsonObject schema, int depth, string description)
    {
        var reference = schema["$ref"]?.GetValue<string>()?.Split('/')[^1];
        var nullable = schema["nullable"]?.GetValue<bool>() == true;
        schema = model.Resolve(schema);
        var generated = Shape(name, schema, depth, description);
        if (reference is not null && hints.Samples.TryGetValue(reference, out var samples) && samples.Count > 0)
        {
            generated = Gen.Frequency((3, Gen.OneOf(samples.ToArray()).Select(s => (JsonNode?)s.DeepClone())), (1, generated));
        }

        return nullable || schema["nullable"]?.GetValue<bool>() == true
            ? Gen.Frequency((1, Gen.Const((JsonNode?)null)), (8, generated))
            : generated;
    }

    private Gen<JsonNode?> Shape(string name, JsonObject schema, int depth, string description)
    {
        if (schema["enum"] is JsonArray values)
        {
            return Gen.OneOf(values.Select(v => v?.GetValue<string>()).ToArray()).Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v)));
        }

        if (schema["oneOf"] is JsonArray branches)
        {
            return Gen.OneOf(branches.Select(b => Value(name, b!.AsObject(), depth + 1, description)).ToArray());
        }

        switch (schema["type"]?.GetValue<string>())
        {
            case "string":
                return Text(name, schema, description).Select(s => (JsonNode?)JsonValue.Create(s));
            case "integer":
            {
                // Without a documented minimum, amounts and counts are non-negative; negative ones are the invalid generator's job.
                var min = (long)(schema["minimum"]?.GetValue<decimal>() ?? 0);
                var max = (long)(schema["maximum"]?.GetValue<decimal>() ?? 1_000_000);
                var small = Math.Min(max, min + 100);
                return Gen.Frequency((3, Gen.Long[min, small]), (1, Gen.Long[min, max]), (1, Gen.OneOf(min, max)))
                    .Select(l => (JsonNode?)JsonValue.Create(l));
            }
            case "number":
            {
                var min = (double)(schema["minimum"]?.GetValue<decimal>() ?? 0m);
                var max = (double)(schema["maximum"]?.GetValue<decimal>() ?? 1e9m);
                return Gen.Double[min, max].Select(d => (JsonNode?)JsonValue.Create(Math.Round(d, 2)));
            }
            case "boolean":
                return Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b));
            case "array" when depth < MaxDepth:
                return Value(name, schema["items"]!.AsObject(), depth + 1, description).List[0, 3]
                    .Select(items => (JsonNode?)new JsonArray(items.ToArray()));
            case "object" or null when depth < MaxDepth && schema["properties"] is JsonObject properties:
                return Object(schema, properties, depth, invalidProperty: null);
            case "array":
                return Gen.Const<JsonNode?>(() => new JsonArray());
            default:
                return Gen.Const<JsonNode?>(() => new JsonObject());
        }
    }

    private Gen<JsonNode?> Object(JsonObject schema, JsonObject properties, int depth, string? invalidProperty)
    {
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var obj = Gen.Const(() => new JsonObject());
        foreach (var (name, property) in properties)
        {
            var propertyName = name;
            var value = name == invalidProperty
                ? Invalid(name, property!.AsObject(), depth + 1).Select(v => (Include: true, Value: v))
                : Gen.Select(required.Contains(name) ? Gen.Const(true) : Gen.Bool, Value(name, property!.AsObject(), depth + 1, ""),
                    (include, v) => (Include: include, Value: v));
            obj = Gen.Select(obj, value, (o, v) =>
            {
                if (v.Include)
                {
                    o[propertyName] = v.Value;
                }

                return o;
            });
        }

        return obj.Select(o => (JsonNode?)o);
    }

    // A value the schema refuses: the wrong type, out of range, an unknown code, too long, a missing required field,
    // an unknown property, or one of these deeper down.
    public Gen<JsonNode?> Invalid(string name, JsonObject schema, int depth)
    {
        schema = model.Resolve(schema);
        var wrongType = Gen.Int[0, 5].Select(i => i switch
        {
            0 => (JsonNode?)JsonValue.Create("text"),
            1 => JsonValue.Create(12),
            2 => JsonValue.Create(true),
            3 => new JsonArray(),
            4 => new JsonObject(),
            _ => JsonValue.Create(1.5),
        });
        var options = new List<(int, IGen<JsonNode?>)> { (1, wrongType) };
        var type = schema["type"]?.GetValue<string>();
        if (schema["enum"] is not null)
        {
            options.Add((3, Gen.OneOf("not-a-code", "Subsidy", "", "energy ").Select(s => (JsonNode?)JsonValue.Create(s))));
        }

        if (type == "string" && schema["maxLength"] is { } maxLength)
        {
            options.Add((2, Gen.Const<JsonNode?>(() => (JsonNode?)JsonValue.Create(new string('x', maxLength.GetValue<int>() + 1)))));
        }

        if (type == "string")
        {
            options.Add((1, Gen.Const<JsonNode?>(() => (JsonNode?)JsonValue.Create(new string('é', 20_000)))));
            options.Add((1, Gen.OneOf("NOT VALID!", "2026-02-30", "9999-99-99", "not a url", "\u0001control").Select(s => (JsonNode?)JsonValue.Create(s))));
        }

        if (type is "integer" or "number")
        {
            if (schema["minimum"] is { } min)
            {
                options.Add((2, Gen.Const<JsonNode?>(() => (JsonNode?)JsonValue.Create(min.GetValue<decimal>() - 1))));
            }

            if (schema["maximum"] is { } max)
            {
                options.Add((2, Gen.Const<JsonNode?>(() => (JsonNode?)JsonValue.Create(max.GetValue<decimal>() + 1))));
            }

            options.Add((1, Gen.OneOf(1e300, -1e300, 0.5).Select(d => (JsonNode?)JsonValue.Create(d))));
        }

        if (type == "array" && depth < MaxDepth && schema["items"] is JsonObject items)
        {
            options.Add((2, Invalid(name, items, depth + 1).Select(item => (JsonNode?)new JsonArray(item))));
        }

        if (schema["properties"] is JsonObject properties && depth < MaxDepth)
        {
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
            if (required.Count > 0)
            {
                options.Add((2, Gen.OneOf(required.ToArray()).SelectMany(missing => Object(schema, properties, depth, null).Select(o =>
                {
                    o!.AsObject().Remove(missing);
                    return o;
                }))));
            }

            options.Add((1, Gen.Select(Object(schema, properties, depth, null), Word, (o, extra) =>
            {
                o!.AsObject()["zz" + extra] = "unexpected";
                return o;
            })));
            var names = properties.Select(p => p.Key).ToArray();
            options.Add((4, Gen.OneOf(names).SelectMany(broken => Object(schema, properties, depth, broken))));
        }

        return Gen.Frequency(options.ToArray());
    }

    private Gen<string> Text(string name, JsonObject schema, string description)
    {
        var format = schema["format"]?.GetValue<string>();
        if (format == "date")
        {
            return Gen.Int[0, 4000].Select(d => new DateOnly(2020, 1, 1).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (format == "date-time")
        {
            return Gen.Int[0, 4000].Select(d => new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d).ToString("O", CultureInfo.InvariantCulture));
        }

        if (format == "uri")
        {
            return Kebab.Select(w => $"https://example.org/{w}");
        }

        var minLength = schema["minLength"]?.GetValue<int>() ?? 0;
        var maxLength = schema["maxLength"]?.GetValue<int>() ?? 200;
        var pattern = schema["pattern"]?.GetValue<string>() is { } p ? new Regex(p, RegexOptions.None, TimeSpan.FromSeconds(1)) : null;
        bool Fits(string s) => s.Length >= minLength && s.Length <= maxLength && (pattern is null || pattern.IsMatch(s));

        var named = (hints.ByName.TryGetValue(name, out var byName) ? byName : []).Where(Fits).ToList();
        var fromDescription = DescriptionWord().Matches(description).Select(m => m.Value).Where(Fits).ToList();
        var any = hints.All.Where(Fits).ToList();
        var options = new List<(int, IGen<string>)>();
        if (named.Count > 0)
        {
            // A value known for this name is what a real client sends; the rest only now and then.
            options.Add((24, Gen.OneOf(named.ToArray())));
        }

        if (fromDescription.Count > 0)
        {
            options.Add((2, Gen.OneOf(fromDescription.ToArray())));
        }

        if (any.Count > 0)
        {
            options.Add((1, Gen.OneOf(any.ToArray())));
        }

        if (pattern is null || pattern.IsMatch("abc-1"))
        {
            options.Add((2, Kebab.Where(Fits)));
        }

        if (pattern is null)
        {
            options.Add((2, FreeText.Select(s => s.Length < minLength ? s.PadRight(minLength, 'x') : s.Length > maxLength ? s[..maxLength] : s)));
        }

        return options.Count > 0 ? Gen.Frequency(options.ToArray()) : Kebab;
    }

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]")]
    private static partial Regex DescriptionWord();
}
