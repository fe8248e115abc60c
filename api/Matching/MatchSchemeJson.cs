using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matchmaker.Api.Matching;

// The scheme part of a match is more than half of an answer's bytes (two languages of title, summary and amounts) and
// changes only with a write, which makes a new snapshot entry and with it a new MatchScheme. So each is written once per
// encoder and copied raw after that, as the scheme list does with its pages (SchemePage): the same bytes, since they come
// from the same generated serializer and the writer's own encoder.
public sealed class MatchSchemeJsonConverter : JsonConverter<MatchScheme>
{
    private static readonly ConditionalWeakTable<MatchScheme, Rendered> Cache = new();

    public override MatchScheme? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, MatchSchemeJsonContext.Default.MatchScheme);

    public override void Write(Utf8JsonWriter writer, MatchScheme value, JsonSerializerOptions options)
    {
        // Indented output is for people reading it; copied raw it would lose its indentation.
        if (writer.Options.Indented)
        {
            JsonSerializer.Serialize(writer, value, MatchSchemeJsonContext.Default.MatchScheme);
            return;
        }

        var encoder = writer.Options.Encoder;
        if (!Cache.TryGetValue(value, out var rendered) || !ReferenceEquals(rendered.Encoder, encoder))
        {
            rendered = new Rendered(encoder, Render(value, encoder));
            Cache.AddOrUpdate(value, rendered);
        }

        writer.WriteRawValue(rendered.Utf8, skipInputValidation: true);
    }

    private static byte[] Render(MatchScheme value, JavaScriptEncoder? encoder)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, MatchSchemeJsonContext.Default.MatchScheme);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record Rendered(JavaScriptEncoder? Encoder, byte[] Utf8);
}

// The scheme of a match without the converter above, for the converter itself; the options equal ApiJsonContext's.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MatchScheme))]
public sealed partial class MatchSchemeJsonContext : JsonSerializerContext;
