using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// Reads a match request field by field, so one answer can name every wrong type, range and code at once
// (a serializer stops at the first one).
public static partial class MatchRequestReader
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxLimit = 50;

    public const int MaxFacts = 50;
    public static readonly string[] Languages = ["nl", "en"];

    public static (MatchRequest? Request, List<InvalidParam> Problems) Read(JsonElement root)
    {
        var p = new List<InvalidParam>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            p.Add(new InvalidParam("body", "Must be a JSON object."));
            return (null, p);
        }

        string? kvk = null, language = null;
        DateOnly? asOf = null;
        int? limit = null;
        bool? includeIneligible = null;
        MatchCompany? company = null;
        MatchNeed? need = null;
        foreach (var property in root.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "kvkNumber": kvk = String(v, "kvkNumber", p); break;
                case "asOf": asOf = Date(v, "asOf", p); break;
                case "limit": limit = (int?)Integer(v, "limit", 1, MaxLimit, p); break;
                case "includeIneligible": includeIneligible = Boolean(v, "includeIneligible", p); break;
                case "language": language = String(v, "language", p); break;
                case "company": company = Company(v, p); break;
                case "need": need = Need(v, p); break;
                default: p.Add(Unknown(property.Name)); break;
            }
        }

        return (new MatchRequest(kvk, company, need, asOf, limit, includeIneligible, language), p);
    }

    // The checks that do not depend on JSON: the same for POST bodies and GET query keys (names mapped by the caller).
    public static void Validate(
        MatchRequest r, DateOnly today, IReadOnlyDictionary<string, MunicipalityInfo> municipalities, CodeLists codes, Func<string, string> name,
        List<InvalidParam> p)
    {
        string[] Codes(IReadOnlyList<VocabularyTerm> terms) => terms.Select(t => t.Code).ToArray();
        if (r.KvkNumber is null && r.Company is null && r.Need is null)
        {
            p.Add(new InvalidParam(name("body"), "Give at least one of kvkNumber, company and need."));
        }

        if (r.KvkNumber is { } kvk && !KvkNumber().IsMatch(kvk))
        {
            p.Add(new InvalidParam(name("kvkNumber"), "Must be a KVK number of 8 digits."));
        }

        if (r.Language is { } language)
        {
            OneOf(language, Languages, name("language"), p);
        }

        var asOf = r.AsOf ?? today;
        if (r.AsOf is { } a && (a.Year < 2000 || a.Year > 2100))
        {
            p.Add(new InvalidParam(name("asOf"), "Must be a date between 2000-01-01 and 2100-12-31."));
        }

        if (r.Company is { } c)
        {
            if (c.LegalForm is { } form)
            {
                OneOf(form, Codes(codes.Terms.LegalForms), name("company.legalForm"), p);
            }

            if (c.SbiCodes is { } sbi)
            {
                if (sbi.Count > 20)
                {
                    p.Add(new InvalidParam(name("company.sbiCodes"), "Give at most 20 SBI codes."));
                }

                for (var i = 0; i < sbi.Count; i++)
                {
                    if (!SbiCode().IsMatch(sbi[i]))
                    {
                        p.Add(new InvalidParam(name($"company.sbiCodes[{i}]"), "Must be an SBI 2008 code of 2 to 5 digits, dots allowed (e.g. 62.01)."));
                    }
                }
            }

            if (c.MunicipalityCode is { } code)
            {
                if (!MunicipalityCode().IsMatch(code))
                {
                    p.Add(new InvalidParam(name("company.municipalityCode"), "Must be a CBS municipality code: GM followed by four digits, e.g. GM0363."));
                }
                else if (!municipalities.ContainsKey(code))
                {
                    p.Add(new InvalidParam(name("company.municipalityCode"), $"{code} is not a municipality of 1 January 2025; see GET /v1/municipalities."));
                }
            }

            if (c.Postcode is { } postcode && !Postcode().IsMatch(postcode))
            {
                p.Add(new InvalidParam(name("company.postcode"), "Must be a Dutch postcode such as 5611 AB."));
            }

            foreach (var (fact, value) in c.Facts ?? new Dictionary<string, JsonElement>())
            {
                var field = name("company.facts." + fact);
                if (!codes.Facts.TryGetValue(fact, out var term))
                {
                    p.Add(new InvalidParam(field, "Unknown fact; must be one of: " + string.Join(", ", codes.Facts.Keys) + "."));
                }
                else if (term.Type == CodeLists.BooleanFact ? value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                         : value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
                {
                    p.Add(new InvalidParam(field, term.Type == CodeLists.BooleanFact ? "Must be true or false." : "Must be a whole number of at least 0."));
                }
            }

            if (c.FoundedOn is { } founded && (founded > asOf || founded.Year < 1800))
            {
                p.Add(new InvalidParam(name("company.foundedOn"), "Must be a date after 1800 and not after asOf."));
            }
        }

        if (r.Need is { } n)
        {
            if (n.Description is { } text)
            {
                if (text.Length > MaxDescriptionLength)
                {
                    p.Add(new InvalidParam(name("need.description"), $"Must be at most {MaxDescriptionLength} characters; it has {text.Length}."));
                }
                else if (text.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')))
                {
                    p.Add(new InvalidParam(name("need.description"), "Must not contain control characters."));
                }
            }

            for (var i = 0; i < (n.Themes?.Count ?? 0); i++)
            {
                OneOf(n.Themes![i], Codes(codes.Terms.Themes), name($"need.themes[{i}]"), p);
            }

            if (n.Phase is { } phase)
            {
                OneOf(phase, Codes(codes.Terms.Phases), name("need.phase"), p);
            }

            for (var i = 0; i < (n.Instruments?.Count ?? 0); i++)
            {
                OneOf(n.Instruments![i], Codes(codes.Terms.Instruments), name($"need.instruments[{i}]"), p);
            }

            for (var i = 0; i < (n.Purposes?.Count ?? 0); i++)
            {
                OneOf(n.Purposes![i], Codes(codes.Terms.Purposes), name($"need.purposes[{i}]"), p);
            }
        }
    }

    private static MatchCompany? Company(JsonElement v, List<InvalidParam> p)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            p.Add(new InvalidParam("company", "Must be an object."));
            return null;
        }

        var c = new MatchCompany();
        foreach (var property in v.EnumerateObject())
        {
            var f = "company." + property.Name;
            var x = property.Value;
            c = property.Name switch
            {
                "legalForm" => c with { LegalForm = String(x, f, p) },
                "sbiCodes" => c with { SbiCodes = StringArray(x, f, p) },
                "employees" => c with { Employees = (int?)Integer(x, f, 0, 10_000_000, p) },
                "annualTurnoverEur" => c with { AnnualTurnoverEur = Integer(x, f, 0, 1_000_000_000_000, p) },
                "balanceSheetTotalEur" => c with { BalanceSheetTotalEur = Integer(x, f, 0, 1_000_000_000_000, p) },
                "foundedOn" => c with { FoundedOn = Date(x, f, p) },
                "municipalityCode" => c with { MunicipalityCode = String(x, f, p) },
                "postcode" => c with { Postcode = String(x, f, p) },
                "facts" => c with { Facts = Facts(x, f, p) },
                _ => Add(c, p, Unknown(f)),
            };
        }

        return c;
    }

    private static MatchNeed? Need(JsonElement v, List<InvalidParam> p)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            p.Add(new InvalidParam("need", "Must be an object."));
            return null;
        }

        var n = new MatchNeed();
        foreach (var property in v.EnumerateObject())
        {
            var f = "need." + property.Name;
            var x = property.Value;
            n = property.Name switch
            {
                "description" => n with { Description = String(x, f, p) },
                "themes" => n with { Themes = StringArray(x, f, p) },
                "phase" => n with { Phase = String(x, f, p) },
                "instruments" => n with { Instruments = StringArray(x, f, p) },
                "projectBudgetEur" => n with { ProjectBudgetEur = Integer(x, f, 0, 1_000_000_000_000, p) },
                "purposes" => n with { Purposes = StringArray(x, f, p) },
                _ => Add(n, p, Unknown(f)),
            };
        }

        return n;
    }

    // Values are checked against the facts vocabulary in Validate; here only the shape.
    private static Dictionary<string, JsonElement>? Facts(JsonElement v, string name, List<InvalidParam> p)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            p.Add(new InvalidParam(name, "Must be an object of fact codes and answers."));
            return null;
        }

        var facts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in v.EnumerateObject())
        {
            if (facts.Count >= MaxFacts)
            {
                p.Add(new InvalidParam(name, $"Has too many facts (at most {MaxFacts})."));
                break;
            }

            if (property.Value.ValueKind != JsonValueKind.Null)
            {
                facts[property.Name.Length > 80 ? property.Name[..80] : property.Name] = property.Value.Clone();
            }
        }

        return facts;
    }

    private static T Add<T>(T value, List<InvalidParam> p, InvalidParam problem)
    {
        p.Add(problem);
        return value;
    }

    private static InvalidParam Unknown(string name) =>
        new(name.Length > 80 ? name[..80] : name, "Unknown field; see the MatchRequest schema in the OpenAPI document.");

    private static string? String(JsonElement v, string name, List<InvalidParam> p)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            p.Add(new InvalidParam(name, "Must be a string."));
            return null;
        }

        var s = v.GetString()!;
        if (s.Length > 10_000)
        {
            p.Add(new InvalidParam(name, "Is far too long."));
            return null;
        }

        return s;
    }

    private static List<string>? StringArray(JsonElement v, string name, List<InvalidParam> p)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            p.Add(new InvalidParam(name, "Must be an array of strings."));
            return null;
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (i >= 50)
            {
                p.Add(new InvalidParam(name, "Has too many items (at most 50)."));
                break;
            }

            if (item.ValueKind == JsonValueKind.Null)
            {
                p.Add(new InvalidParam($"{name}[{i}]", "Must not be null; leave the item out."));
            }
            else if (String(item, $"{name}[{i}]", p) is { } s)
            {
                list.Add(s);
            }

            i++;
        }

        return list;
    }

    private static long? Integer(JsonElement v, string name, long min, long max, List<InvalidParam> p)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            p.Add(new InvalidParam(name, "Must be a whole number."));
            return null;
        }

        if (n < min || n > max)
        {
            p.Add(new InvalidParam(name, $"Must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}."));
            return null;
        }

        return n;
    }

    private static bool? Boolean(JsonElement v, string name, List<InvalidParam> p)
    {
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        if (v.ValueKind != JsonValueKind.Null)
        {
            p.Add(new InvalidParam(name, "Must be true or false."));
        }

        return null;
    }

    private static DateOnly? Date(JsonElement v, string name, List<InvalidParam> p)
    {
        if (String(v, name, p) is not { } s)
        {
            return null;
        }

        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        p.Add(new InvalidParam(name, "Must be a date as yyyy-MM-dd."));
        return null;
    }

    private static void OneOf(string value, string[] allowed, string name, List<InvalidParam> p)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            p.Add(new InvalidParam(name, "Must be one of: " + string.Join(", ", allowed) + "."));
        }
    }

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex KvkNumber();

    [GeneratedRegex(@"^[0-9]{2}(\.?[0-9]){0,3}$")]
    private static partial Regex SbiCode();

    [GeneratedRegex("^GM[0-9]{4}$")]
    private static partial Regex MunicipalityCode();

    [GeneratedRegex("^[1-9][0-9]{3} ?[A-Za-z]{2}$")]
    private static partial Regex Postcode();
}
