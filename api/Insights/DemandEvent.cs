using System.Security.Claims;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Insights;

// One answered match as the insights keep it: facets of the firm coarse enough to be shared, what it asked for, and what
// it got. Description, Snapshot and Source travel only through the in-memory queue (the writer reads the unrecognised
// words from the description and counts each word once per source a day) and are never stored.
public sealed record DemandEvent(
    DateOnly Day,
    string Channel,
    string? Province,
    string? Municipality,
    string? SizeClass,
    string? SbiSection,
    string? AgeBand,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Instruments,
    int Fitting,
    IReadOnlyList<string> Shown,
    string? Description = null,
    CatalogueSnapshot? Snapshot = null,
    string? Source = null)
{
    public bool Unmet => Fitting == 0;

    // From what the match already holds; no I/O, a few small arrays, so it costs the request next to nothing.
    public static DemandEvent From(
        ResolvedProfile profile, RankResult ranked, CatalogueSnapshot snapshot, string channel, DateOnly day, string? description, string? source)
    {
        var need = ranked.Need;
        var purposes = new string[need.Purposes.Count];
        for (var i = 0; i < purposes.Length; i++)
        {
            purposes[i] = need.Purposes[i].Code;
        }

        var shown = new string[ranked.Matches.Count];
        for (var i = 0; i < shown.Length; i++)
        {
            shown[i] = ranked.Matches[i].Scheme.Id;
        }

        var sbi = profile.SbiCodes is { Count: > 0 } codes ? snapshot.Codes.SectionOf(codes[0])?.Code : null;
        return new DemandEvent(
            day, channel, profile.ProvinceCode, profile.ProvinceCode is null ? null : profile.MunicipalityCode, profile.SizeClass, sbi,
            CompanyAgeBands.Of(profile.CompanyAgeYears), purposes, ToArray(need.Themes), ToArray(need.Instruments), ranked.Fitting, shown,
            string.IsNullOrWhiteSpace(description) ? null : description, snapshot, source);
    }

    private static string[] ToArray(IReadOnlySet<string> set)
    {
        if (set.Count == 0)
        {
            return [];
        }

        var array = new string[set.Count];
        var i = 0;
        foreach (var item in set)
        {
            array[i++] = item;
        }

        return array;
    }
}

// The codes of the "channels" list in data/vocabularies.json (a test checks they are the same), and how a request gets one.
public static class DemandChannels
{
    public static readonly string Anonymous = VocabularyCode.Of("channels", nameof(Anonymous));
    public static readonly string Widget = VocabularyCode.Of("channels", nameof(Widget));
    public static readonly string Adviser = VocabularyCode.Of("channels", nameof(Adviser));

    // The widget says it is the widget; any client may, so the channel is what the caller declares, not a proof.
    public const string Header = "X-Matchmaker-Channel";

    public static string Of(ClaimsPrincipal user, HttpRequest? request) =>
        user.IsInRole(Roles.Adviser) || user.IsInRole(Roles.Admin) ? Adviser
        : request is not null && string.Equals(request.Headers[Header].ToString(), Widget, StringComparison.OrdinalIgnoreCase) ? Widget
        : Anonymous;

    // Who sent it, only to count a word once per sender a day: the key for a key, else the client address (in memory only).
    public static string? SourceOf(ClaimsPrincipal user, HttpContext? context) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } key ? "key:" + key
        : context?.Connection.RemoteIpAddress is { } address ? "ip:" + address
        : null;
}

// The codes of the "company-age-bands" list in data/vocabularies.json, youngest first (a test checks they are the same).
public static class CompanyAgeBands
{
    public static readonly IReadOnlyList<(string Code, int FromYears)> Bands =
        [("0-2-years", 0), ("3-4-years", 3), ("5-9-years", 5), ("10-plus-years", 10)];

    public static string? Of(int? years)
    {
        if (years is not { } age || age < 0)
        {
            return null;
        }

        var code = Bands[0].Code;
        foreach (var (band, from) in Bands)
        {
            if (age >= from)
            {
                code = band;
            }
        }

        return code;
    }
}
