using System.Text.Json;
using System.Text.Json.Nodes;
using Matchmaker.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matchmaker.Api.Http;

// Reads a JSON body ourselves, so a wrong type, size or syntax becomes a clear problem instead of a framework error.
public static class JsonBody
{
    public const int SchemeMaxBytes = 256 * 1024;
    public const int MatchMaxBytes = 64 * 1024;
    public const int ImportMaxBytes = 50 * 1024 * 1024;

    public static async Task<(JsonNode? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            using (var document = JsonDocument.Parse(bytes, Options))
            {
                if (BadStrings(document.RootElement) is { Count: > 0 } bad)
                {
                    return (null, ApiProblems.InvalidParams(bad));
                }
            }

            var node = JsonNode.Parse(bytes.Span, documentOptions: Options);
            return node is JsonObject
                ? (node, null)
                : (null, ApiProblems.InvalidParams([new InvalidParam("body", "Must be a JSON object.")]));
        }
        catch (JsonException ex)
        {
            return (null, NotJson(ex));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check reads every name; one that is no text (a lone surrogate) fails there.
            return (null, ApiProblems.InvalidParams([new InvalidParam("body", "Has a field name that is not valid text (a lone surrogate).")]));
        }
    }

    public static async Task<(JsonDocument? Body, ProblemHttpResult? Problem)> ReadDocumentAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            var document = JsonDocument.Parse(bytes, Options);
            if (BadStrings(document.RootElement) is { Count: > 0 } bad)
            {
                document.Dispose();
                return (null, ApiProblems.InvalidParams(bad));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, NotJson(ex));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check reads every name; one that is no text (a lone surrogate) fails there.
            return (null, ApiProblems.InvalidParams([new InvalidParam("body", "Has a field name that is not valid text (a lone surrogate).")]));
        }
    }

    // A bulk body ({ "<property>": [ ... ] } and nothing else) is checked as one text but parsed item by item: one document
    // of 10,000 records would rent metadata arrays several times the body's size, which the shared pool keeps afterwards.
    public static async Task<(IReadOnlyList<ReadOnlyMemory<byte>>? Items, ProblemHttpResult? Problem)> ReadItemsAsync(
        HttpRequest request, string property, int maxBytes, CancellationToken ct)
    {
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            if (Split(bytes, property) is not { } items)
            {
                return (null, ApiProblems.InvalidParams([new InvalidParam("body", $"Must be {{ \"{property}\": [ ... ] }} and nothing else.")]));
            }

            var bad = new List<InvalidParam>();
            for (var i = 0; i < items.Count; i++)
            {
                var at = $"{property}[{i}]";
                try
                {
                    using var document = JsonDocument.Parse(items[i], Options);
                    bad.AddRange(BadStrings(document.RootElement, at));
                }
                catch (JsonException ex) when (ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
                {
                    // The syntax is already known good: what is left is a repeated field, named within its record.
                    bad.Add(new InvalidParam(DuplicateName(ex.Message) is { } name ? $"{at}.{name}" : at,
                        "This field occurs twice in one object; give each field once."));
                }
            }

            return bad.Count > 0 ? (null, ApiProblems.InvalidParams(bad)) : (items, null);
        }
        catch (JsonException ex)
        {
            return (null, NotJson(ex));
        }
        catch (InvalidOperationException)
        {
            return (null, ApiProblems.InvalidParams([new InvalidParam("body", "Has a field name that is not valid text (a lone surrogate).")]));
        }
    }

    // The slices of the array's items, or null when the root is not an object whose only property is that array. The whole
    // text is read either way, so a syntax error anywhere is reported as one.
    private static List<ReadOnlyMemory<byte>>? Split(ReadOnlyMemory<byte> bytes, string property)
    {
        var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        var items = new List<ReadOnlyMemory<byte>>();
        var shaped = reader.Read() && reader.TokenType == JsonTokenType.StartObject;
        var properties = 0;
        var sawArray = false;
        if (shaped)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                properties++;
                var wanted = reader.ValueTextEquals(property);
                reader.Read();
                if (wanted && reader.TokenType == JsonTokenType.StartArray)
                {
                    sawArray = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        items.Add(bytes[start..(int)reader.BytesConsumed]);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        while (reader.Read())
        {
        }

        return shaped && sawArray && properties == 1 ? items : null;
    }

    // Duplicate keys are refused: which of two values would count is a guess no client should rely on.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    // Invalid UTF-8 and escaped lone surrogates ("\ud800") pass the parser but are no text: find each one before anything
    // reads the body.
    private static List<InvalidParam> BadStrings(JsonElement root, string at = "")
    {
        var problems = new List<InvalidParam>();
        void Walk(JsonElement e, string path)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        string name;
                        try
                        {
                            name = p.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            problems.Add(new InvalidParam(path.Length == 0 ? "body" : path, "Has a field name that is not valid text (a lone surrogate)."));
                            continue;
                        }

                        Walk(p.Value, path.Length == 0 ? name : path + "." + name);
                    }

                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item, $"{(path.Length == 0 ? "body" : path)}[{i++}]");
                    }

                    break;
                case JsonValueKind.String:
                    try
                    {
                        _ = e.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        problems.Add(new InvalidParam(path.Length == 0 ? "body" : path, "Is not valid text (invalid UTF-8, or a lone surrogate in a \\u escape)."));
                    }

                    break;

            }
        }

        Walk(root, at);
        return problems;
    }

    private static async Task<(ReadOnlyMemory<byte> Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        if (!request.HasJsonContentType())
        {
            return (default, ApiProblems.Problem(ApiError.UnsupportedMediaType()));
        }

        var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (default, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? (default, ApiProblems.InvalidParams([new InvalidParam("body", "The request body is empty; send a JSON object.")]))
            : (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    // A number beyond every field's range (1e400) breaks schema evaluation, which reads numbers as decimals.
    public static IEnumerable<string> OversizedNumbers(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    foreach (var bad in OversizedNumbers(value, path + "/" + key))
                    {
                        yield return bad;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var bad in OversizedNumbers(a[i], path + "/" + i))
                    {
                        yield return bad;
                    }
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && !v.TryGetValue<decimal>(out _)
                                  && !(v.TryGetValue<JsonElement>(out var e) && e.TryGetDecimal(out _)):
                yield return path;
                break;
        }
    }

    private static ProblemHttpResult NotJson(JsonException ex) =>
        ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)
            ? ApiProblems.InvalidParams([new InvalidParam(
                DuplicateName(ex.Message) ?? "body", "This field occurs twice in one object; give each field once.")])
            : ApiProblems.InvalidParams([new InvalidParam(
                "body", $"Not valid JSON or not UTF-8 (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).")]);

    // The parser names the repeated property in its message ("Duplicate property 'limit' ..."), not in Path.
    private static string? DuplicateName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }

    private static ProblemHttpResult TooLarge(int maxBytes) => ApiProblems.Problem(ApiError.TooLarge(maxBytes));
}
