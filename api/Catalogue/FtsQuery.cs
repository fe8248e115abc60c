using System.Globalization;
using System.Text;

namespace Matchmaker.Api.Catalogue;

// Turns a user's words into the words of a keyword search, "all these word prefixes": every token is letters and digits
// only, so operators, quotes, NEAR(, :*, & and * in the input are inert (KeywordIndex looks them up in memory).
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

    // Diacritics off, as FTS5's remove_diacritics does: "één" finds "een", "café" finds "cafe". Scheme texts and query
    // tokens are folded alike.
    public static string Fold(string text)
    {
        // Plain ASCII has nothing to fold, and normalising every scheme text twice was much of a keyword index build.
        if (System.Text.Ascii.IsValid(text))
        {
            return text;
        }

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
