namespace Matchmaker.Api.Matching;

// The codes of the "size-classes" list in data/vocabularies.json, smallest first (a test checks they are the same).
public static class SizeClasses
{
    public const string Micro = "micro";
    public const string Small = "small";
    public const string Medium = "medium";
    public const string Large = "large";

    public static readonly IReadOnlyList<string> All = [Micro, Small, Medium, Large];
}
