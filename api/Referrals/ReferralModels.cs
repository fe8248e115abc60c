using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Vocabularies;
using Microsoft.AspNetCore.Mvc;

namespace Matchmaker.Api.Referrals;

public sealed class ReferralOptions
{
    public const string Section = "Referrals";
    public const string RateLimitPolicy = "referrals-anonymous";
    public const string KeyPolicy = "any-api-key";

    // Referrals per minute per client IP sent without a key (the widget), on top of the general limits; 0 switches it off.
    public int AnonymousPerMinute { get; set; } = 3;

    // Days after closing that the contact data, message, notes and firm details are kept.
    public int RetentionDays { get; set; } = 365;
}

// Documents the bodies for OpenAPI; the bodies themselves are read field by field by ReferralRequestReader.
[Description("How to reach the firm's contact person. Never logged; removed Referrals__RetentionDays after the referral is closed.")]
public sealed record ReferralContactRequest(
    [property: Description("The contact person's name (1 to 200 characters).")]
    [property: Required, MinLength(1), MaxLength(ReferralRequestReader.MaxNameLength)]
    string Name,
    [property: Description("The contact person's e-mail address (at most 254 characters). Not verified by Matchmaker.")]
    [property: Required, MaxLength(ReferralRequestReader.MaxEmailLength)]
    string Email,
    [property: Description("Phone number (optional; digits, spaces, +, -, parentheses; 6 to 30 characters).")]
    [property: MaxLength(ReferralRequestReader.MaxPhoneLength)]
    string? Phone = null);

[Description("A warm hand-off of a firm to the provider of a scheme, with the firm's explicit consent.")]
public sealed record ReferralRequest(
    [property: Description("The scheme the firm is referred for; the referral goes to its provider, which must accept referrals.")]
    [property: Required, MaxLength(100)]
    string SchemeId,
    [property: Description("The firm's contact person.")]
    [property: Required]
    ReferralContactRequest Contact,
    [property: Description("Must be true: the firm agreed that these details go to the scheme's provider.")]
    [property: Required]
    bool Consent,
    [property: Description("What the firm needs, for the provider (1 to 2,000 characters; newlines allowed).")]
    [property: Required, MinLength(1), MaxLength(ReferralRequestReader.MaxMessageLength)]
    string Message,
    [property: Description("The firm's KVK number (8 digits), if known. Not looked up or verified.")]
    [property: RegularExpression("^[0-9]{8}$")]
    string? KvkNumber = null,
    [property: Description("The firm's (trade) name, if known (at most 200 characters).")]
    [property: MaxLength(ReferralRequestReader.MaxNameLength)]
    string? CompanyName = null,
    [property: Description("Facts about the firm, as in a match request (validated the same way).")]
    MatchCompany? Company = null,
    [property: Description("A saved profile of the sending organisation (POST /profiles) instead of kvkNumber, companyName and company: its name, KVK number and facts go with the referral.")]
    [property: MaxLength(ReferralRequestReader.MaxNameLength)]
    string? ProfileId = null);

[Description("A step in a referral: a status move (closing needs an outcome), a note, or both.")]
public sealed record ReferralEventRequest(
    [property: Description("The status to move to; only the receiving provider moves it, only forward (received, accepted, in-progress, closed; steps may be skipped)."), CodeList("referral-statuses")]
    string? Status = null,
    [property: Description("Required when closing, and only then."), CodeList("referral-outcomes")]
    string? Outcome = null,
    [property: Description("A note for the other side (1 to 2,000 characters). Removed with the contact data after the retention period.")]
    [property: MaxLength(ReferralRequestReader.MaxMessageLength)]
    string? Note = null);

[Description("Whether a provider takes referrals through Matchmaker (agreed per installation).")]
public sealed record ReferralSettingsRequest(
    [property: Description("True: advisers and the widget may refer firms to this provider.")]
    [property: Required]
    bool Accepts);

[Description("Whether a provider takes referrals through Matchmaker.")]
public sealed record ReferralSettingsResponse(
    [property: Description("Provider id.")] string ProviderId,
    [property: Description("True when the provider accepts referrals.")] bool Accepts,
    [property: Description("When the setting last changed (UTC); absent when it was never set.")] DateTimeOffset? UpdatedAt);

[Description("The referral was sent to the scheme's provider.")]
public sealed record ReferralReceiptResponse(
    [property: Description("Identifier of the referral.")] string Id,
    [property: Description("The scheme it is about.")] string SchemeId,
    [property: Description("The provider it went to.")] ProviderReference Provider,
    [property: Description("How it was sent."), CodeList("referral-channels")] string Channel,
    [property: Description("Its status: received."), CodeList("referral-statuses")] string Status,
    [property: Description("When it was received (UTC).")] DateTimeOffset CreatedAt);

[Description("A referral in a list. Contact and firm details are absent once they were removed after the retention period.")]
public sealed record ReferralSummaryResponse(
    [property: Description("Identifier of the referral.")] string Id,
    [property: Description("The scheme it is about.")] string SchemeId,
    [property: Description("The receiving provider.")] ProviderReference Provider,
    [property: Description("The sending organisation; absent for a referral from the widget.")] string? SenderOrganisation,
    [property: Description("How it was sent."), CodeList("referral-channels")] string Channel,
    [property: Description("Current status."), CodeList("referral-statuses")] string Status,
    [property: Description("The outcome, once closed."), CodeList("referral-outcomes")] string? Outcome,
    [property: Description("The firm's name, if given.")] string? CompanyName,
    [property: Description("The contact person's name.")] string? ContactName,
    [property: Description("When it was received (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it last changed (UTC).")] DateTimeOffset UpdatedAt,
    [property: Description("When the provider first answered (a status move or a note).")] DateTimeOffset? FirstAnsweredAt,
    [property: Description("When it was closed.")] DateTimeOffset? ClosedAt,
    [property: Description("True once contact and firm details were removed after the retention period.")] bool ContactRemoved);

[Description("How to reach the firm's contact person, as the sender gave it (not verified for the widget).")]
public sealed record ReferralContact(
    [property: Description("Name.")] string Name,
    [property: Description("E-mail address.")] string Email,
    [property: Description("Phone number, if given.")] string? Phone);

[Description("One step of a referral, kept as its audit trail.")]
public sealed record ReferralEventResponse(
    [property: Description("Position in the referral's history, from 1 (the referral itself).")] long Position,
    [property: Description("When (UTC).")] DateTimeOffset At,
    [property: Description("Which side acted."), CodeList("referral-sides")] string By,
    [property: Description("The status moved to, if the step moved it."), CodeList("referral-statuses")] string? Status,
    [property: Description("The outcome given on closing."), CodeList("referral-outcomes")] string? Outcome,
    [property: Description("The note, until it is removed after the retention period.")] string? Note);

[Description("What an event about a referral carries: ids, status, outcome and times, never contact data, message or notes.")]
public sealed record ReferralNotice(
    [property: Description("The referral.")] string ReferralId,
    [property: Description("Its scheme.")] string SchemeId,
    [property: Description("The receiving provider.")] string ProviderId,
    [property: Description("The sending organisation; absent for the widget.")] string? SenderOrganisation,
    [property: Description("How it was sent."), CodeList("referral-channels")] string Channel,
    [property: Description("Status after the change."), CodeList("referral-statuses")] string Status,
    [property: Description("The outcome, once closed."), CodeList("referral-outcomes")] string? Outcome,
    [property: Description("When the referral was received (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it last changed (UTC).")] DateTimeOffset UpdatedAt,
    [property: Description("When the provider first answered.")] DateTimeOffset? FirstAnsweredAt,
    [property: Description("When it was closed.")] DateTimeOffset? ClosedAt,
    [property: Description("For referral.updated: which side changed it."), CodeList("referral-sides")] string? ChangedBy = null,
    [property: Description("For referral.reminder: when the 3 working days for a first answer ran out.")] DateTimeOffset? DueAt = null);

[Description("An event raised about a referral for one side (delivered as a webhook where the installation has them).")]
public sealed record ReferralNotificationResponse(
    [property: Description("Identifier of the event.")] string Id,
    [property: Description("Event type."), CodeList("referral-notification-types")] string Type,
    [property: Description("Which side it is for."), CodeList("referral-sides")] string Audience,
    [property: Description("The organisation (sender) or provider id (receiver) it is for.")] string Organisation,
    [property: Description("When it was raised (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("What it carries.")] ReferralNotice Data);

[Description("A referral with its history. Contact and firm details are absent once removed after the retention period; the history stays.")]
public sealed record ReferralResponse(
    [property: Description("Identifier of the referral.")] string Id,
    [property: Description("The scheme it is about.")] string SchemeId,
    [property: Description("The receiving provider.")] ProviderReference Provider,
    [property: Description("The sending organisation; absent for a referral from the widget.")] string? SenderOrganisation,
    [property: Description("How it was sent. From the widget, name and e-mail address are what the firm typed: not verified."), CodeList("referral-channels")] string Channel,
    [property: Description("Current status."), CodeList("referral-statuses")] string Status,
    [property: Description("The outcome, once closed."), CodeList("referral-outcomes")] string? Outcome,
    [property: Description("Always true: a referral is only stored with the firm's explicit consent.")] bool Consent,
    [property: Description("The firm's KVK number, if given (not verified).")] string? KvkNumber,
    [property: Description("The firm's name, if given.")] string? CompanyName,
    [property: Description("Facts about the firm, if given.")] MatchCompany? Company,
    [property: Description("The contact person.")] ReferralContact? Contact,
    [property: Description("What the firm needs.")] string? Message,
    [property: Description("When it was received (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it last changed (UTC).")] DateTimeOffset UpdatedAt,
    [property: Description("When the provider first answered (a status move or a note).")] DateTimeOffset? FirstAnsweredAt,
    [property: Description("When it was closed.")] DateTimeOffset? ClosedAt,
    [property: Description("When contact and firm details were removed (retention).")] DateTimeOffset? ContactRemovedAt,
    [property: Description("Every step, oldest first.")] IReadOnlyList<ReferralEventResponse> Events,
    [property: Description("The events raised for either side, oldest first.")] IReadOnlyList<ReferralNotificationResponse> Notifications);

[Description("The ids of the providers that accept referrals.")]
public sealed record AcceptingProvidersResponse(
    [property: Description("Provider ids, in order.")] IReadOnlyList<string> Items);

[Description("How many firms of one outcome; absent (null) when fewer than the minimum cell size.")]
public sealed record ReferralOutcomeCount(
    [property: Description("The outcome."), CodeList("referral-outcomes")] string Outcome,
    [property: Description("Closed referrals with this outcome; null when suppressed."), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Count,
    [property: Description("True when the count is below the minimum cell size and so not shown.")] bool Suppressed);

[Description("How one provider handles referrals in the period. Only providers with at least the minimum cell size of referrals are shown.")]
public sealed record ReferralProviderStats(
    [property: Description("The provider.")] ProviderReference Provider,
    [property: Description("Referrals received in the period.")] long Received,
    [property: Description("Of those, answered (a status move or a note); null when below the minimum cell size."), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Answered,
    [property: Description("Share of the received referrals first answered within 5 working days, 0 to 1.")] double ShareAnsweredWithin5WorkingDays,
    [property: Description("Median calendar days from receipt to the first answer, one decimal; null when fewer answered referrals than the minimum cell size."), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianDaysToFirstAnswer,
    [property: Description("Of those, closed; null when below the minimum cell size."), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Closed,
    [property: Description("Median calendar days from receipt to closing, one decimal; null when fewer closed referrals than the minimum cell size."), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianDaysToClose,
    [property: Description("Closed referrals per outcome, every outcome listed.")] IReadOnlyList<ReferralOutcomeCount> Outcomes);

[Description("Referral handling per provider, by the day the referrals were received (Europe/Amsterdam).")]
public sealed record ReferralStatsResponse(
    [property: Description("First day of the period.")] DateOnly From,
    [property: Description("Last day of the period.")] DateOnly To,
    [property: Description("A provider with fewer referrals than this in the period is not shown, nor is any count below it.")] int MinimumCellSize,
    [property: Description("Providers with referrals in the period that were left out because they had fewer than the minimum.")] int SuppressedProviders,
    [property: Description("One entry per provider shown, by provider id.")] IReadOnlyList<ReferralProviderStats> Items);

public sealed record ReferralListQuery
{
    [FromQuery(Name = "direction"), Description("received: the referrals to your provider (publisher keys, the default for them); sent: your organisation's referrals (adviser keys, the default for them).")]
    [AllowedValues("received", "sent")]
    public string? Direction { get; init; }

    [FromQuery(Name = "status"), Description("Only referrals with this status.")]
    [CodeList("referral-statuses")]
    public string? Status { get; init; }

    [FromQuery(Name = "page"), Description("Page number, from 1."), DefaultValue(1)]
    [Range(1, 10000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100."), DefaultValue(20)]
    [Range(1, 100)]
    public int? PageSize { get; init; }
}

public sealed record ReferralStatsQuery
{
    [FromQuery(Name = "provider"), Description("Only this provider.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Must be a provider id in lower kebab-case, e.g. rvo.")]
    [MaxLength(100)]
    public string? Provider { get; init; }

    [FromQuery(Name = "from"), Description("First day (yyyy-MM-dd, Europe/Amsterdam) of the period; default 364 days before to.")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to"), Description("Last day of the period; default today.")]
    public DateOnly? To { get; init; }
}

// What a valid referral body holds (texts trimmed, newlines as \n).
public sealed record ReferralInput(
    string SchemeId, string? KvkNumber, string? CompanyName, MatchCompany? Company, string ContactName, string ContactEmail, string? ContactPhone,
    string Message, string? ProfileId = null);

// What a valid event body holds.
public sealed record ReferralEventInput(string? Status, string? Outcome, string? Note);

// Who sends a referral: an organisation's adviser key, or the widget without a key.
public sealed record ReferralSender(string Channel, string? Organisation, string? KeyId);

// Who reads or acts: the sending organisation's adviser keys or the receiving provider's publisher keys; others see nothing.
public sealed record ReferralViewer(string Side, string Party, string KeyId);
