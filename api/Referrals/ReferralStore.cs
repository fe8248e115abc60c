using System.Data;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Referrals;

public sealed record ReferralRow(
    string Id, string SchemeId, string ProviderId, string ProviderName, string? SenderOrganisation, string Channel, string Status,
    string? Outcome, string CreatedAt, string UpdatedAt, string? FirstAnsweredAt, string? ClosedAt, string? ContactName, string? ContactEmail,
    string? ContactPhone, string? Message, string? KvkNumber, string? CompanyName, string? Company, string? ContactRemovedAt);

public sealed record ReferralEventRow(long Position, string At, string Side, string? Status, string? Outcome, string? Note);

public sealed record ReferralTarget(string ProviderId, string ProviderName, long Ended, long Accepts);

public sealed record ReferralSettingsRow(string ProviderId, long Accepts, string? UpdatedAt);

public sealed record ReferralStatsRow(string ProviderId, string ProviderName, string CreatedAt, string? FirstAnsweredAt, string? ClosedAt, string? Outcome);

// A referral as it is created: what the sender gave, who sent it and when.
public sealed record NewReferral(string Id, ReferralInput Input, ReferralSender Sender, DateTimeOffset At);

// The referrals tables' SQL, in one place. Times are ISO 8601 UTC text, so they compare and sort as text on both databases.
public sealed class ReferralStore(Database db)
{
    private const string SelectReferral =
        """
        SELECT r.id AS Id, r.scheme_id AS SchemeId, r.provider_id AS ProviderId, p.name AS ProviderName,
               r.sender_organisation AS SenderOrganisation, r.channel AS Channel, r.status AS Status, r.outcome AS Outcome,
               r.created_at AS CreatedAt, r.updated_at AS UpdatedAt, r.first_answered_at AS FirstAnsweredAt, r.closed_at AS ClosedAt,
               r.contact_name AS ContactName, r.contact_email AS ContactEmail, r.contact_phone AS ContactPhone, r.message AS Message,
               r.kvk_number AS KvkNumber, r.company_name AS CompanyName, r.company AS Company, r.contact_removed_at AS ContactRemovedAt
        FROM referrals r
        JOIN providers p ON p.id = r.provider_id
        """;

    // Only the sending organisation (side sender) or the receiving provider (side provider) finds a referral; the side
    // codes are the parameters @SenderSide and @ProviderSide.
    private const string Visible =
        """
        ((@Side = @SenderSide AND r.sender_organisation = @Party) OR (@Side = @ProviderSide AND r.provider_id = @Party))
        """;

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string stamp) =>
        DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? TimeOrNull(string? stamp) => stamp is null ? null : Time(stamp);

    public static Task<ReferralTarget?> TargetAsync(IDbConnection connection, string schemeId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ReferralTarget>(new CommandDefinition(
            """
            SELECT s.provider_id AS ProviderId, p.name AS ProviderName, s.ended AS Ended,
                   COALESCE((SELECT rs.accepts FROM referral_settings rs WHERE rs.provider_id = s.provider_id), 0) AS Accepts
            FROM schemes s JOIN providers p ON p.id = s.provider_id
            WHERE s.id = @schemeId AND s.archived = 0
            """,
            new { schemeId }, cancellationToken: ct));

    // One statement: the scheme's state and the provider's setting are checked as the row goes in, so a provider that
    // stops accepting (or a scheme archived) in between gets nothing. False when nothing was written.
    public static async Task<bool> InsertAsync(IDbConnection connection, IDbTransaction transaction, NewReferral referral, CancellationToken ct)
    {
        var input = referral.Input;
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referrals (id, scheme_id, provider_id, sender_organisation, sender_key_id, channel, status, outcome, created_at,
                                   updated_at, first_answered_at, closed_at, reminder_sent_at, follow_up_sent_at, contact_name,
                                   contact_email, contact_phone, message, kvk_number, company_name, company, contact_removed_at)
            SELECT @Id, s.id, s.provider_id, @Organisation, @KeyId, @Channel, @Status, NULL, @At,
                   @At, NULL, NULL, NULL, NULL, @ContactName,
                   @ContactEmail, @ContactPhone, @Message, @KvkNumber, @CompanyName, @Company, NULL
            FROM schemes s
            JOIN referral_settings rs ON rs.provider_id = s.provider_id AND rs.accepts = 1
            WHERE s.id = @SchemeId AND s.archived = 0 AND s.ended = 0
            """,
            new
            {
                referral.Id, referral.Sender.Organisation, referral.Sender.KeyId, referral.Sender.Channel, Status = ReferralStatus.Received,
                At = Stamp(referral.At), input.ContactName, input.ContactEmail, input.ContactPhone, input.Message, input.KvkNumber,
                input.CompanyName, Company = input.Company is null ? null : JsonSerializer.Serialize(input.Company, CatalogueJson.Options),
                input.SchemeId,
            },
            transaction, cancellationToken: ct));
        if (inserted == 0)
        {
            return false;
        }

        await AddEventAsync(connection, transaction, referral.Id, referral.At, ReferralSide.Sender, referral.Sender.KeyId,
            ReferralStatus.Received, null, null, ct);
        return true;
    }

    // Moves the status (when given) from the one the caller read, and marks the first answer and the closing; false when the
    // referral changed in between (another node or request moved it first), so the caller can read it again.
    public static async Task<bool> ChangeAsync(
        IDbConnection connection, IDbTransaction transaction, string id, string expectedStatus, ReferralEventInput change, string side,
        DateTimeOffset at, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE referrals SET
                status = COALESCE(@Status, status),
                outcome = COALESCE(@Outcome, outcome),
                updated_at = @At,
                first_answered_at = CASE WHEN @Side = @ProviderSide THEN COALESCE(first_answered_at, @At) ELSE first_answered_at END,
                closed_at = CASE WHEN @Status = @Closed THEN @At ELSE closed_at END
            WHERE id = @Id AND status = @ExpectedStatus
            """,
            new { Id = id, ExpectedStatus = expectedStatus, change.Status, change.Outcome, Side = side, At = Stamp(at), ProviderSide = ReferralSide.Provider, ReferralStatus.Closed },
            transaction, cancellationToken: ct));
        return updated == 1;
    }

    public static Task AddEventAsync(
        IDbConnection connection, IDbTransaction transaction, string referralId, DateTimeOffset at, string side, string? keyId, string? status,
        string? outcome, string? note, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referral_events (id, referral_id, position, at, side, key_id, status, outcome, note)
            SELECT @Id, @ReferralId, COALESCE(MAX(position), 0) + 1, @At, @Side, @KeyId, @Status, @Outcome, @Note
            FROM referral_events WHERE referral_id = @ReferralId
            """,
            new
            {
                Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), ReferralId = referralId,
                At = Stamp(at), Side = side, KeyId = keyId, Status = status, Outcome = outcome, Note = note,
            },
            transaction, cancellationToken: ct));

    public static Task<ReferralRow?> GetAsync(IDbConnection connection, IDbTransaction? transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            SelectReferral + " WHERE r.id = @id", new { id }, transaction, cancellationToken: ct));

    public static Task<ReferralRow?> GetVisibleAsync(IDbConnection connection, ReferralViewer viewer, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            SelectReferral + " WHERE r.id = @Id AND " + Visible, new { Id = id, viewer.Side, viewer.Party, SenderSide = ReferralSide.Sender, ProviderSide = ReferralSide.Provider }, cancellationToken: ct));

    public static async Task<IReadOnlyList<ReferralEventRow>> EventsAsync(IDbConnection connection, string id, CancellationToken ct) =>
        (await connection.QueryAsync<ReferralEventRow>(new CommandDefinition(
            """
            SELECT position AS Position, at AS At, side AS Side, status AS Status, outcome AS Outcome, note AS Note
            FROM referral_events WHERE referral_id = @id ORDER BY position
            """,
            new { id }, cancellationToken: ct))).ToList();

    // side: whose referrals (sender: the organisation's sent ones; provider: the provider's received ones).
    public async Task<Page<ReferralRow>> ListAsync(string side, string party, string? status, int page, int pageSize, CancellationToken ct)
    {
        const string Where = " WHERE " + Visible + " AND (@Status IS NULL OR r.status = @Status)";
        var parameters = new
        {
            Side = side, Party = party, Status = status, Limit = pageSize, Offset = (page - 1) * pageSize,
            SenderSide = ReferralSide.Sender, ProviderSide = ReferralSide.Provider,
        };
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM referrals r" + Where, parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<ReferralRow>(new CommandDefinition(
            SelectReferral + Where + " ORDER BY r.created_at DESC, r.id LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: ct));
        return new Page<ReferralRow>(rows.ToList(), (int)total);
    }

    public async Task<ReferralSettingsRow?> SettingsAsync(string providerId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ReferralSettingsRow>(new CommandDefinition(
            """
            SELECT p.id AS ProviderId, COALESCE(rs.accepts, 0) AS Accepts, rs.updated_at AS UpdatedAt
            FROM providers p LEFT JOIN referral_settings rs ON rs.provider_id = p.id
            WHERE p.id = @providerId
            """,
            new { providerId }, cancellationToken: ct));
    }

    // False when there is no such provider.
    public async Task<bool> SetAcceptsAsync(string providerId, bool accepts, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var written = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referral_settings (provider_id, accepts, updated_at)
            SELECT p.id, @Accepts, @At FROM providers p WHERE p.id = @ProviderId
            ON CONFLICT (provider_id) DO UPDATE SET accepts = excluded.accepts, updated_at = excluded.updated_at
            """,
            new { ProviderId = providerId, Accepts = accepts ? 1L : 0L, At = Stamp(at) }, cancellationToken: ct));
        return written == 1;
    }

    public async Task<IReadOnlyList<string>> AcceptingAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT provider_id FROM referral_settings WHERE accepts = 1 ORDER BY provider_id", cancellationToken: ct))).ToList();
    }

    // Every referral received in [from, to) (UTC stamps), for the handling figures; no personal or firm data.
    public async Task<IReadOnlyList<ReferralStatsRow>> StatsRowsAsync(string? providerId, string from, string to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ReferralStatsRow>(new CommandDefinition(
            """
            SELECT r.provider_id AS ProviderId, p.name AS ProviderName, r.created_at AS CreatedAt, r.first_answered_at AS FirstAnsweredAt,
                   r.closed_at AS ClosedAt, r.outcome AS Outcome
            FROM referrals r JOIN providers p ON p.id = r.provider_id
            WHERE r.created_at >= @From AND r.created_at < @To AND (@ProviderId IS NULL OR r.provider_id = @ProviderId)
            ORDER BY r.provider_id
            """,
            new { ProviderId = providerId, From = from, To = to }, cancellationToken: ct))).ToList();
    }

    public static MatchCompany? Company(string? json) => json is null ? null : JsonSerializer.Deserialize<MatchCompany>(json, CatalogueJson.Options);
}
