using System.Text.Json;
using System.Text.Json.Serialization;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Http;

// Source-generated serializers for the hot answers (matches, scheme lists), so they are written without reflection.
// The options must equal those of AddHttpConventions but for the encoder, which they cannot name: MatchAnswer runs the
// generated fast path with these and escapes with the endpoint's encoder, and the JSON is the same.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(MatchSchemeJsonConverter)])]
[JsonSerializable(typeof(MatchResult))]
[JsonSerializable(typeof(PagedList<SchemeResponse>))]
[JsonSerializable(typeof(SchemeResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
