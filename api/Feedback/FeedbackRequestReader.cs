using System.Text.Json;
using System.Text.RegularExpressions;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;

namespace Matchmaker.Api.Feedback;

// Reads a report field by field, so one answer names every problem at once.
public static partial class FeedbackRequestReader
{
    public const int MaxMessageLength = 1000;
    public const int MaxFieldLength = 100;
    // 1,000 characters written as JSON escapes (\uXXXX is six bytes each) still fit.
    public const int MaxBodyBytes = 16 * 1024;
    public const string FieldPattern = @"^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*|\[[0-9]{1,4}\])*$";

    // The top-level fields of a scheme as reads return it; a report's field must start with one of them.
    public static readonly IReadOnlyList<string> SchemeFields = typeof(SchemeResponse).GetProperties()
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .ToList();

    public static (FeedbackInput? Input, List<InvalidParam> Problems) Read(JsonElement root)
    {
        var problems = new List<InvalidParam>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new InvalidParam("body", "Must be a JSON object with message and, optionally, field."));
            return (null, problems);
        }

        string? message = null, field = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var messageGiven = false;
        foreach (var property in root.EnumerateObject())
        {
            var name = PlainText.Name(property);
            if (name is null)
            {
                problems.Add(new InvalidParam("body", "Field names must be valid Unicode text."));
                continue;
            }

            if (!seen.Add(name))
            {
                problems.Add(new InvalidParam(PlainText.Printable(name), "Give this field once."));
                continue;
            }

            switch (name)
            {
                case "message":
                    messageGiven = true;
                    message = Message(property.Value, problems);
                    break;
                case "field":
                    field = Field(property.Value, problems);
                    break;
                default:
                    problems.Add(new InvalidParam(PlainText.Printable(name), "Unknown field; a report has only message and field."));
                    break;
            }
        }

        if (!messageGiven)
        {
            problems.Add(new InvalidParam("message", "Required: say what is wrong in the record."));
        }

        return problems.Count == 0 ? (new FeedbackInput(message!, field), problems) : (null, problems);
    }

    private static string? Message(JsonElement value, List<InvalidParam> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new InvalidParam("message", "Must be a string of text."));
            return null;
        }

        var raw = PlainText.Read(value);
        var text = raw is null ? null : PlainText.NormaliseNewlines(raw).Trim();
        var reason = text is null ? PlainText.InvalidUnicode : PlainText.Problem(text, MaxMessageLength, allowNewlines: true, "Must not be empty or only white space.");
        if (reason is not null)
        {
            problems.Add(new InvalidParam("message", reason));
            return null;
        }

        return text;
    }

    private static string? Field(JsonElement value, List<InvalidParam> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new InvalidParam("field", "Must be a string, the name of a scheme field."));
            return null;
        }

        var text = PlainText.Read(value)?.Trim();
        var reason = text is null ? PlainText.InvalidUnicode : FieldProblem(text);
        if (reason is not null)
        {
            problems.Add(new InvalidParam("field", reason));
            return null;
        }

        return text;
    }

    private static string? FieldProblem(string text)
    {
        if (PlainText.Problem(text, MaxFieldLength, allowNewlines: false, "Must not be empty; leave field out when you do not know it.") is { } reason)
        {
            return reason;
        }

        if (!FieldPath().IsMatch(text))
        {
            return "Must be a field name as in GET /schemes/{id}, e.g. funding, title.nl or applicationWindows[0].closesOn.";
        }

        var end = text.IndexOfAny(['.', '[']);
        return SchemeFields.Contains(end >= 0 ? text[..end] : text, StringComparer.Ordinal)
            ? null
            : "Must start with a field of a scheme: " + string.Join(", ", SchemeFields) + ".";
    }

    [GeneratedRegex(FieldPattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FieldPath();
}
