using Matchmaker.Api.Http;
using Microsoft.OpenApi;

namespace Matchmaker.Api.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddMatchmakerOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Matchmaker API",
                Version = ApiInfo.Version,
                Description =
                    "Matchmaker holds the catalogue of public support schemes for Dutch SMEs (EU, national, provincial, ROM and municipal: " +
                    "subsidies, loans, guarantees, tax benefits, vouchers, equity and advice) and ranks, with reasons, the schemes that fit a firm. " +
                    "Resource and field names are English, following the official English terms of business.gov.nl; scheme texts are Dutch and English. " +
                    "Errors are application/problem+json (RFC 9457); every response carries API-Version.",
                License = new OpenApiLicense { Name = "EUPL-1.2", Url = new Uri("https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12") },
                Contact = new OpenApiContact
                {
                    Name = "Matchmaker team",
                    Email = "api@matchmaker.dev",
                    Url = new Uri("https://matchmaker.dev/contact"),
                },
            });
            o.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key made with `dotnet run --project api -- apikeys create`. Roles: adviser (KVK lookups; saved profiles, webhooks and referrals with an organisation), publisher (writes for one provider; its referrals and webhooks), analyst (demand insights), admin (everything but referrals). Reading and anonymous matching need no key.",
            });
            o.SupportNonNullableReferenceTypes();
            o.CustomSchemaIds(SchemaIds.For);
            o.DocumentFilter<ConventionsDocumentFilter>();
            o.OperationFilter<ConventionsOperationFilter>();
            o.ParameterFilter<AllowedValuesParameterFilter>();
            o.ParameterFilter<CodeListParameterFilter>();
            o.DocumentFilter<Webhooks.WebhookSchemasDocumentFilter>();
            o.DocumentFilter<CodeListDocumentFilter>();
            o.OperationFilter<HttpContractOperationFilter>();
            o.SchemaFilter<RequiredFieldsSchemaFilter>();
        });
        return services;
    }

    public static WebApplication UseMatchmakerOpenApi(this WebApplication app)
    {
        // The document and Swagger UI are middleware, not endpoints: other methods get 405 here, not a 404.
        app.UseGetOnly(path => path == ApiInfo.MajorPath + "/openapi.json" || path.StartsWithSegments("/docs"));

        // Served without auth and open to any origin (ADR /core/publish-openapi).
        app.Use((context, next) =>
        {
            if (context.Request.Path == ApiInfo.MajorPath + "/openapi.json")
            {
                context.Response.Headers.AccessControlAllowOrigin = "*";
            }

            return next(context);
        });
        app.UseSwagger(o =>
        {
            o.RouteTemplate = "{documentName}/openapi.json";
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/" + DocumentName + "/openapi.json", "Matchmaker API v1");
            o.DocumentTitle = "Matchmaker API";
        });
        return app;
    }
}
