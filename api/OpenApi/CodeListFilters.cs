using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchmaker.Api.Vocabularies;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Matchmaker.Api.OpenApi;

// One named enum component per list in data/vocabularies.json, and every [CodeList] property and query parameter
// refers to it, so generated clients get real enums and no list is written twice.
public sealed class CodeListDocumentFilter(CodeLists codes) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var (name, terms) in codes.Terms.Lists)
        {
            context.SchemaRepository.Schemas[CodeListAttribute.SchemaId(name)] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = $"A code of the '{name}' list (GET /v1/vocabularies/{name}): " +
                              string.Join("; ", terms.Select(t => $"{t.Code} = {t.Label.En ?? t.Label.Nl}")) + ".",
                Enum = terms.Select(t => (JsonNode)JsonValue.Create(t.Code)).ToList(),
            };
        }

        foreach (var type in typeof(CodeListDocumentFilter).Assembly.GetTypes().Where(t => !t.IsGenericType && (t.IsPublic || t.IsNestedPublic)))
        {
            if (!context.SchemaRepository.Schemas.TryGetValue(SchemaIds.For(type), out var component) || component is not OpenApiSchema schema
                || schema.Properties is null)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var list = property.GetCustomAttribute<CodeListAttribute>()?.List;
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (list is null || !schema.Properties.TryGetValue(name, out var current))
                {
                    continue;
                }

                var reference = new OpenApiSchemaReference(CodeListAttribute.SchemaId(list), swaggerDoc);
                // A code, a list of codes, or a map whose values are codes (a profile's provenance).
                schema.Properties[name] = property.PropertyType == typeof(string) ? reference
                    : property.PropertyType == typeof(IReadOnlyDictionary<string, string>)
                        ? new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = reference, Description = current.Description }
                        : new OpenApiSchema { Type = JsonSchemaType.Array, Items = reference, Description = current.Description };
            }
        }

        // A write body may be what a read returned: the provider as its id, or as the { id, name } a read gives.
        if (context.SchemaRepository.Schemas.TryGetValue("SchemeDocument", out var document) && document is OpenApiSchema write
            && write.Properties is not null)
        {
            write.Properties["provider"] = new OpenApiSchema
            {
                Description = "The provider's id, or the { id, name } object a read returns (only id is used).",
                OneOf = [new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$" }, new OpenApiSchemaReference("ProviderReference", swaggerDoc)],
            };
        }
    }
}

public sealed class CodeListParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var list = context.PropertyInfo?.GetCustomAttribute<CodeListAttribute>()?.List ?? context.ParameterInfo?.GetCustomAttribute<CodeListAttribute>()?.List;
        if (list is not null && parameter is OpenApiParameter concrete)
        {
            concrete.Schema = new OpenApiSchemaReference(CodeListAttribute.SchemaId(list));
        }
    }
}
