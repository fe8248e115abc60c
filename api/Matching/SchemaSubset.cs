using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Matchmaker.Api.Matching;

// A quick yes for the well-formed requests most matches send. JsonSchema.Net copies its registry and walks the schema
// as objects on every evaluation (17 us and 38 KB a request, a tenth of a match's CPU under load); this reads the
// same schema once into plain checks. It knows only the keywords data/match-request.schema.json uses and says "valid"
// only when it is sure: a keyword it does not know makes it never sure, and a value it cannot judge exactly (a number
// with a fraction where a whole number is asked, a string longer than the limit in UTF-16) makes it unsure of that
// request. Then JsonSchema.Net decides, as before. A property test holds it to that: what it accepts, the library accepts.
public sealed class SchemaSubset
{
    private static readonly HashSet<string> Annotations =
        new(["$schema", "$id", "$comment", "title", "description", "$defs", "examples", "default", "deprecated", "readOnly", "writeOnly"], StringComparer.Ordinal);

    private readonly Check? _root;

    private SchemaSubset(Check? root) => _root = root;

    // Null root when the schema uses something this does not understand.
    public bool Understood => _root is not null;

    // documents: the schemas by their $id, so a $ref into another (catalogue.schema.json#/$defs/...) resolves.
    public static SchemaSubset Compile(string rootId, IReadOnlyDictionary<string, JsonNode> documents)
    {
        var compiler = new Compiler(documents);
        try
        {
            return new SchemaSubset(compiler.At(rootId, ""));
        }
        catch (NotSupportedException)
        {
            return new SchemaSubset(null);
        }
    }

    public bool SurelyValid(JsonNode? instance) => _root is not null && _root.Accepts(instance);

    [Flags]
    private enum Types
    {
        None = 0, Null = 1, Boolean = 2, Integer = 4, Number = 8, String = 16, Array = 32, Object = 64,
    }

    private sealed class Compiler(IReadOnlyDictionary<string, JsonNode> documents)
    {
        private readonly Dictionary<string, Check> _done = new(StringComparer.Ordinal);

        // The check of the schema at pointer (#/...) in the document with this id; each compiled once, so a $ref that
        // comes back to itself ends.
        public Check At(string documentId, string pointer)
        {
            var key = documentId + "#" + pointer;
            if (_done.TryGetValue(key, out var done))
            {
                return done;
            }

            if (!documents.TryGetValue(documentId, out var document))
            {
                throw new NotSupportedException("unknown document " + documentId);
            }

            var node = document;
            foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node is JsonArray array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count
                    ? array[index]
                    : (node as JsonObject)?[name];
            }

            var check = new Check();
            _done[key] = check;
            Fill(check, node as JsonObject ?? throw new NotSupportedException("not a schema object at " + key), documentId, pointer);
            return check;
        }

        private void Fill(Check c, JsonObject schema, string documentId, string pointer)
        {
            foreach (var (keyword, value) in schema)
            {
                if (Annotations.Contains(keyword))
                {
                    continue;
                }

                switch (keyword)
                {
                    case "type":
                        c.Types = value is JsonArray many ? many.Aggregate(Types.None, (t, v) => t | TypeOf(v)) : TypeOf(value);
                        break;
                    case "enum":
                        c.Enum = [];
                        foreach (var item in value!.AsArray())
                        {
                            if (item is null)
                            {
                                c.EnumAllowsNull = true;
                            }
                            else if (item.GetValueKind() == JsonValueKind.String)
                            {
                                c.Enum.Add(item.GetValue<string>());
                            }
                            else
                            {
                                throw new NotSupportedException("enum of non-strings");
                            }
                        }

                        break;
                    case "pattern":
                        c.Pattern = new Regex(value!.GetValue<string>(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                        break;
                    case "format" when value!.GetValue<string>() == "date":
                        c.Date = true;
                        break;
                    case "minimum":
                        c.Minimum = value!.GetValue<decimal>();
                        break;
                    case "maximum":
                        c.Maximum = value!.GetValue<decimal>();
                        break;
                    case "maxLength":
                        c.MaxLength = value!.GetValue<int>();
                        break;
                    case "maxItems":
                        c.MaxItems = value!.GetValue<int>();
                        break;
                    case "maxProperties":
                        c.MaxProperties = value!.GetValue<int>();
                        break;
                    case "properties":
                        c.Properties = value!.AsObject().ToDictionary(p => p.Key, p => At(documentId, $"{pointer}/properties/{Escape(p.Key)}"), StringComparer.Ordinal);
                        break;
                    case "additionalProperties" when value is JsonValue flag && flag.GetValueKind() == JsonValueKind.False:
                        c.NoAdditional = true;
                        break;
                    case "additionalProperties" when value is JsonObject:
                        c.Additional = At(documentId, pointer + "/additionalProperties");
                        break;
                    case "items" when value is JsonObject:
                        c.Items = At(documentId, pointer + "/items");
                        break;
                    case "propertyNames" when value is JsonObject:
                        c.PropertyNames = At(documentId, pointer + "/propertyNames");
                        break;
                    case "anyOf":
                        c.AnyOf = value!.AsArray().Select((_, i) => At(documentId, $"{pointer}/anyOf/{i}")).ToList();
                        break;
                    case "$ref":
                        var reference = value!.GetValue<string>();
                        var hash = reference.IndexOf('#', StringComparison.Ordinal);
                        var target = hash switch { 0 => documentId, < 0 => reference, _ => reference[..hash] };
                        c.Ref = At(target, hash < 0 ? "" : reference[(hash + 1)..]);
                        break;
                    default:
                        throw new NotSupportedException("keyword " + keyword);
                }
            }
        }

        private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        private static Types TypeOf(JsonNode? name) => name?.GetValue<string>() switch
        {
            "null" => Types.Null,
            "boolean" => Types.Boolean,
            "integer" => Types.Integer,
            "number" => Types.Number | Types.Integer,
            "string" => Types.String,
            "array" => Types.Array,
            "object" => Types.Object,
            _ => throw new NotSupportedException("type " + name),
        };
    }

    private sealed class Check
    {
        public Types? Types;
        public HashSet<string>? Enum;
        public bool EnumAllowsNull;
        public Regex? Pattern;
        public bool Date;
        public decimal? Minimum;
        public decimal? Maximum;
        public int? MaxLength;
        public int? MaxItems;
        public int? MaxProperties;
        public Dictionary<string, Check>? Properties;
        public bool NoAdditional;
        public Check? Additional;
        public Check? Items;
        public Check? PropertyNames;
        public List<Check>? AnyOf;
        public Check? Ref;

        public bool Accepts(JsonNode? value)
        {
            var kind = value is null ? JsonValueKind.Null : value.GetValueKind();
            return kind switch
            {
                JsonValueKind.Null => Allows(SchemaSubset.Types.Null) && (Enum is null || EnumAllowsNull) && Rest(value),
                JsonValueKind.True or JsonValueKind.False => Allows(SchemaSubset.Types.Boolean) && Enum is null && Rest(value),
                JsonValueKind.Number => AcceptsNumber(value!) && Rest(value),
                JsonValueKind.String => AcceptsString(value!.GetValue<string>()) && Rest(value),
                JsonValueKind.Array => Allows(SchemaSubset.Types.Array) && Enum is null && AcceptsArray(value!.AsArray()) && Rest(value),
                JsonValueKind.Object => Allows(SchemaSubset.Types.Object) && Enum is null && AcceptsObject(value!.AsObject()) && Rest(value),
                _ => false,
            };
        }

        private bool Allows(Types type) => Types is not { } allowed || (allowed & type) != 0;

        // The keywords that apply to a value of any type.
        private bool Rest(JsonNode? value) =>
            (Ref is null || Ref.Accepts(value)) && (AnyOf is null || AnyOf.Any(a => a.Accepts(value)));

        private bool AcceptsNumber(JsonNode value)
        {
            var text = value.ToJsonString();
            var whole = text.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            // A whole number written with a fraction (12.0) is an integer to the library: not sure, let it decide.
            var typed = Types is not { } allowed || (allowed & SchemaSubset.Types.Number) != 0 || ((allowed & SchemaSubset.Types.Integer) != 0 && whole);
            if (!typed || Enum is not null || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            return (Minimum is not { } min || number >= min) && (Maximum is not { } max || number <= max);
        }

        private bool AcceptsString(string s) =>
            Allows(SchemaSubset.Types.String)
            && (Enum is null || Enum.Contains(s))
            // Every way of counting a string's length (code points, text elements) gives at most its UTF-16 length.
            && (MaxLength is not { } max || s.Length <= max)
            && (Pattern is null || Matches(Pattern, s))
            && (!Date || DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

        private static bool Matches(Regex pattern, string s)
        {
            try
            {
                return pattern.IsMatch(s);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        private bool AcceptsArray(JsonArray array) =>
            (MaxItems is not { } max || array.Count <= max) && (Items is null || array.All(Items.Accepts));

        private bool AcceptsObject(JsonObject o)
        {
            if (MaxProperties is { } max && o.Count > max)
            {
                return false;
            }

            foreach (var (name, value) in o)
            {
                if (PropertyNames is not null && !PropertyNames.Accepts(JsonValue.Create(name)))
                {
                    return false;
                }

                if (Properties is not null && Properties.TryGetValue(name, out var property))
                {
                    if (!property.Accepts(value))
                    {
                        return false;
                    }
                }
                else if (NoAdditional || (Additional is not null && !Additional.Accepts(value)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
