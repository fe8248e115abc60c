using System.CommandLine;
using System.Globalization;

namespace Matchmaker.Api.Cli;

public static class OptionRules
{
    // A whole number within a range. A value that is no number is left to the parser's own error (reading it here would
    // throw instead of reporting it).
    public static Option<int> InRange(this Option<int> option, int min, int max, string message)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                r.AddError(message);
            }
        });
        return option;
    }
}
