using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Http;

public sealed record QueryRule(
    string Name,
    Type Type,
    RangeAttribute? Range,
    AllowedValuesAttribute? AllowedValues,
    RegularExpressionAttribute? Pattern,
    int? MaxLength,
    int? MinLength = null,
    string? CodeList = null);

// The query keys an endpoint accepts and their rules, read once from its [AsParameters] record.
public sealed class QueryRules(IReadOnlyList<QueryRule> rules)
{
    public static readonly QueryRules None = new([]);

    public IReadOnlyList<QueryRule> Rules { get; } = rules;

    public static QueryRules For<T>() => new(typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>() is not null
                    || IsSimple(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
        .Select(p => new QueryRule(
            p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
            Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType,
            p.GetCustomAttribute<RangeAttribute>(),
            p.GetCustomAttribute<AllowedValuesAttribute>(),
            p.GetCustomAttribute<RegularExpressionAttribute>(),
            p.GetCustomAttribute<MaxLengthAttribute>()?.Length,
            p.GetCustomAttribute<MinLengthAttribute>()?.Length,
            p.GetCustomAttribute<CodeListAttribute>()?.List))
        .ToList());

    private static bool IsSimple(Type t) =>
        t == typeof(string) || t == typeof(int) || t == typeof(bool) || t == typeof(DateOnly) || t == typeof(long);
}

public static class QueryValidation
{
    public static RouteHandlerBuilder WithQueryRules<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(QueryRules.For<T>());

    // Runs after routing and before binding, so one 400 can name every bad or unknown query key at once.
    public static WebApplication UseQueryValidation(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is RouteEndpoint endpoint
                && endpoint.RoutePattern.RawText?.StartsWith(ApiInfo.MajorPath, StringComparison.Ordinal) == true)
            {
                var rules = endpoint.Metadata.GetMetadata<QueryRules>() ?? QueryRules.None;
                var problems = Validate(context.Request.Query, rules, context.RequestServices.GetRequiredService<CodeLists>());
                if (problems.Count > 0)
                {
                    await ApiProblems.InvalidParams(problems).ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    public static List<InvalidParam> Validate(IQueryCollection query, QueryRules rules, CodeLists codes)
    {
        var problems = new List<InvalidParam>();
        foreach (var (key, values) in query)
        {
            var rule = rules.Rules.FirstOrDefault(r => string.Equals(r.Name, key, StringComparison.Ordinal));
            if (rule is null)
            {
                var known = rules.Rules.Count == 0 ? "this operation takes no query parameters" : "known: " + string.Join(", ", rules.Rules.Select(r => r.Name));
                problems.Add(new InvalidParam(Printable(key), $"Unknown query parameter ({known})."));
                continue;
            }

            if (values.Count > 1)
            {
                problems.Add(new InvalidParam(key, "Give this parameter once."));
                continue;
            }

            var reason = Check(rule, values[0] ?? string.Empty, codes);
            if (reason is not null)
            {
                problems.Add(new InvalidParam(key, reason));
            }
        }

        return problems;
    }

    private static string? Check(QueryRule rule, string value, CodeLists codes)
    {
        if (value.Length == 0)
        {
            return "Must not be empty.";
        }

        if (value.Contains('\0', StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            return "Must not contain control characters.";
        }

        if (rule.MaxLength is { } max && value.Length > max)
        {
            return $"Must be at most {max} characters long.";
        }

        if (rule.MinLength is { } min && value.Length < min)
        {
            return $"Must be at least {min} characters long.";
        }

        if (rule.Type == typeof(int) || rule.Type == typeof(long))
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return "Must be a whole number.";
            }

            if (rule.Range is { } range
                && (number < Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture) || number > Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture)))
            {
                return $"Must be between {range.Minimum} and {range.Maximum}.";
            }

            return rule.Type == typeof(int) && number is < int.MinValue or > int.MaxValue ? "Number is too large." : null;
        }

        if (rule.Type == typeof(bool))
        {
            return value is "true" or "false" ? null : "Must be true or false.";
        }

        if (rule.Type == typeof(DateOnly))
        {
            return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null
                : "Must be a date as yyyy-MM-dd.";
        }

        if (rule.CodeList is { } list)
        {
            var terms = codes.ByName[list];
            return terms.Any(t => t.Code == value) ? null : "Must be one of: " + string.Join(", ", terms.Select(t => t.Code)) + $" (see /v1/vocabularies/{list}).";
        }

        if (rule.AllowedValues is { } allowed && !allowed.Values.Contains(value))
        {
            return "Must be one of: " + string.Join(", ", allowed.Values) + ".";
        }

        if (rule.Pattern is { } pattern && !pattern.IsValid(value))
        {
            return pattern.ErrorMessage ?? $"Must match {pattern.Pattern}.";
        }

        return null;
    }

    private static string Printable(string key) =>
        key.Length > 50 || key.Any(char.IsControl) ? new string(key.Take(50).Where(c => !char.IsControl(c)).ToArray()) : key;
}
