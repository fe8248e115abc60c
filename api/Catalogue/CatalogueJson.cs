using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Matchmaker.Api.Catalogue;

public static class CatalogueJson
{
    // Data files are strict: a misspelt field is an error, not silently dropped. A scheme record is read from generated
    // code (CatalogueJsonContext): the reflection path first emits and compiles an accessor for each of the record's
    // members, which cost a start on a large catalogue about half a second before its first document was read.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CatalogueJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    // The same, with texts shared inside a SharedStrings scope: for scheme records read in bulk.
    public static readonly JsonSerializerOptions SharingOptions = new(Options) { Converters = { new SharedStrings() } };

    public static string Serialize(SchemeDocument scheme) => JsonSerializer.Serialize(scheme, Options);

    public static SchemeDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<SchemeDocument>(json, Options) ?? throw new InvalidDataException("Empty scheme document.");

    public static SchemeDocument DeserializeShared(string json) =>
        JsonSerializer.Deserialize<SchemeDocument>(json, SharingOptions) ?? throw new InvalidDataException("Empty scheme document.");

    public static SchemeDocument DeserializeShared(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<SchemeDocument>(utf8, SharingOptions) ?? throw new InvalidDataException("Empty scheme document.");

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

// The same rules as CatalogueJson.Options, which takes its metadata from here.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SchemeDocument))]
internal sealed partial class CatalogueJsonContext : JsonSerializerContext;
