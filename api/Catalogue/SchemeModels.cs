using System.ComponentModel;
using System.Text.Json.Serialization;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Catalogue;

[Description("A text in Dutch (required) and English (where known).")]
public sealed record LocalizedText(
    [property: Description("Dutch text.")] string Nl,
    [property: Description("English text, where known.")] string? En = null);

[Description("Structured eligibility rules; an absent key means no restriction.")]
public sealed record SchemeEligibility(
    [property: Description("EU SME size classes that may apply."), CodeList("size-classes")] IReadOnlyList<string>? SizeClasses = null,
    [property: Description("Minimum number of employees.")] int? MinEmployees = null,
    [property: Description("Maximum number of employees.")] int? MaxEmployees = null,
    [property: Description("Maximum annual turnover in whole euros.")] long? MaxAnnualTurnoverEur = null,
    [property: Description("Maximum balance-sheet total in whole euros.")] long? MaxBalanceSheetTotalEur = null,
    [property: Description("Minimum company age in whole years.")] int? MinCompanyAgeYears = null,
    [property: Description("Maximum company age in whole years.")] int? MaxCompanyAgeYears = null,
    [property: Description("Legal forms that may apply."), CodeList("legal-forms")] IReadOnlyList<string>? LegalForms = null,
    [property: Description("SBI 2008 code prefixes that qualify (digits only).")] IReadOnlyList<string>? SbiIncluded = null,
    [property: Description("SBI 2008 code prefixes that are excluded (digits only).")] IReadOnlyList<string>? SbiExcluded = null,
    [property: Description("Whether the project must be done together with other firms or institutions.")] bool? CollaborationRequired = null,
    [property: Description("Answers to facts (see /v1/vocabularies/facts) that the firm must give.")] IReadOnlyList<FactRule>? Facts = null,
    [property: Description("Conditions only a person can check.")] IReadOnlyList<LocalizedText>? Conditions = null,
    [property: Description("How applying works (documents, portal, intake, assessment): steps every applicant takes, not rules on who may apply.")] IReadOnlyList<LocalizedText>? Procedures = null);

[Description("A rule on one fact the firm can answer: equals for a yes/no fact, min and/or max for a number.")]
public sealed record FactRule(
    [property: Description("The fact code."), CodeList("facts")] string Fact,
    [property: Description("The answer a yes/no fact must have."), JsonPropertyName("equals")] bool? MustBe = null,
    [property: Description("The smallest number allowed.")] long? Min = null,
    [property: Description("The largest number allowed.")] long? Max = null);

[Description("What the scheme pays or lends, as published.")]
public sealed record SchemeFunding(
    [property: Description("Smallest amount in whole euros.")] long? MinAmountEur = null,
    [property: Description("Largest amount in whole euros.")] long? MaxAmountEur = null,
    [property: Description("Share of eligible costs covered, 0-100.")] decimal? PercentageOfCosts = null,
    [property: Description("The funding rules in words.")] LocalizedText? Description = null);

[Description("A period in which applications are taken.")]
public sealed record ApplicationWindow(
    [property: Description("How applications are taken."), CodeList("window-modes")] string Mode,
    [property: Description("First day applications are taken.")] DateOnly? OpensOn = null,
    [property: Description("Last day applications are taken.")] DateOnly? ClosesOn = null,
    [property: Description("Remarks on this window.")] LocalizedText? Note = null);

[Description("Words firms use when they look for this scheme.")]
public sealed record SchemeKeywords(
    [property: Description("Dutch keywords.")] IReadOnlyList<string>? Nl = null,
    [property: Description("English keywords.")] IReadOnlyList<string>? En = null);

// The shape of a scheme in data files and write bodies: the provider is its id.
public sealed record SchemeDocument
{
    public required string Id { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Summary { get; init; }
    public required string Provider { get; init; }
    [CodeList("levels")]
    public required string Level { get; init; }

    [CodeList("instruments")]
    public required string Instrument { get; init; }

    [CodeList("themes")]
    public required IReadOnlyList<string> Themes { get; init; }

    [CodeList("phases")]
    public required IReadOnlyList<string> Phases { get; init; }

    [CodeList("purposes")]
    public IReadOnlyList<string>? Purposes { get; init; }
    public required IReadOnlyList<string> Areas { get; init; }
    public SchemeEligibility? Eligibility { get; init; }
    public SchemeFunding? Funding { get; init; }
    public IReadOnlyList<ApplicationWindow>? ApplicationWindows { get; init; }
    [CodeList("budget-statuses")]
    public string? BudgetStatus { get; init; }

    public bool? Ended { get; init; }
    public SchemeKeywords? Keywords { get; init; }
    public required string Url { get; init; }
    public required string SourceUrl { get; init; }
    public DateOnly? SourceDate { get; init; }
    public required DateOnly LastVerifiedOn { get; init; }
    public LocalizedText? Notes { get; init; }
}

public sealed record ProviderDocument
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    [CodeList("provider-kinds")]
    public required string Kind { get; init; }

    public string? AreaCode { get; init; }
    public required string Website { get; init; }
}

public sealed record ProviderFile
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }
    public required ProviderDocument Provider { get; init; }
    public required IReadOnlyList<SchemeDocument> Schemes { get; init; }
}

[Description("The provider that runs a scheme.")]
public sealed record ProviderReference(
    [property: Description("Provider id (kebab-case).")] string Id,
    [property: Description("Provider name.")] string Name);

[Description("A support scheme with every field.")]
public sealed record SchemeResponse(
    [property: Description("Stable kebab-case identifier.")] string Id,
    [property: Description("Title in Dutch and English.")] LocalizedText Title,
    [property: Description("Short description in Dutch and English.")] LocalizedText Summary,
    [property: Description("Who runs the scheme.")] ProviderReference Provider,
    [property: Description("The level of government."), CodeList("levels")] string Level,
    [property: Description("The kind of support."), CodeList("instruments")] string Instrument,
    [property: Description("Theme codes."), CodeList("themes")] IReadOnlyList<string> Themes,
    [property: Description("Phase codes."), CodeList("phases")] IReadOnlyList<string> Phases,
    [property: Description("Purpose codes: the firm's needs the scheme serves."), CodeList("purposes")] IReadOnlyList<string> Purposes,
    [property: Description("Where the firm must be established: NL, PV20-PV31 or GM#### codes.")] IReadOnlyList<string> Areas,
    [property: Description("Structured eligibility rules.")] SchemeEligibility? Eligibility,
    [property: Description("Amounts and percentages as published.")] SchemeFunding? Funding,
    [property: Description("Application windows.")] IReadOnlyList<ApplicationWindow> ApplicationWindows,
    [property: Description("What is known of the budget."), CodeList("budget-statuses")] string? BudgetStatus,
    [property: Description("Computed status on the day of the request."), CodeList("statuses")] string Status,
    [property: Description("True when an open window closes within 30 days.")] bool ClosingSoon,
    [property: Description("Last day of the current or next dated window, if known.")] DateOnly? NextDeadline,
    [property: Description("Search words in Dutch and English.")] SchemeKeywords? Keywords,
    [property: Description("The official page.")] string Url,
    [property: Description("Where the facts were checked.")] string SourceUrl,
    [property: Description("The date the source states, where it states one.")] DateOnly? SourceDate,
    [property: Description("When a person last checked the facts.")] DateOnly LastVerifiedOn,
    [property: Description("Remarks on the record, e.g. facts that could not be confirmed.")] LocalizedText? Notes,
    [property: Description("When the record last changed (UTC).")] DateTimeOffset UpdatedAt,
    [property: Description("Record version; bumps on every change.")] long Version);

[Description("Who runs support schemes.")]
public sealed record ProviderResponse(
    [property: Description("Provider id (kebab-case).")] string Id,
    [property: Description("Provider name.")] string Name,
    [property: Description("What kind of body it is."), CodeList("provider-kinds")] string Kind,
    [property: Description("The area the provider serves, where it has one.")] string? AreaCode,
    [property: Description("The provider's website.")] string Website,
    [property: Description("Number of schemes the provider runs that are not archived.")] long SchemeCount,
    [property: Description("True when the provider takes referrals through this installation (GET /providers/{id}/referral-settings).")] bool AcceptsReferrals);
