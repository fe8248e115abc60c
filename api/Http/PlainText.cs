using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Matchmaker.Api.Http;

// The checks every free-text field of a body shares (feedback, referrals): valid Unicode, no control characters
// (newlines only where a field allows them), a length counted in characters, not UTF-16 units.
public static class PlainText
{
    public const string InvalidUnicode = "Must be valid Unicode text.";

    // Null for a string JSON can carry but .NET cannot read, such as an escaped lone surrogate ("\ud800").
    public static string? Read(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // Null for a property name that is no text (a lone surrogate).
    public static string? Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // Null when the text is fine; otherwise the reason. emptyReason is what an empty text is told.
    public static string? Problem(string text, int maxLength, bool allowNewlines, string emptyReason)
    {
        if (text.Length == 0)
        {
            return emptyReason;
        }

        var length = 0;
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out var rune, out var consumed) != OperationStatus.Done)
            {
                return InvalidUnicode;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control && !(allowNewlines && rune.Value == '\n'))
            {
                return allowNewlines
                    ? "Must not contain control characters (tabs and the like); newlines are allowed."
                    : "Must not contain control characters.";
            }

            length++;
            span = span[consumed..];
        }

        return length > maxLength
            ? $"Must be at most {maxLength.ToString("N0", CultureInfo.InvariantCulture)} characters long (this is {length.ToString("N0", CultureInfo.InvariantCulture)})."
            : null;
    }

    // Browsers send a textarea's newlines as CRLF; store one kind.
    public static string NormaliseNewlines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    // A field name as it may be echoed in a problem: no control characters, at most 50 characters.
    public static string Printable(string name) =>
        new(name.Where(c => !char.IsControl(c)).Take(50).ToArray());
}
