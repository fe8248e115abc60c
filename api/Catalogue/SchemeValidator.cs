using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;

namespace Matchmaker.Api.Catalogue;

// One set of rules for data files, write bodies and imports: the JSON Schema in data/ first (types, enums, formats),
// then the rules a schema cannot express (references, ranges, dates). Every problem is reported, not just the first.
public sealed class SchemeValidator
{
    private readonly EvaluationOptions _options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly JsonSchema _scheme;

    public SchemeValidator(string dataPath)
    {
        var catalogue = JsonSchema.FromFile(Path.Combine(dataPath, "catalogue.schema.json"));
        _options.SchemaRegistry.Register(catalogue);
        _scheme = JsonSchema.FromText("{ \"$ref\": \"" + catalogue.GetId() + "#/$defs/scheme\" }");
    }

    public sealed record Context(IReadOnlySet<string> Providers, IReadOnlySet<string> AreaCodes);

    public (SchemeDocument? Scheme, List<InvalidParam> Problems) Validate(JsonNode? node, Context context, string prefix = "")
    {
        var problems = JsonBody.OversizedNumbers(node).Select(p => new InvalidParam(Name(prefix, p), "Is a number far too large for this field.")).ToList();
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var result = _scheme.Evaluate(node, _options);
        if (!result.IsValid)
        {
            foreach (var detail in result.Details.Where(d => d.Errors is { Count: > 0 }))
            {
                foreach (var (keyword, message) in detail.Errors!)
                {
                    // "$ref" and "allOf" only repeat what the nested results already say.
                    if (keyword is not ("$ref" or "allOf"))
                    {
                        problems.Add(new InvalidParam(Name(prefix, detail.InstanceLocation.ToString()), message));
                    }
                }
            }

            return (null, problems.DistinctBy(p => (p.Name, p.Reason)).ToList());
        }

        SchemeDocument scheme;
        try
        {
            scheme = node.Deserialize<SchemeDocument>(CatalogueJson.SharingOptions)!;
        }
        catch (JsonException ex)
        {
            // The schema allows it but the field cannot hold it, e.g. an amount beyond a whole-euro 64-bit number.
            var field = (ex.Path ?? "$").TrimStart('$').Replace('.', '/');
            return (null, [new InvalidParam(Name(prefix, field), "The value does not fit this field (for example a number that is too large).")]);
        }

        void Add(string field, string reason) => problems.Add(new InvalidParam(Name(prefix, field), reason));

        if (!context.Providers.Contains(scheme.Provider))
        {
            Add("/provider", $"There is no provider '{scheme.Provider}'; see GET /v1/providers.");
        }

        for (var i = 0; i < scheme.Areas.Count; i++)
        {
            if (!context.AreaCodes.Contains(scheme.Areas[i]))
            {
                Add($"/areas/{i}", $"'{scheme.Areas[i]}' is not NL, a province PV20-PV31 or a municipality of 1 January 2025.");
            }
        }

        var e = scheme.Eligibility;
        if (e?.MinEmployees > e?.MaxEmployees)
        {
            Add("/eligibility/minEmployees", "Must not be above maxEmployees.");
        }

        if (e?.MinCompanyAgeYears > e?.MaxCompanyAgeYears)
        {
            Add("/eligibility/minCompanyAgeYears", "Must not be above maxCompanyAgeYears.");
        }

        if (scheme.Funding?.MinAmountEur > scheme.Funding?.MaxAmountEur)
        {
            Add("/funding/minAmountEur", "Must not be above maxAmountEur.");
        }

        var windows = scheme.ApplicationWindows ?? [];
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].OpensOn > windows[i].ClosesOn)
            {
                Add($"/applicationWindows/{i}/opensOn", "Must not be after closesOn.");
            }
        }

        if (scheme.LastVerifiedOn.Year < 2000)
        {
            Add("/lastVerifiedOn", "Must be a real date on which a person checked the facts.");
        }

        return (problems.Count == 0 ? scheme : null, problems);
    }

    // JSON pointer to the names clients see: "/eligibility/maxEmployees" -> "eligibility.maxEmployees", "/themes/0" -> "themes[0]".
    private static string Name(string prefix, string pointer)
    {
        var name = prefix;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var unescaped = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            name += int.TryParse(unescaped, out _) ? $"[{unescaped}]" : (name.Length == 0 ? unescaped : "." + unescaped);
        }

        return name.Length == 0 ? "body" : name;
    }
}
