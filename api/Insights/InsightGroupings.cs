using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Insights;

// The codes of the "insight-groupings" list in data/vocabularies.json, in its order (a test checks they are the same).
// Purpose, theme and instrument are also the kinds of code an event stores (demand_event_codes.kind).
public static class InsightGroupings
{
    public static readonly string Purpose = VocabularyCode.Of("insight-groupings", nameof(Purpose));
    public static readonly string Theme = VocabularyCode.Of("insight-groupings", nameof(Theme));
    public static readonly string Instrument = VocabularyCode.Of("insight-groupings", nameof(Instrument));
    public static readonly string Province = VocabularyCode.Of("insight-groupings", nameof(Province));
    public static readonly string Municipality = VocabularyCode.Of("insight-groupings", nameof(Municipality));
    public static readonly string SizeClass = VocabularyCode.Of("insight-groupings", nameof(SizeClass));
    public static readonly string SbiSection = VocabularyCode.Of("insight-groupings", nameof(SbiSection));
    public static readonly string AgeBand = VocabularyCode.Of("insight-groupings", nameof(AgeBand));
    public static readonly string Month = VocabularyCode.Of("insight-groupings", nameof(Month));
    public static readonly string Channel = VocabularyCode.Of("insight-groupings", nameof(Channel));

    public static readonly IReadOnlyList<string> All = [Purpose, Theme, Instrument, Province, Municipality, SizeClass, SbiSection, AgeBand, Month, Channel];
}
