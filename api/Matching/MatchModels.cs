using System.ComponentModel;
using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

[Description("Facts about the firm; every field optional.")]
public sealed record MatchCompany(
    [property: Description("Legal form code, e.g. bv or eenmanszaak."), CodeList("legal-forms")] string? LegalForm = null,
    [property: Description("SBI 2008 codes, main activity first; with or without dots.")] IReadOnlyList<string>? SbiCodes = null,
    [property: Description("Number of people working in the firm.")] int? Employees = null,
    [property: Description("Annual turnover in whole euros.")] long? AnnualTurnoverEur = null,
    [property: Description("Balance-sheet total in whole euros.")] long? BalanceSheetTotalEur = null,
    [property: Description("Date the firm started.")] DateOnly? FoundedOn = null,
    [property: Description("CBS code of the municipality where the firm is established, e.g. GM0772.")] string? MunicipalityCode = null,
    [property: Description("Dutch postcode of the firm, e.g. 5611AB.")] string? Postcode = null,
    [property: Description("Answers to facts (see /v1/vocabularies/facts): true/false for yes/no facts, a whole number for amounts.")] IReadOnlyDictionary<string, JsonElement>? Facts = null);

[Description("What the firm needs.")]
public sealed record MatchNeed(
    [property: Description("The firm's question in its own words, Dutch or English (at most 2,000 characters).")] string? Description = null,
    [property: Description("Theme codes the need is about."), CodeList("themes")] IReadOnlyList<string>? Themes = null,
    [property: Description("The project's phase."), CodeList("phases")] string? Phase = null,
    [property: Description("Preferred instruments."), CodeList("instruments")] IReadOnlyList<string>? Instruments = null,
    [property: Description("Project budget in whole euros.")] long? ProjectBudgetEur = null,
    [property: Description("Purpose codes the need is about; recognised from the description when absent."), CodeList("purposes")] IReadOnlyList<string>? Purposes = null);

[Description("A firm profile and a need; at least one of kvkNumber, company and need.")]
public sealed record MatchRequest(
    [property: Description("KVK number (8 digits); resolved through the KVK Handelsregister.")] string? KvkNumber = null,
    [property: Description("Facts about the firm; they win over facts from KVK.")] MatchCompany? Company = null,
    [property: Description("What the firm needs.")] MatchNeed? Need = null,
    [property: Description("The date to match for (default today).")] DateOnly? AsOf = null,
    [property: Description("How many matches to return, 1 to 50 (default 10).")] int? Limit = null,
    [property: Description("Also list the schemes the firm cannot get, with the criteria that failed.")] bool? IncludeIneligible = null,
    [property: Description("Language of explanations: nl (default) or en.")] string? Language = null);

[Description("The profile the matcher used, with where each fact came from.")]
public sealed record ResolvedProfile(
    [property: Description("KVK number, when given.")] string? KvkNumber,
    [property: Description("Legal form code."), CodeList("legal-forms")] string? LegalForm,
    [property: Description("SBI codes, digits only, main activity first.")] IReadOnlyList<string>? SbiCodes,
    [property: Description("Number of people working in the firm.")] int? Employees,
    [property: Description("Annual turnover in whole euros.")] long? AnnualTurnoverEur,
    [property: Description("Balance-sheet total in whole euros.")] long? BalanceSheetTotalEur,
    [property: Description("EU SME size class."), CodeList("size-classes")] string? SizeClass,
    [property: Description("Date the firm started.")] DateOnly? FoundedOn,
    [property: Description("Company age in whole years on asOf.")] int? CompanyAgeYears,
    [property: Description("Dutch postcode.")] string? Postcode,
    [property: Description("CBS municipality code.")] string? MunicipalityCode,
    [property: Description("Municipality name.")] string? MunicipalityName,
    [property: Description("CBS province code.")] string? ProvinceCode,
    [property: Description("The date matched for.")] DateOnly AsOf,
    [property: Description("The facts the firm answered, and those that follow from its answers (provenance derived).")] IReadOnlyDictionary<string, JsonElement> Facts,
    [property: Description("Where each fact came from, per field: a code of the 'profile-sources' list (GET /v1/vocabularies/profile-sources): input, kvk, pdok or derived."), CodeList("profile-sources")] IReadOnlyDictionary<string, string> Provenance);

[Description("The outcome of one eligibility criterion.")]
public sealed record CriterionResult(
    [property: Description("The criterion (GET /v1/vocabularies/criteria)."), CodeList("criteria")] string Criterion,
    [property: Description("Met, unmet or unknown."), CodeList("criterion-outcomes")] string Outcome,
    [property: Description("Why, in plain words in the request's language.")] string Detail,
    [property: Description("For criterion fact: the fact code.")] string? Fact = null,
    [property: Description("For criterion conditions: every condition in full.")] IReadOnlyList<string>? FullText = null);

[Description("The parts of the score; a part is absent when the request gives nothing to judge it by.")]
public sealed record ScoreBreakdown(
    [property: Description("1 when the scheme serves a purpose asked for or recognised in the question (less for a weaker reading), else 0.")] double? Purpose,
    [property: Description("How well the scheme's texts, keywords and themes answer the firm's question, 0-1.")] double? Relevance,
    [property: Description("Overlap with the themes asked for or recognised in the question, 0-1.")] double? Theme,
    [property: Description("Fit with the project's phase, 0-1.")] double? Phase,
    [property: Description("Fit with the preferred instruments, 0-1.")] double? Instrument,
    [property: Description("Open 1, upcoming 0.8 (within 90 days) or 0.7, expected 0.7, closed 0.1.")] double Status,
    [property: Description("Fit of the published amounts with the project budget, 0-1.")] double? Amount,
    [property: Description("1 when eligible, 0.88 when some criteria are unknown.")] double Certainty);

[Description("A scheme in a match, in short.")]
public sealed record MatchScheme(
    [property: Description("Scheme id.")] string Id,
    [property: Description("Title.")] LocalizedText Title,
    [property: Description("Summary.")] LocalizedText Summary,
    [property: Description("The level of government."), CodeList("levels")] string Level,
    [property: Description("The instrument."), CodeList("instruments")] string Instrument,
    [property: Description("Who runs it.")] ProviderReference Provider,
    [property: Description("Amounts as published.")] SchemeFunding? Funding,
    [property: Description("The official page.")] string Url);

[Description("One ranked scheme with the reasons.")]
public sealed record MatchItem(
    [property: Description("Position, from 1.")] int Rank,
    [property: Description("Overall score, 0-1 (see scoreBreakdown).")] double Score,
    [property: Description("Whether the firm can get it: eligible or maybe in matches, ineligible in excluded."), CodeList("eligibilities")] string Eligibility,
    [property: Description("The scheme.")] MatchScheme Scheme,
    [property: Description("Status on asOf."), CodeList("statuses")] string Status,
    [property: Description("True when an open window closes within 30 days.")] bool ClosingSoon,
    [property: Description("Last day of the current or next dated window, if known.")] DateOnly? NextDeadline,
    [property: Description("Outcome per eligibility criterion.")] IReadOnlyList<CriterionResult> Criteria,
    [property: Description("The parts of the score.")] ScoreBreakdown ScoreBreakdown,
    [property: Description("Words of the question found in the scheme.")] IReadOnlyList<string> MatchedTerms);

[Description("A missing fact that would settle open criteria among the top results.")]
public sealed record NextQuestion(
    [property: Description("The request field to fill, e.g. company.employees or company.facts.paysProfitTax.")] string Field,
    [property: Description("The question to ask the firm, in the request's language.")] string Question,
    [property: Description("How many unknown criteria among the top results it would settle.")] int WouldSettle);

[Description("Ranked schemes for a firm, with reasons.")]
public sealed record MatchResult(
    [property: Description("The profile used.")] ResolvedProfile Profile,
    [property: Description("Schemes the firm can (maybe) get, best first; never ineligible ones.")] IReadOnlyList<MatchItem> Matches,
    [property: Description("Schemes the firm cannot get, only with includeIneligible.")] IReadOnlyList<MatchItem>? Excluded,
    [property: Description("The next question to ask, if any fact is missing.")] NextQuestion? NextQuestion,
    [property: Description("The next few questions to ask, most useful first.")] IReadOnlyList<NextQuestion> Questions,
    [property: Description("How the question was understood.")] Recognised Recognised,
    [property: Description("What limited this answer, e.g. an unavailable upstream.")] IReadOnlyList<string> Warnings);

[Description("A code with its label in the request's language.")]
public sealed record RecognisedCode(
    [property: Description("The code.")] string Code,
    [property: Description("Its label.")] string Label);

[Description("What the matcher read from the firm's question.")]
public sealed record Recognised(
    [property: Description("Purposes asked for or recognised in the description.")] IReadOnlyList<RecognisedCode> Purposes,
    [property: Description("Themes asked for or recognised."), CodeList("themes")] IReadOnlyList<string> Themes,
    [property: Description("Instruments the need implies (asked for, or typical for the purposes)."), CodeList("instruments")] IReadOnlyList<string> Instruments,
    [property: Description("The words and phrases of the description that were understood.")] IReadOnlyList<string> Phrases);
