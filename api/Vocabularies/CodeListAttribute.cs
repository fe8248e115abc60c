namespace Matchmaker.Api.Vocabularies;

// Marks a string (or a list of strings) whose values come from one list in data/vocabularies.json. Query validation
// checks it against that list and the OpenAPI document refers to the list's one enum component.
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CodeListAttribute(string list) : Attribute
{
    public string List { get; } = list;

    // "size-classes" -> "SizeClass", "statuses" -> "Status", "purposes" -> "Purpose", "eligibilities" -> "Eligibility",
    // "criteria" -> "Criterion".
    public static string SchemaId(string list)
    {
        var singular = list.EndsWith("sses", StringComparison.Ordinal) || list.EndsWith("tuses", StringComparison.Ordinal) ? list[..^2]
            : list.EndsWith("ies", StringComparison.Ordinal) ? list[..^3] + "y"
            : list.EndsWith("ia", StringComparison.Ordinal) ? list[..^1] + "on"
            : list[..^1];
        return string.Concat(singular.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
