using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Matchmaker.Api.OpenApi;

// What a generated client needs to use the API's HTTP contract: conditional requests (If-Match, If-None-Match, ETag),
// paging links, public operations marked as such, and an example per error status.
public sealed class HttpContractOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var method = context.ApiDescription.HttpMethod;
        var path = context.ApiDescription.RelativePath ?? "";
        var isSchemeItem = path.EndsWith("schemes/{id}", StringComparison.Ordinal);
        var isProfileItem = path.EndsWith("profiles/{id}", StringComparison.Ordinal);
        operation.Parameters ??= [];
        operation.Responses ??= new OpenApiResponses();

        if (isSchemeItem && method == "GET")
        {
            operation.Parameters.Add(Header("If-None-Match", "An ETag from an earlier read; 304 when the scheme is unchanged.", required: false));
            AddHeader(operation, "200", "ETag", "The version of this scheme, for If-None-Match and If-Match.");
        }

        if (isSchemeItem && method is "PUT" or "DELETE")
        {
            operation.Parameters.Add(Header("If-Match", "The ETag of the version you read. PUT without it is 428; a stale one is 412.", required: method == "PUT"));
        }

        if (isSchemeItem && method == "PUT")
        {
            AddHeader(operation, "200", "ETag", "The ETag of the stored version.");
        }

        if (path.TrimEnd('/') == "v1/matches")
        {
            operation.Parameters.Add(Header(
                Insights.DemandChannels.Header,
                "widget when the Matchmaker widget sends the question (it always does); the demand insights count requests by channel. Other values are ignored; a request with an adviser key counts as adviser.",
                required: false));
        }

        if (path.EndsWith("schemes", StringComparison.Ordinal) && method == "POST")
        {
            AddHeader(operation, "201", "ETag", "The ETag of the stored version.");
            AddHeader(operation, "201", "Location", "Where the new scheme is.");
        }

        if (isProfileItem && method is "GET" or "PUT")
        {
            AddHeader(operation, "200", "ETag", "The version of this profile, for If-Match.");
        }

        if (isProfileItem && method is "PUT" or "DELETE")
        {
            operation.Parameters.Add(Header("If-Match", "The ETag of the profile you read. PUT without it is 428; a stale one is 412.", required: method == "PUT"));
        }

        if (path.EndsWith("profiles", StringComparison.Ordinal) && method == "POST")
        {
            AddHeader(operation, "201", "ETag", "The ETag of the saved profile.");
            AddHeader(operation, "201", "Location", "Where the new profile is.");
        }

        if (path.EndsWith("subscriptions", StringComparison.Ordinal) && method == "POST")
        {
            AddHeader(operation, "201", "Location", "Where the new subscription is.");
        }

        if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse
            && okResponse.Content?.Values.FirstOrDefault()?.Schema is OpenApiSchemaReference { Reference.Id: { } id } && id.EndsWith("Page", StringComparison.Ordinal))
        {
            AddHeader(operation, "200", "Link", "RFC 8288 links to the first, previous, next and last page.");
        }

        // An operation without a key requirement says so, so generators do not send one.
        operation.Security ??= [];

        foreach (var (code, response) in operation.Responses)
        {
            if (response is OpenApiResponse concrete && code[0] is '4' or '5'
                && concrete.Content?.TryGetValue("application/problem+json", out var media) == true)
            {
                media.Example = ProblemExample(code, path);
            }
        }
    }

    private static OpenApiParameter Header(string name, string description, bool required) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static void AddHeader(OpenApiOperation operation, string code, string name, string description)
    {
        if (operation.Responses!.TryGetValue(code, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    // The type URIs the service really sends for each status (the error catalogue's, or the RFC's for 405 and 500).
    private static string TypeFor(string status, string path) => status switch
    {
        "409" when path.EndsWith("referrals", StringComparison.Ordinal) => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.ReferralNotPossible),
        "409" when path.EndsWith("events", StringComparison.Ordinal) => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.ReferralStatusConflict),
        "400" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.InvalidParams),
        "401" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.Unauthorized),
        "403" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.Forbidden),
        "404" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.NotFound),
        "409" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.Exists),
        "412" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.StaleETag),
        "413" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.TooLarge),
        "415" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.UnsupportedMediaType),
        "428" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.IfMatchRequired),
        "429" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.RateLimited),
        "502" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.UpstreamBadAnswer),
        "503" when IsCompanyLookup(path) => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.UpstreamUnavailable),
        "503" => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        "504" => Errors.ApiProblems.TypeOf(Errors.ApiError.Codes.UpstreamTimeout),
        "405" => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };

    // The KVK lookups' 503 is an upstream's; everywhere else it is a busy database.
    private static bool IsCompanyLookup(string path) => path.Contains("companies", StringComparison.Ordinal);

    private static JsonObject ProblemExample(string code, string relativePath)
    {
        // A group's own route ("v1/referrals/") ends with a slash the served path does not have.
        var path = relativePath.Split('?')[0].TrimEnd('/');
        var (title, detail) = code switch
        {
            "400" => ("Invalid request", "1 parameter is invalid: pageSize."),
            "401" => ("Unauthorized", "This operation needs an API key in X-Api-Key."),
            "403" => ("Forbidden", "Your key's role does not allow this."),
            "404" => ("Not found", "There is no such resource."),
            "405" => ("Method not allowed", "The method is not allowed here."),
            "409" when path.EndsWith("referrals", StringComparison.Ordinal) => ("Referral not possible", "Test municipality Eindhoven (gemeente-test) does not accept referrals through Matchmaker."),
            "409" when path.EndsWith("events", StringComparison.Ordinal) => ("Referral status conflict", "Referral 3f2a9c1d0b7e4a66 is in-progress; a status only moves forward, so it cannot become accepted."),
            "409" => ("Conflict", "A scheme with this id already exists."),
            "412" => ("Precondition failed", "The scheme changed since you read it; read it again and send its ETag."),
            "413" => ("Payload too large", "The body is larger than allowed."),
            "415" => ("Unsupported media type", "Send the body as application/json."),
            "428" => ("Precondition required", "Send If-Match with the ETag from GET /schemes/{id}."),
            "429" => ("Too many requests", "Try again after the number of seconds in Retry-After."),
            "502" => ("Bad gateway", "The KVK register answered with an error."),
            "503" when IsCompanyLookup(path) => ("Service unavailable", "The KVK register cannot be reached right now."),
            "503" => ("Service unavailable", Errors.TransientFailures.Detail),
            "504" => ("Gateway timeout", "The KVK register did not answer in time."),
            _ => ("Internal server error", "The service could not handle this request."),
        };
        var example = new JsonObject
        {
            ["type"] = TypeFor(code, path),
            ["title"] = title,
            ["status"] = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture),
            ["detail"] = detail,
            ["instance"] = "/v1/" + path.Replace("v1/", "", StringComparison.Ordinal),
        };
        if (code == "400")
        {
            example["invalidParams"] = new JsonArray(new JsonObject { ["name"] = "pageSize", ["reason"] = "Must be between 1 and 100." });
        }

        return example;
    }
}

// A response field that is always present is required, so generated clients do not make every field optional.
public sealed class RequiredFieldsSchemaFilter : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { Count: > 0 } || context.Type.Namespace?.StartsWith("Matchmaker", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name
                       ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (concrete.Properties.ContainsKey(name) && Nullability.Create(property).ReadState == NullabilityState.NotNull)
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }
        }
    }
}
