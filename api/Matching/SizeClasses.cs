using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// The codes of the "size-classes" list in data/vocabularies.json, smallest first (a test checks they are the same).
public static class SizeClasses
{
    public static readonly string Micro = VocabularyCode.Of("size-classes", nameof(Micro));
    public static readonly string Small = VocabularyCode.Of("size-classes", nameof(Small));
    public static readonly string Medium = VocabularyCode.Of("size-classes", nameof(Medium));
    public static readonly string Large = VocabularyCode.Of("size-classes", nameof(Large));

    public static readonly IReadOnlyList<string> All = [Micro, Small, Medium, Large];
}
