using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matchmaker.Api.Catalogue;

public static class CatalogueJson
{
    // Data files are strict: a misspelt field is an error, not silently dropped.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
    };

    // The same, with texts shared inside a SharedStrings scope: for scheme records read in bulk.
    public static readonly JsonSerializerOptions SharingOptions = new(Options) { Converters = { new SharedStrings() } };

    public static string Serialize(SchemeDocument scheme) => JsonSerializer.Serialize(scheme, Options);

    public static SchemeDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<SchemeDocument>(json, Options) ?? throw new InvalidDataException("Empty scheme document.");

    public static SchemeDocument DeserializeShared(string json) =>
        JsonSerializer.Deserialize<SchemeDocument>(json, SharingOptions) ?? throw new InvalidDataException("Empty scheme document.");

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
