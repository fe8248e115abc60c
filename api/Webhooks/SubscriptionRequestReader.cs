using System.Text.Json;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Webhooks;

// What a valid POST /subscriptions holds.
public sealed record SubscriptionInput(string Url, IReadOnlyList<string> Events, IReadOnlyList<string>? ProfileIds);

// Reads a subscription field by field, so one answer names every problem at once. Whether the URL may be used and the
// profiles exist is checked after this, by the service.
public static class SubscriptionRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxProfileIds = 1000;

    public static (SubscriptionInput? Input, List<InvalidParam> Problems) Read(JsonElement root, CodeLists codes)
    {
        var problems = new List<InvalidParam>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new InvalidParam("body", "Must be a JSON object with url, events and, optionally, profileIds."));
            return (null, problems);
        }

        string? url = null;
        List<string>? events = null;
        List<string>? profileIds = null;
        var known = codes.ByName[WebhookEvents.Vocabulary].Select(t => t.Code).ToList();
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "url":
                    if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } text)
                    {
                        url = text.Trim();
                    }
                    else
                    {
                        problems.Add(new InvalidParam("url", "Must be the receiver's https URL, as a string."));
                    }

                    break;
                case "events":
                    events = Strings(property.Value, "events", problems, 1, known.Count);
                    foreach (var (code, i) in (events ?? []).Select((c, i) => (c, i)))
                    {
                        if (!known.Contains(code, StringComparer.Ordinal))
                        {
                            problems.Add(new InvalidParam($"events[{i}]", $"Must be one of: {string.Join(", ", known)}."));
                        }
                    }

                    break;
                case "profileIds":
                    profileIds = property.Value.ValueKind == JsonValueKind.Null ? null : Strings(property.Value, "profileIds", problems, 1, MaxProfileIds);
                    break;
                default:
                    problems.Add(new InvalidParam(property.Name, "Unknown field; a subscription has url, events and profileIds."));
                    break;
            }
        }

        if (url is null && !problems.Any(p => p.Name == "url"))
        {
            problems.Add(new InvalidParam("url", "Required: the receiver's https URL."));
        }

        if (events is null && !problems.Any(p => p.Name.StartsWith("events", StringComparison.Ordinal)))
        {
            problems.Add(new InvalidParam("events", "Required: the event types to send (GET /v1/vocabularies/webhook-events)."));
        }

        return problems.Count == 0 ? (new SubscriptionInput(url!, events!, profileIds), problems) : (null, problems);
    }

    // A list of distinct, non-empty strings of at most 100 characters each.
    private static List<string>? Strings(JsonElement value, string name, List<InvalidParam> problems, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new InvalidParam(name, "Must be a list of strings."));
            return null;
        }

        var items = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 and <= 100 } text)
            {
                problems.Add(new InvalidParam($"{name}[{i}]", "Must be a non-empty string of at most 100 characters."));
            }
            else if (items.Contains(text, StringComparer.Ordinal))
            {
                problems.Add(new InvalidParam($"{name}[{i}]", "Occurs more than once in this list."));
            }
            else
            {
                items.Add(text);
            }

            i++;
        }

        if (i < min || i > max)
        {
            problems.Add(new InvalidParam(name, $"Must list {min} to {max} items."));
        }

        return items;
    }
}
