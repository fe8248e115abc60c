using System.Text;

namespace Matchmaker.Api.Catalogue;

// Turns a user's words into an FTS5 query that can only ever mean "all these word prefixes":
// every token is letters and digits only and is quoted, so operators, quotes, NEAR( and * in the input are inert.
public static class FtsQuery
{
    public const int MaxTerms = 12;

    public static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens.Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
    }

    public static string? Build(string text)
    {
        var tokens = Tokens(text);
        return tokens.Count == 0 ? null : string.Join(" AND ", tokens.Select(t => "\"" + t + "\"*"));
    }
}
