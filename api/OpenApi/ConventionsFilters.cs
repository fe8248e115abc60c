using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Matchmaker.Api.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Matchmaker.Api.OpenApi;

// Document-wide ADR conventions: /v1 lives in the server URL, not in every path; the problem schema; openapi.json itself.
public sealed class ConventionsDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Schemes"] = "The catalogue of support schemes: list, filter, search and read.",
        ["Providers"] = "Who runs the schemes: RVO, provinces, municipalities, ROMs and others.",
        ["Matching"] = "Ranked schemes for a firm, with the reasons per criterion and the next questions to ask.",
        ["Companies"] = "Firm profiles from the KVK register (adviser key).",
        ["Publishing"] = "Writes for publishers: create, change, archive and import a provider's schemes.",
        ["Areas"] = "Provinces and municipalities (CBS codes).",
        ["Vocabularies"] = "The code lists used everywhere, with Dutch and English labels.",
        ["Insights"] = "What firms ask for, where, and where no scheme fits: anonymous counts of answered matches for policy makers (analyst key).",
        ["Feedback"] = "Reports of errors in scheme records, from anyone, for the scheme's publisher.",
        ["Referrals"] = "Warm hand-offs of a firm to a scheme's provider, with the firm's consent, and what came of them.",
        ["Caseload"] = "Saved firm profiles of an advisers' organisation: their matches with what changed, and a deadline calendar.",
        ["Webhooks"] = "Signed event deliveries (Standard Webhooks) to an organisation's receivers: subscriptions, delivery log, test, secret rotation.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Servers = [new OpenApiServer { Url = ApiInfo.MajorPath, Description = "This service, major version 1" }];

        var paths = new OpenApiPaths();
        foreach (var (path, item) in swaggerDoc.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths.Add(path.StartsWith(ApiInfo.MajorPath + "/", StringComparison.Ordinal) ? path[ApiInfo.MajorPath.Length..] : path, item);
        }

        ProblemSchema.Ensure(context.SchemaRepository);
        // Framework problem types were replaced by our Problem schema on every operation.
        foreach (var unused in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            context.SchemaRepository.Schemas.Remove(unused);
            swaggerDoc.Components?.Schemas?.Remove(unused);
        }

        var document = new OpenApiOperation
        {
            Security = [],
            OperationId = "getOpenApiDocument",
            Summary = "Get this OpenAPI document",
            Description = "The OpenAPI 3.0 description of this API, open to any origin.",
            Tags = new HashSet<OpenApiTagReference> { new("Meta", swaggerDoc) },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "The OpenAPI document.",
                    Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["API-Version"] = ConventionsOperationFilter.VersionHeader(),
                        ["access-control-allow-origin"] = new OpenApiHeader
                        {
                            Description = "Any origin may read the document.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Example = JsonValue.Create("*") },
                        },
                    },
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                    },
                },
                ["405"] = new OpenApiResponse
                {
                    Description = "Only GET and HEAD are allowed.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id) },
                    },
                },
            },
        };
        paths.Add("/openapi.json", new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = document } });
        swaggerDoc.Paths = paths;
        swaggerDoc.Tags ??= new HashSet<OpenApiTag>();
        swaggerDoc.Tags.Add(new OpenApiTag { Name = "Meta", Description = "About this API." });
        foreach (var tag in swaggerDoc.Tags)
        {
            tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        }
    }
}

public static class ProblemSchema
{
    public const string Id = "Problem";

    public static void Ensure(SchemaRepository repository)
    {
        repository.Schemas["InvalidParam"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One invalid input field or parameter.",
            Required = new HashSet<string> { "name", "reason" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The parameter or field (JSON path for bodies)." },
                ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What is wrong and what is allowed." },
            },
        };
        repository.Schemas[Id] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An error, as RFC 9457 problem details.",
            Required = new HashSet<string> { "status", "title", "detail" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "Identifies the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Short summary of the kind of problem." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong in this case, for people." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote this when you report a problem." },
                ["invalidParams"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "Every invalid parameter or field (400 only).",
                    Items = new OpenApiSchemaReference("InvalidParam"),
                },
            },
            Example = JsonNode.Parse("""
                {"type":"https://matchmaker.dev/problems/invalid-params","title":"Invalid request","status":400,
                 "detail":"2 parameters are invalid: level, pageSize.","instance":"/v1/schemes",
                 "invalidParams":[{"name":"level","reason":"Must be one of: eu, national, provincial, municipal."},
                                  {"name":"pageSize","reason":"Must be between 1 and 100."}]}
                """),
        };
    }
}

// Per operation: API-Version on every success, problem+json on every error, and the errors every operation can give.
public sealed class ConventionsOperationFilter : IOperationFilter
{
    public static OpenApiHeader VersionHeader() => new()
    {
        Description = "Full SemVer version of this API.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Example = JsonValue.Create(ApiInfo.Version) },
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ProblemSchema.Ensure(context.SchemaRepository);
        operation.Responses ??= new OpenApiResponses();
        var takesInput = operation.Parameters?.Count > 0 || operation.RequestBody is not null;
        if (takesInput && !operation.Responses.ContainsKey("400"))
        {
            operation.Responses["400"] = new OpenApiResponse { Description = "Invalid input: every invalid parameter is listed in invalidParams." };
        }

        var authorize = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().FirstOrDefault();
        if (authorize is not null)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiExtensions.ApiKeyScheme, context.Document)] = [] }];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or an unknown or revoked one." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The API key's role does not allow this (needs {authorize.Policy})." });
        }

        operation.Responses.TryAdd("429", new OpenApiResponse
        {
            Description = "Too many requests; Retry-After says when to try again.",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            },
        });

        if (!operation.Responses.ContainsKey("500"))
        {
            operation.Responses["500"] = new OpenApiResponse { Description = "Unexpected error; no internals are shown." };
        }

        // A store that stays busy past its timeout is answered 503 (TransientFailures); listed on every operation, as 500 is,
        // since a client cannot tell which ones read it.
        operation.Responses.TryAdd("503", new OpenApiResponse
        {
            Description = "The database was too busy to carry out the request in time; nothing of it was stored. Retry-After says when to try again.",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            },
        });

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (code.StartsWith('2') || code.StartsWith('3'))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["API-Version"] = VersionHeader();
            }
            else
            {
                concrete.Description = string.IsNullOrEmpty(concrete.Description) || concrete.Description is "Bad Request" or "Not Found" or "Conflict" or "Precondition Failed" or "Payload Too Large" or "Unsupported Media Type" or "Precondition Required"
                    ? DefaultDescription(code)
                    : concrete.Description;
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id) },
                };
            }
        }
    }

    private static string DefaultDescription(string code) => code switch
    {
        "400" => "Invalid input: every invalid parameter is listed in invalidParams.",
        "404" => "Not found.",
        "409" => "Conflict with the stored state.",
        "412" => "The If-Match ETag is stale.",
        "413" => "The body is too large.",
        "415" => "The body is not JSON.",
        "428" => "If-Match is required.",
        _ => "Error.",
    };
}

// Lets generated clients see the allowed values of string query parameters.
public sealed class AllowedValuesParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var allowed = context.PropertyInfo?.GetCustomAttribute<AllowedValuesAttribute>()
                      ?? context.ParameterInfo?.GetCustomAttribute<AllowedValuesAttribute>();
        if (allowed is not null && parameter.Schema is OpenApiSchema schema)
        {
            schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
        }
    }
}
