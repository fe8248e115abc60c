using System.Text.Json.Nodes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Vocabularies;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Matchmaker.Api.Webhooks;

// OpenAPI 3.0 has no webhooks section, so the events are documented as schemas: the message every delivery carries
// and the data of each event type, with an example each. Runs before the code-list filter, which then turns their
// code fields into the named enums.
public sealed class WebhookSchemasDocumentFilter : IDocumentFilter
{
    // The codes in the examples come from data/vocabularies.json like everywhere else.
    private static readonly string TaxBenefit = VocabularyCode.Of("instruments", nameof(TaxBenefit));
    private static readonly string Subsidy = VocabularyCode.Of("instruments", nameof(Subsidy));

    private static readonly string MatchNewExample =
        $$$"""
        {"type":"{{{WebhookEvents.MatchNew}}}","timestamp":"2026-11-26T12:00:00.000Z","data":{"profileId":"prf_3f2a9c1d5e7b8a60","profileName":"Bakkerij Jansen",
         "schemeId":"eia","scheme":{"id":"eia","title":{"nl":"EIA – Energie-investeringsaftrek","en":"EIA – Energy Investment Allowance"},
         "provider":"rvo","level":"{{{SchemeLevels.National}}}","instrument":"{{{TaxBenefit}}}","url":"https://www.rvo.nl/subsidies-financiering/eia"},
         "status":"{{{SchemeStatus.Open}}}","closingSoon":false,"eligibility":"{{{Eligibility.Maybe}}}","inCatalogue":true,"matchesUrl":"/v1/profiles/prf_3f2a9c1d5e7b8a60/matches"}}
        """;

    private static readonly (Type Type, string Example)[] Documented =
    [
        (typeof(WebhookMessage), MatchNewExample),
        (typeof(MatchEventData),
            $$$"""
            {"profileId":"prf_3f2a9c1d5e7b8a60","profileName":"Bakkerij Jansen","schemeId":"mit-haalbaarheid-noord",
             "scheme":{"id":"mit-haalbaarheid-noord","title":{"nl":"MIT Haalbaarheid Noord-Nederland","en":"MIT feasibility projects – Northern Netherlands"},
             "provider":"snn","level":"{{{SchemeLevels.Provincial}}}","instrument":"{{{Subsidy}}}","url":"https://lokaleregelgeving.overheid.nl/CVDR737949/1"},
             "status":"{{{SchemeStatus.Upcoming}}}","previousStatus":"{{{SchemeStatus.Expected}}}","closingSoon":false,"nextDeadline":"2027-09-14","eligibility":"{{{Eligibility.Maybe}}}","inCatalogue":true,
             "matchesUrl":"/v1/profiles/prf_3f2a9c1d5e7b8a60/matches"}
            """),
        (typeof(SchemeChangedEventData),
            $$$"""
            {"scheme":{"id":"wbso","title":{"nl":"WBSO – fiscale regeling voor speur- en ontwikkelingswerk","en":"WBSO – R&D tax credit"},
             "provider":"rvo","level":"{{{SchemeLevels.National}}}","instrument":"{{{TaxBenefit}}}","url":"https://www.rvo.nl/subsidies-financiering/wbso"},
             "version":4,"change":"updated"}
            """),
        (typeof(TestEventData),
            """
            {"subscriptionId":"sub_9c0ffee15ba5e000","message":"A test message from Matchmaker: your receiver is reachable and can verify the signature."}
            """),
    ];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var (type, example) in Documented)
        {
            context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
            if (context.SchemaRepository.Schemas.TryGetValue(OpenApi.SchemaIds.For(type), out var schema) && schema is OpenApiSchema concrete)
            {
                concrete.Example = JsonNode.Parse(example);
            }
        }

        // The message's data is one of the event data schemas (referral events bring their own).
        if (context.SchemaRepository.Schemas.TryGetValue(OpenApi.SchemaIds.For(typeof(WebhookMessage)), out var message)
            && message is OpenApiSchema { Properties: not null } body)
        {
            body.Properties["data"] = new OpenApiSchema
            {
                Description = "The event's data: MatchEventData for match.*, SchemeChangedEventData for scheme.changed, TestEventData for webhook.test; referral.* carry the referral.",
                AnyOf =
                [
                    new OpenApiSchemaReference(OpenApi.SchemaIds.For(typeof(MatchEventData)), swaggerDoc),
                    new OpenApiSchemaReference(OpenApi.SchemaIds.For(typeof(SchemeChangedEventData)), swaggerDoc),
                    new OpenApiSchemaReference(OpenApi.SchemaIds.For(typeof(TestEventData)), swaggerDoc),
                    new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The data of another event type (referral.received, referral.updated)." },
                ],
            };
        }
    }
}
