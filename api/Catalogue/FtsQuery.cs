using System.Globalization;
using System.Text;

namespace Matchmaker.Api.Catalogue;

// Turns a user's words into a full-text query that can only ever mean "all these word prefixes": every token is letters
// and digits only, so operators, quotes, NEAR(, :*, & and * in the input are inert. The same tokens make an FTS5 query
// (SQLite) and a tsquery (PostgreSQL).
public static class FtsQuery
{
    public const int MaxTerms = 12;

    public static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in Fold(text))
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

    // FTS5: "token"* AND "token"*
    public static string? Build(string text)
    {
        var tokens = Tokens(text);
        return tokens.Count == 0 ? null : string.Join(" AND ", tokens.Select(t => "\"" + t + "\"*"));
    }

    // tsquery: 'token':* & 'token':*
    public static string? BuildTsQuery(string text)
    {
        var tokens = Tokens(text);
        return tokens.Count == 0 ? null : string.Join(" & ", tokens.Select(t => "'" + t + "':*"));
    }

    // Diacritics off, as FTS5's remove_diacritics does: "één" finds "een", "café" finds "cafe". Stored texts and query
    // tokens are folded alike, so both databases compare the same letters.
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
