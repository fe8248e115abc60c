using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Feedback;

public sealed record FeedbackRow(string Id, string SchemeId, string? Field, string Message, string ReceivedAt);

public sealed class FeedbackRepository(Database db, TimeProvider time)
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    // Null when there is no published scheme with that id (unknown or archived): then nothing is written.
    public async Task<FeedbackReceiptResponse?> AddAsync(string schemeId, FeedbackInput input, CancellationToken ct)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        // To the second: a finer stamp would only help to tie a report to a request in some other log.
        var now = time.GetUtcNow().UtcDateTime;
        var receivedAt = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
        await using var connection = await db.OpenAsync(ct);
        // One statement: the scheme's existence and the insert cannot be split by an archive in between.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO feedback (id, scheme_id, field, message, received_at)
            SELECT @Id, s.id, @Field, @Message, @ReceivedAt
            FROM schemes s
            WHERE s.id = @SchemeId AND s.archived = 0
            """,
            new { Id = id, SchemeId = schemeId, input.Field, input.Message, ReceivedAt = receivedAt.ToString(TimestampFormat, CultureInfo.InvariantCulture) },
            cancellationToken: ct));
        return inserted == 1 ? new FeedbackReceiptResponse(id, new DateTimeOffset(receivedAt)) : null;
    }

    // providerId null: every report (admin); otherwise only reports on that provider's schemes, archived ones included.
    public async Task<Page<FeedbackResponse>> ListAsync(string? providerId, string? schemeId, int page, int pageSize, CancellationToken ct)
    {
        const string Filtered =
            """
            FROM feedback f
            JOIN schemes s ON s.id = f.scheme_id
            WHERE (@ProviderId IS NULL OR s.provider_id = @ProviderId)
              AND (@SchemeId IS NULL OR f.scheme_id = @SchemeId)
            """;
        var parameters = new { ProviderId = providerId, SchemeId = schemeId, Limit = pageSize, Offset = (page - 1) * pageSize };
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) " + Filtered, parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<FeedbackRow>(new CommandDefinition(
            "SELECT f.id AS Id, f.scheme_id AS SchemeId, f.field AS Field, f.message AS Message, f.received_at AS ReceivedAt " + Filtered +
            " ORDER BY f.received_at DESC, f.id LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: ct));
        return new Page<FeedbackResponse>(rows.Select(ToResponse).ToList(), total);
    }

    private static FeedbackResponse ToResponse(FeedbackRow row) => new(
        row.Id, row.SchemeId, row.Field, row.Message,
        DateTimeOffset.ParseExact(row.ReceivedAt, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
}
