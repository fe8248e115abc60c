using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;

namespace Matchmaker.Api.Referrals;

// Reads referral bodies field by field, so one answer names every problem at once.
public static partial class ReferralRequestReader
{
    public const int MaxBodyBytes = 32 * 1024;
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 30;
    public const int MaxMessageLength = 2000;

    private static readonly string[] Fields = ["schemeId", "profileId", "kvkNumber", "companyName", "company", "contact", "consent", "message"];
    private static readonly string[] ContactFields = ["name", "email", "phone"];
    private static readonly string[] EventFields = ["status", "outcome", "note"];

    // The company object is returned as it was sent (also when other fields have problems): the match request's rules
    // check it (ReferralService), so its problems are listed with the others.
    public static (ReferralInput? Input, JsonObject? Company, List<InvalidParam> Problems) Read(JsonElement root)
    {
        var problems = new List<InvalidParam>();
        var fields = Properties(root, "", Fields, "a referral has schemeId, contact, consent, message and optionally profileId, or kvkNumber, companyName and company", problems);
        if (fields is null)
        {
            return (null, null, problems);
        }

        var schemeId = Required(fields, "schemeId", "Required: the id of the scheme the firm is referred for.", problems) is { } id
            ? Code(id, "schemeId", problems)
            : null;
        var kvkNumber = Optional(fields, "kvkNumber") is { } kvk ? Kvk(kvk, problems) : null;
        var companyName = Optional(fields, "companyName") is { } name ? Text(name, "companyName", MaxNameLength, newlines: false, problems) : null;
        JsonObject? company = null;
        if (Optional(fields, "company") is { } c)
        {
            if (c.ValueKind == JsonValueKind.Object)
            {
                company = JsonNode.Parse(c.GetRawText())!.AsObject();
            }
            else
            {
                problems.Add(new InvalidParam("company", "Must be an object with the firm's facts, as company in a match request."));
            }
        }

        // A saved profile brings the firm's facts itself; the two together would leave it unclear which ones count.
        var profileId = Optional(fields, "profileId") is { } p ? Text(p, "profileId", MaxNameLength, newlines: false, problems) : null;
        if (profileId is not null && (kvkNumber is not null || companyName is not null || company is not null))
        {
            problems.Add(new InvalidParam("profileId", "Give either profileId (a saved profile of your organisation) or the firm's facts (kvkNumber, companyName, company), not both."));
        }

        Consent(fields, problems);
        var message = Required(fields, "message", "Required: say what the firm needs, for the provider.", problems) is { } m
            ? Text(m, "message", MaxMessageLength, newlines: true, problems)
            : null;
        var (contactName, email, phone) = Contact(fields, problems);

        return problems.Count == 0
            ? (new ReferralInput(schemeId!, kvkNumber, companyName, null, contactName!, email!, phone, message!, profileId), company, problems)
            : (null, company, problems);
    }

    public static (ReferralEventInput? Input, List<InvalidParam> Problems) ReadEvent(JsonElement root, IReadOnlyList<string> statuses, IReadOnlyList<string> outcomes)
    {
        var problems = new List<InvalidParam>();
        var fields = Properties(root, "", EventFields, "an event has status, outcome and note", problems);
        if (fields is null)
        {
            return (null, problems);
        }

        var status = Optional(fields, "status") is { } s ? Listed(s, "status", statuses, "referral-statuses", problems) : null;
        var outcome = Optional(fields, "outcome") is { } o ? Listed(o, "outcome", outcomes, "referral-outcomes", problems) : null;
        var note = Optional(fields, "note") is { } n ? Text(n, "note", MaxMessageLength, newlines: true, problems) : null;
        if (!fields.ContainsKey("status") && !fields.ContainsKey("note") && problems.Count == 0)
        {
            problems.Add(new InvalidParam("body", "Give a status to move to, a note, or both."));
        }

        if (status == ReferralStatus.Closed && !fields.ContainsKey("outcome") && !problems.Any(p => p.Name == "status"))
        {
            problems.Add(new InvalidParam("outcome", "Required when closing: say what came of the referral (see /v1/vocabularies/referral-outcomes)."));
        }

        if (outcome is not null && status is not null && status != ReferralStatus.Closed)
        {
            problems.Add(new InvalidParam("outcome", "Only give an outcome when closing (status closed)."));
        }
        else if (outcome is not null && !fields.ContainsKey("status"))
        {
            problems.Add(new InvalidParam("outcome", "An outcome goes with closing: give status closed as well."));
        }

        return problems.Count == 0 ? (new ReferralEventInput(status, outcome, note), problems) : (null, problems);
    }

    public static (bool? Accepts, List<InvalidParam> Problems) ReadSettings(JsonElement root)
    {
        var problems = new List<InvalidParam>();
        var fields = Properties(root, "", ["accepts"], "the settings have only accepts", problems);
        if (fields is null)
        {
            return (null, problems);
        }

        bool? accepts = null;
        if (Required(fields, "accepts", "Required: true or false.", problems) is { } value)
        {
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                accepts = value.GetBoolean();
            }
            else
            {
                problems.Add(new InvalidParam("accepts", "Must be true or false."));
            }
        }

        return problems.Count == 0 ? (accepts, problems) : (null, problems);
    }

    // The object's properties by name (null values dropped), or null when it is no object; unknown and repeated names are problems.
    private static Dictionary<string, JsonElement>? Properties(
        JsonElement value, string prefix, string[] known, string shape, List<InvalidParam> problems)
    {
        var where = prefix.Length == 0 ? "body" : prefix.TrimEnd('.');
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new InvalidParam(where, $"Must be a JSON object: {shape}."));
            return null;
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var name = PlainText.Name(property);
            if (name is null)
            {
                problems.Add(new InvalidParam(where, "Field names must be valid Unicode text."));
                continue;
            }

            if (!known.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(new InvalidParam(prefix + PlainText.Printable(name), $"Unknown field; {shape}."));
                continue;
            }

            if (!fields.TryAdd(name, property.Value))
            {
                problems.Add(new InvalidParam(prefix + name, "Give this field once."));
            }
        }

        foreach (var name in fields.Where(f => f.Value.ValueKind == JsonValueKind.Null).Select(f => f.Key).ToList())
        {
            fields.Remove(name);
        }

        return fields;
    }

    private static JsonElement? Optional(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : null;

    private static JsonElement? Required(Dictionary<string, JsonElement> fields, string name, string reason, List<InvalidParam> problems, string prefix = "")
    {
        if (fields.TryGetValue(name, out var value))
        {
            return value;
        }

        problems.Add(new InvalidParam(prefix + name, reason));
        return null;
    }

    // The firm must have agreed, in so many words: only true will do.
    private static void Consent(Dictionary<string, JsonElement> fields, List<InvalidParam> problems)
    {
        if (!fields.TryGetValue("consent", out var consent))
        {
            problems.Add(new InvalidParam("consent", "Required: true, once the firm has given its explicit consent for its details to go to the scheme's provider."));
        }
        else if (consent.ValueKind != JsonValueKind.True)
        {
            problems.Add(new InvalidParam("consent",
                "Must be true: a referral needs the firm's explicit consent to pass its details to the scheme's provider."));
        }
    }

    private static (string? Name, string? Email, string? Phone) Contact(Dictionary<string, JsonElement> fields, List<InvalidParam> problems)
    {
        if (Required(fields, "contact", "Required: the firm's contact person, { \"name\", \"email\", \"phone\"? }.", problems) is not { } contact)
        {
            return (null, null, null);
        }

        var parts = Properties(contact, "contact.", ContactFields, "contact has name, email and optionally phone", problems);
        if (parts is null)
        {
            return (null, null, null);
        }

        var name = Required(parts, "name", "Required: the contact person's name.", problems, "contact.") is { } n
            ? Text(n, "contact.name", MaxNameLength, newlines: false, problems)
            : null;
        var email = Required(parts, "email", "Required: the contact person's e-mail address.", problems, "contact.") is { } e
            ? Email(e, problems)
            : null;
        var phone = Optional(parts, "phone") is { } p ? Phone(p, problems) : null;
        return (name, email, phone);
    }

    private static string? Text(JsonElement value, string field, int maxLength, bool newlines, List<InvalidParam> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new InvalidParam(field, "Must be a string of text."));
            return null;
        }

        var raw = PlainText.Read(value);
        var text = raw is null ? null : (newlines ? PlainText.NormaliseNewlines(raw) : raw).Trim();
        var reason = text is null ? PlainText.InvalidUnicode : PlainText.Problem(text, maxLength, newlines, "Must not be empty or only white space.");
        if (reason is not null)
        {
            problems.Add(new InvalidParam(field, reason));
            return null;
        }

        return text;
    }

    private static string? Email(JsonElement value, List<InvalidParam> problems)
    {
        var text = Text(value, "contact.email", MaxEmailLength, newlines: false, problems);
        if (text is not null && !EmailShape().IsMatch(text))
        {
            problems.Add(new InvalidParam("contact.email", "Must be an e-mail address such as naam@bedrijf.nl."));
            return null;
        }

        return text;
    }

    private static string? Phone(JsonElement value, List<InvalidParam> problems)
    {
        var text = Text(value, "contact.phone", MaxPhoneLength, newlines: false, problems);
        if (text is not null && !PhoneShape().IsMatch(text))
        {
            problems.Add(new InvalidParam("contact.phone", "Must be a phone number of 6 to 30 characters: digits, spaces, +, - and parentheses, e.g. +31 40 123 4567."));
            return null;
        }

        return text;
    }

    private static string? Kvk(JsonElement value, List<InvalidParam> problems)
    {
        if (value.ValueKind != JsonValueKind.String || PlainText.Read(value) is not { } text || !KvkShape().IsMatch(text))
        {
            problems.Add(new InvalidParam("kvkNumber", "Must be a KVK number of 8 digits, as a string."));
            return null;
        }

        return text;
    }

    private static string? Code(JsonElement value, string field, List<InvalidParam> problems)
    {
        if (value.ValueKind != JsonValueKind.String || PlainText.Read(value) is not { Length: <= 100 } text || !CodeShape().IsMatch(text))
        {
            problems.Add(new InvalidParam(field, "Must be a scheme id in lower kebab-case, e.g. wbso."));
            return null;
        }

        return text;
    }

    private static string? Listed(JsonElement value, string field, IReadOnlyList<string> codes, string list, List<InvalidParam> problems)
    {
        var text = value.ValueKind == JsonValueKind.String ? PlainText.Read(value) : null;
        if (text is null || !codes.Contains(text, StringComparer.Ordinal))
        {
            problems.Add(new InvalidParam(field, $"Must be one of: {string.Join(", ", codes)} (see /v1/vocabularies/{list})."));
            return null;
        }

        return text;
    }

    // The shape of an address, no more: one @, no spaces, a dot in the domain. Whether it exists is for the provider to find out.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9(][0-9 ()\-]{4,28}[0-9]$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PhoneShape();

    [GeneratedRegex("^[0-9]{8}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex KvkShape();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CodeShape();
}
