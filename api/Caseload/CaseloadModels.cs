using System.ComponentModel;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Caseload;

// Documents the body of POST and PUT /profiles for OpenAPI; the body itself is read by ProfileRequestReader.
[Description("A firm your organisation follows: a name for it, and the firm and its need as in a match request (at least one of kvkNumber, company and need).")]
public sealed record ProfileRequest(
    [property: Description("Your name for the firm or the case, 1 to 200 characters.")] string Name,
    [property: Description("KVK number (8 digits); the firm's facts are looked up in the KVK register at every match.")] string? KvkNumber = null,
    [property: Description("Facts about the firm; they win over facts from KVK.")] MatchCompany? Company = null,
    [property: Description("What the firm needs.")] MatchNeed? Need = null);

[Description("A saved firm profile of your organisation.")]
public sealed record ProfileResponse(
    [property: Description("Identifier of the profile.")] string Id,
    [property: Description("Your name for the firm or the case.")] string Name,
    [property: Description("KVK number, when given.")] string? KvkNumber,
    [property: Description("Facts about the firm, as saved.")] MatchCompany? Company,
    [property: Description("What the firm needs, as saved.")] MatchNeed? Need,
    [property: Description("Goes up with every change (PUT).")] long Version,
    [property: Description("When it was saved (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it last changed (UTC).")] DateTimeOffset UpdatedAt,
    [property: Description("Its matches and what changed since they were last read.")] string MatchesUrl,
    [property: Description("Its deadline calendar (iCalendar) with the secret token in the URL, for a calendar application to subscribe to; treat it as a password.")] string CalendarUrl);

[Description("A scheme whose place in a saved profile's matches changed.")]
public sealed record ChangedMatch(
    [property: Description("Scheme id.")] string SchemeId,
    [property: Description("Title; absent when the scheme left the catalogue.")] LocalizedText? Title,
    [property: Description("Status now; absent when the scheme is no longer a match."), CodeList("statuses")] string? Status,
    [property: Description("Status at the previous read; absent for a new match."), CodeList("statuses")] string? PreviousStatus,
    [property: Description("Last day of the current or next dated window, if known.")] DateOnly? NextDeadline);

[Description("What changed in the matches since they were last read (or, before the first read, since the profile was saved or changed).")]
public sealed record MatchChanges(
    [property: Description("The previous read (UTC).")] DateTimeOffset Since,
    [property: Description("Schemes that are matches now and were not then.")] IReadOnlyList<ChangedMatch> New,
    [property: Description("Schemes that were matches then and are not now.")] IReadOnlyList<ChangedMatch> Gone,
    [property: Description("Matches whose status changed (opened, closed, a round announced).")] IReadOnlyList<ChangedMatch> StatusChanged,
    [property: Description("Matches whose open window now closes within 14 days and did not then.")] IReadOnlyList<ChangedMatch> ClosingSoon);

[Description("The matches of a saved profile (as POST /matches gives them, up to 50) and what changed since the previous read.")]
public sealed record ProfileMatchesResponse(
    [property: Description("The saved profile.")] string ProfileId,
    [property: Description("The profile the matcher used.")] ResolvedProfile Profile,
    [property: Description("Schemes the firm can (maybe) get, best first.")] IReadOnlyList<MatchItem> Matches,
    [property: Description("Schemes the firm cannot get, only with includeIneligible=true.")] IReadOnlyList<MatchItem>? Excluded,
    [property: Description("The next question to ask, if any fact is missing.")] NextQuestion? NextQuestion,
    [property: Description("The next few questions to ask, most useful first.")] IReadOnlyList<NextQuestion> Questions,
    [property: Description("How the question was understood.")] Recognised Recognised,
    [property: Description("What limited this answer, e.g. an unavailable upstream.")] IReadOnlyList<string> Warnings,
    [property: Description("What changed since the previous read.")] MatchChanges Changes);
