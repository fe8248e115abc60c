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
        reader.GetString() is { } text ? Share(text) : null;

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Share(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Share(string text) =>
        text.Length == 0 ? string.Empty : Scope.Value is { } pool ? pool.GetOrAdd(text, text) : text;

    private sealed class Restore(ConcurrentDictionary<string, string>? outer) : IDisposable
    {
        public void Dispose() => Scope.Value = outer;
    }
}
