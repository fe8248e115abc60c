using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Referrals;

// The rules of a referral: who may send, see and change one, how its status moves, and which events each change raises.
// Contact data, messages, notes, KVK numbers and company names never reach a log line: only ids, codes and counts do.
public sealed class ReferralService(
    Database db, ReferralStore store, CatalogueSnapshotProvider snapshots, MatchRequestValidator validator, CodeLists codes, TimeProvider time,
    ILogger<ReferralService> logger)
{
    private readonly IReadOnlyList<string> _statuses = codes.ByName["referral-statuses"].Select(t => t.Code).ToList();

    private readonly IReadOnlyList<string> _outcomes = codes.ByName["referral-outcomes"].Select(t => t.Code).ToList();

    // Who sends: the widget without a key, or an adviser key of an organisation. A key that was sent but not recognised is
    // refused rather than taken for the widget, so an adviser's referral never silently loses its organisation.
    public static Outcome<ReferralSender> SenderOf(ClaimsPrincipal user, bool keyPresented)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return keyPresented
                ? ApiError.Unauthorized("The API key in X-Api-Key is unknown or has been revoked. Only the widget sends referrals without a key.")
                : new ReferralSender(ReferralChannel.Widget, null, null);
        }

        var keyId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (!user.IsInRole(Roles.Adviser))
        {
            return ApiError.Forbidden(
                $"A {user.FindFirstValue(ClaimTypes.Role)} key cannot send referrals: they come from an organisation's adviser keys, or without a key from the widget.");
        }

        return user.Organisation() is { } organisation
            ? new ReferralSender(ReferralChannel.Adviser, organisation, keyId)
            : ApiError.Forbidden(
                "This adviser key belongs to no organisation. Referrals are sent, and their answers followed, per organisation: "
                + "use a key made with 'apikeys create --role adviser --organisation <slug>'.");
    }

    // The sending organisation's adviser keys and the receiving provider's publisher keys; nobody else, admin included.
    public static ReferralViewer? ViewerOf(ClaimsPrincipal user)
    {
        var keyId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (keyId is null)
        {
            return null;
        }

        if (user.IsInRole(Roles.Adviser) && user.Organisation() is { } organisation)
        {
            return new ReferralViewer(ReferralSide.Sender, organisation, keyId);
        }

        return user.IsInRole(Roles.Publisher) && user.ProviderId() is { } provider ? new ReferralViewer(ReferralSide.Provider, provider, keyId) : null;
    }

    // Every problem of the body at once, the company facts checked by the same rules as a match request's.
    public (ReferralInput? Input, List<InvalidParam> Problems) Read(JsonElement root)
    {
        var (input, company, problems) = ReferralRequestReader.Read(root);
        MatchCompany? facts = null;
        if (company is not null)
        {
            var (request, companyProblems) = validator.Validate(new JsonObject { ["company"] = company }, time.TodayInAmsterdam(), snapshots.Current.Municipalities);
            problems.AddRange(companyProblems);
            facts = request?.Company;
        }

        // Facts that say nothing are not kept.
        facts = facts == new MatchCompany() ? null : facts;
        return problems.Count == 0 ? (input! with { Company = facts }, problems) : (null, problems);
    }

    public async Task<Outcome<ReferralReceiptResponse>> CreateAsync(ReferralInput input, ReferralSender sender, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (input.ProfileId is { } profileId)
        {
            // Only the organisation's own saved profiles; the widget has none, another organisation's is not found.
            var profile = sender.Organisation is null ? null : await Caseload.ProfileStore.GetAsync(connection, null, sender.Organisation, profileId, ct);
            if (profile is null)
            {
                return ApiError.NotFound("profile", profileId);
            }

            var (saved, _) = validator.Validate(System.Text.Json.Nodes.JsonNode.Parse(profile.Request)!.AsObject(), time.TodayInAmsterdam(), snapshots.Current.Municipalities);
            input = input with { KvkNumber = saved?.KvkNumber, CompanyName = profile.Name, Company = saved?.Company };
        }

        var referral = new NewReferral(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), input, sender, time.GetUtcNow());
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (await ReferralStore.InsertAsync(connection, transaction, referral, ct))
            {
                var row = (await ReferralStore.GetAsync(connection, transaction, referral.Id, ct))!;
                await ReferralNotifications.RaiseAsync(connection, transaction, ReferralNotificationType.Received, ReferralSide.Provider, row.ProviderId,
                    Notice(row), referral.At, ct);
                await transaction.CommitAsync(ct);
                logger.LogInformation("Referral {ReferralId} for scheme {SchemeId} sent to provider {ProviderId} ({Channel})",
                    row.Id, row.SchemeId, row.ProviderId, row.Channel);
                return new ReferralReceiptResponse(row.Id, row.SchemeId, new ProviderReference(row.ProviderId, row.ProviderName), row.Channel, row.Status,
                    ReferralStore.Time(row.CreatedAt));
            }
        }

        // Nothing was written: say why.
        var target = await ReferralStore.TargetAsync(connection, input.SchemeId, ct);
        return target switch
        {
            null => ApiError.NotFound("scheme", input.SchemeId),
            { Ended: not 0 } => ApiError.ReferralNotPossible($"Scheme '{input.SchemeId}' has ended; refer the firm for a scheme that is in force."),
            _ => ApiError.ReferralNotPossible(
                $"{target.ProviderName} ({target.ProviderId}) does not accept referrals through Matchmaker. Contact the provider directly; "
                + "GET /v1/referrals/providers lists the providers that do."),
        };
    }

    public async Task<Outcome<ReferralResponse>> GetAsync(ReferralViewer? viewer, string id, CancellationToken ct)
    {
        if (viewer is null)
        {
            return ApiError.NotFound("referral", id);
        }

        await using var connection = await db.OpenAsync(ct);
        var row = await ReferralStore.GetVisibleAsync(connection, viewer, id, ct);
        return row is null ? ApiError.NotFound("referral", id) : await ResponseAsync(connection, row, ct);
    }

    public async Task<Outcome<Page<ReferralSummaryResponse>>> ListAsync(
        ReferralViewer? viewer, string? direction, string? status, int page, int pageSize, CancellationToken ct)
    {
        if (viewer is null)
        {
            return ApiError.Forbidden(
                "Referrals are visible only to the sending organisation's adviser keys and the receiving provider's publisher keys; "
                + "other keys (admin and analyst included) see none, so that a firm's details go no further than it agreed.");
        }

        // A side's own referrals only: sent for an organisation, received for a provider; the other direction is empty.
        var own = viewer.Side == ReferralSide.Sender ? "sent" : "received";
        if (direction is not null && direction != own)
        {
            return new Page<ReferralSummaryResponse>([], 0);
        }

        var rows = await store.ListAsync(viewer.Side, viewer.Party, status, page, pageSize, ct);
        return new Page<ReferralSummaryResponse>(rows.Items.Select(Summary).ToList(), rows.TotalItems);
    }

    public (ReferralEventInput? Input, List<InvalidParam> Problems) ReadEvent(JsonElement root) =>
        ReferralRequestReader.ReadEvent(root, _statuses, _outcomes);

    public async Task<Outcome<ReferralResponse>> AddEventAsync(ReferralViewer? viewer, string id, ReferralEventInput change, CancellationToken ct)
    {
        if (viewer is null)
        {
            return ApiError.NotFound("referral", id);
        }

        await using var connection = await db.OpenAsync(ct);
        var row = await ReferralStore.GetVisibleAsync(connection, viewer, id, ct);
        if (row is null)
        {
            return ApiError.NotFound("referral", id);
        }

        if (Refusal(row, viewer, change) is { } refused)
        {
            return refused;
        }

        var at = time.GetUtcNow();
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (!await ReferralStore.ChangeAsync(connection, transaction, id, row.Status, change, viewer.Side, at, ct))
            {
                return ApiError.ReferralStatusConflict(
                    $"Referral {id} changed while this change was made; read it again (GET /v1/referrals/{id}) and decide on its current status.");
            }

            await ReferralStore.AddEventAsync(connection, transaction, id, at, viewer.Side, viewer.KeyId, change.Status, change.Outcome, change.Note, ct);
            var changed = (await ReferralStore.GetAsync(connection, transaction, id, ct))!;
            // The other side hears of it; a referral from the widget has no organisation to tell.
            var (audience, organisation) = viewer.Side == ReferralSide.Provider
                ? (ReferralSide.Sender, changed.SenderOrganisation)
                : (ReferralSide.Provider, changed.ProviderId);
            if (organisation is not null)
            {
                await ReferralNotifications.RaiseAsync(connection, transaction, ReferralNotificationType.Updated, audience, organisation,
                    Notice(changed) with { ChangedBy = viewer.Side }, at, ct);
            }

            await transaction.CommitAsync(ct);
            logger.LogInformation("Referral {ReferralId} changed by the {Side}: status {Status}", id, viewer.Side, changed.Status);
            row = changed;
        }

        return await ResponseAsync(connection, row, ct);
    }

    // Why a change may not be made, or null when it may.
    private static ApiError? Refusal(ReferralRow row, ReferralViewer viewer, ReferralEventInput change)
    {
        if (row.Status == ReferralStatus.Closed)
        {
            return ApiError.ReferralStatusConflict(
                $"Referral {row.Id} is closed ({row.Outcome}); nothing follows closing. Send a new referral if the firm needs more help.");
        }

        if (change.Status is null)
        {
            return null;
        }

        if (viewer.Side != ReferralSide.Provider)
        {
            return ApiError.Forbidden("Only the receiving provider moves a referral's status; the sending organisation may add a note (give only note).");
        }

        return ReferralStatus.Rank(change.Status) <= ReferralStatus.Rank(row.Status)
            ? ApiError.ReferralStatusConflict(
                $"Referral {row.Id} is {row.Status}; a status only moves forward (received, accepted, in-progress, closed; steps may be skipped), "
                + $"so it cannot become {change.Status}.")
            : null;
    }

    public async Task<Outcome<ReferralSettingsResponse>> SettingsAsync(string providerId, CancellationToken ct)
    {
        var row = await store.SettingsAsync(providerId, ct);
        return row is null
            ? ApiError.NotFound("provider", providerId)
            : new ReferralSettingsResponse(row.ProviderId, row.Accepts == 1, ReferralStore.TimeOrNull(row.UpdatedAt));
    }

    public async Task<Outcome<ReferralSettingsResponse>> SetSettingsAsync(ClaimsPrincipal user, string providerId, bool accepts, CancellationToken ct)
    {
        if (!user.MayPublishFor(providerId))
        {
            return ApiError.Forbidden($"Only a publisher key of {providerId} (or an admin key) may change whether it accepts referrals.");
        }

        if (!await store.SetAcceptsAsync(providerId, accepts, time.GetUtcNow(), ct))
        {
            return ApiError.NotFound("provider", providerId);
        }

        logger.LogInformation("Provider {ProviderId} now {Accepts} referrals", providerId, accepts ? "accepts" : "does not accept");
        return await SettingsAsync(providerId, ct);
    }

    public Task<IReadOnlyList<string>> AcceptingAsync(CancellationToken ct) => store.AcceptingAsync(ct);

    public static ReferralNotice Notice(ReferralRow row) => new(
        row.Id, row.SchemeId, row.ProviderId, row.SenderOrganisation, row.Channel, row.Status, row.Outcome, ReferralStore.Time(row.CreatedAt),
        ReferralStore.Time(row.UpdatedAt), ReferralStore.TimeOrNull(row.FirstAnsweredAt), ReferralStore.TimeOrNull(row.ClosedAt));

    private static ReferralSummaryResponse Summary(ReferralRow row) => new(
        row.Id, row.SchemeId, new ProviderReference(row.ProviderId, row.ProviderName), row.SenderOrganisation, row.Channel, row.Status, row.Outcome,
        row.CompanyName, row.ContactName, ReferralStore.Time(row.CreatedAt), ReferralStore.Time(row.UpdatedAt), ReferralStore.TimeOrNull(row.FirstAnsweredAt),
        ReferralStore.TimeOrNull(row.ClosedAt), row.ContactRemovedAt is not null);

    private static async Task<ReferralResponse> ResponseAsync(System.Data.Common.DbConnection connection, ReferralRow row, CancellationToken ct)
    {
        var events = await ReferralStore.EventsAsync(connection, row.Id, ct);
        var notifications = await ReferralNotifications.ListAsync(connection, row.Id, ct);
        return new ReferralResponse(
            row.Id, row.SchemeId, new ProviderReference(row.ProviderId, row.ProviderName), row.SenderOrganisation, row.Channel, row.Status, row.Outcome,
            Consent: true, row.KvkNumber, row.CompanyName, ReferralStore.Company(row.Company),
            row.ContactName is null || row.ContactEmail is null ? null : new ReferralContact(row.ContactName, row.ContactEmail, row.ContactPhone),
            row.Message, ReferralStore.Time(row.CreatedAt), ReferralStore.Time(row.UpdatedAt), ReferralStore.TimeOrNull(row.FirstAnsweredAt),
            ReferralStore.TimeOrNull(row.ClosedAt), ReferralStore.TimeOrNull(row.ContactRemovedAt),
            events.Select(e => new ReferralEventResponse(e.Position, ReferralStore.Time(e.At), e.Side, e.Status, e.Outcome, e.Note)).ToList(),
            notifications);
    }
}
