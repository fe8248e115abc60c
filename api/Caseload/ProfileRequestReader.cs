using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Caseload;

// What a valid profile body holds: its name, and the match request (kvkNumber, company, need) as JSON to store.
public sealed record ProfileInput(string Name, JsonObject Request);

// A profile is a name plus the firm and need of a match request, so the firm and need are validated exactly as a match
// is (data/match-request.schema.json and its rules), under the same field names; every problem is listed at once.
public sealed class ProfileRequestReader(MatchRequestValidator validator, CatalogueSnapshotProvider snapshots, TimeProvider time)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxNameLength = 200;

    private static readonly string[] RequestFields = ["kvkNumber", "company", "need"];

    public (ProfileInput? Input, List<InvalidParam> Problems) Read(JsonObject body)
    {
        var problems = new List<InvalidParam>();
        string? name = null;
        var request = new JsonObject();
        foreach (var (field, value) in body)
        {
            if (field == "name")
            {
                name = Name(value, problems);
            }
            else if (RequestFields.Contains(field, StringComparer.Ordinal))
            {
                if (value is not null)
                {
                    request[field] = value.DeepClone();
                }
            }
            else
            {
                problems.Add(new InvalidParam(field, "Unknown field; a saved profile has name, kvkNumber, company and need."));
            }
        }

        if (!body.ContainsKey("name"))
        {
            problems.Add(new InvalidParam("name", "Required: your name for the firm or the case."));
        }

        var (_, matchProblems) = validator.Validate(request, time.TodayInAmsterdam(), snapshots.Current.Municipalities);
        problems.AddRange(matchProblems);
        return problems.Count == 0 ? (new ProfileInput(name!, request), problems) : (null, problems);
    }

    private static string? Name(JsonNode? value, List<InvalidParam> problems)
    {
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            problems.Add(new InvalidParam("name", "Must be a string."));
            return null;
        }

        var text = v.GetValue<string>().Trim();
        if (text.Length == 0 || text.Length > MaxNameLength)
        {
            problems.Add(new InvalidParam("name", $"Must be 1 to {MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters long."));
            return null;
        }

        if (text.Any(char.IsControl))
        {
            problems.Add(new InvalidParam("name", "Must not contain control characters."));
            return null;
        }

        return text;
    }
}
