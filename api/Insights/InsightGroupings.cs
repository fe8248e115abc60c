namespace Matchmaker.Api.Insights;

// The codes of the "insight-groupings" list in data/vocabularies.json, in its order (a test checks they are the same).
// Purpose, theme and instrument are also the kinds of code an event stores (demand_event_codes.kind).
public static class InsightGroupings
{
    public const string Purpose = "purpose";
    public const string Theme = "theme";
    public const string Instrument = "instrument";
    public const string Province = "province";
    public const string Municipality = "municipality";
    public const string SizeClass = "sizeClass";
    public const string SbiSection = "sbiSection";
    public const string AgeBand = "ageBand";
    public const string Month = "month";
    public const string Channel = "channel";

    public static readonly IReadOnlyList<string> All = [Purpose, Theme, Instrument, Province, Municipality, SizeClass, SbiSection, AgeBand, Month, Channel];
}
