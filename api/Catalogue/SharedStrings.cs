using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matchmaker.Api.Catalogue;

// Scheme records repeat most of their texts: codes, links, provider names, criteria in the same words, and whole
// records when a publisher copies one. Read inside a scope (Use), each distinct text is kept once, so the matching
// snapshot and a large import grow with what the catalogue says, not with how often it says it. Outside a scope, texts
// are read as usual: a request body or a one-off read adds nothing to any pool.
public sealed class SharedStrings : JsonConverter<string>
{
    private static readonly AsyncLocal<ConcurrentDictionary<string, string>?> Scope = new();

    public static ConcurrentDictionary<string, string> NewPool() => new(StringComparer.Ordinal);

    // Texts read until the scope is disposed, in this flow and the tasks it starts, are shared through the pool.
    public static IDisposable Use(ConcurrentDictionary<string, string> pool)
    {
        var outer = Scope.Value;
        Scope.Value = pool;
        return new Restore(outer);
    }

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Share(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Share(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    // A text already in the pool is found from the reader's characters, without making a string first: at a start on a
    // large catalogue nearly every text is one seen before, and making each once more was most of what parsing allocated.
    private static string Share(ref Utf8JsonReader reader)
    {
        if (Scope.Value is not { } pool)
        {
            return reader.GetString()!;
        }

        // An escaped or UTF-8 text has at most as many characters as bytes.
        var bytes = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (bytes > MaxLookedUpChars)
        {
            var text = reader.GetString()!;
            return pool.GetOrAdd(text, text);
        }

        Span<char> buffer = stackalloc char[MaxLookedUpChars];
        var chars = buffer[..reader.CopyString(buffer)];
        if (chars.IsEmpty)
        {
            return string.Empty;
        }

        if (pool.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var shared))
        {
            return shared;
        }

        var made = new string(chars);
        return pool.GetOrAdd(made, made);
    }

    // Longer texts (descriptions, conditions) are rarer and repeat less; they are made as strings first.
    private const int MaxLookedUpChars = 512;

    private sealed class Restore(ConcurrentDictionary<string, string>? outer) : IDisposable
    {
        public void Dispose() => Scope.Value = outer;
    }
}
