using System.Text.Json;

namespace Matchmaker.Api.Vocabularies;

// The codes the program's own rules act on (a status that counts as open, the level that is widest), read from
// data/vocabularies.json, which the build puts into the assembly, by the C# name that stands for them: the name is the
// code without its dashes, dots and case (InProgress for a code written with a dash, MatchNew for one with a dot). So the file stays the only
// place a code is written; a name the list lacks (or matches twice) stops the program when the name is first used, and
// the vocabulary tests, instead of acting on a code that no longer exists.
public static class VocabularyCode
{
    private static readonly Lazy<Dictionary<string, string[]>> Lists = new(Load);

    // list: its name as in the file or in kebab case; prefix: a qualifier the code carries that the name leaves out
    // (the event list's test event is named Test with the prefix of its kind).
    public static string Of(string list, string name, string prefix = "")
    {
        if (!Lists.Value.TryGetValue(Normalised(list), out var codes))
        {
            throw new InvalidDataException($"data/vocabularies.json has no list '{list}'.");
        }

        var wanted = Normalised(prefix + name);
        var found = codes.Where(c => Normalised(c) == wanted).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidDataException($"data/vocabularies.json list '{list}' has {found.Count} codes for the name '{name}'; the code needs exactly one.");
    }

    private static string Normalised(string text) =>
        string.Concat(text.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static Dictionary<string, string[]> Load()
    {
        using var stream = typeof(VocabularyCode).Assembly.GetManifestResourceStream("Matchmaker.vocabularies.json")
            ?? throw new InvalidDataException("data/vocabularies.json is not built into the assembly.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateObject()
            .Where(list => list.Value.ValueKind == JsonValueKind.Array)
            .ToDictionary(
                list => Normalised(list.Name),
                list => list.Value.EnumerateArray().Select(term => term.GetProperty("code").GetString()!).ToArray(),
                StringComparer.Ordinal);
    }
}
