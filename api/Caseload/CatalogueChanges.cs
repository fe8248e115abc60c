using System.Data;
using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Webhooks;

namespace Matchmaker.Api.Caseload;

// The durable half of change detection: inside the transaction of every catalogue write (API write, import, seed) the
// scheme it touched is recorded, with the catalogue version that write raised, and the scheme's own provider gets its
// scheme.changed event in the same outbox. The change detector later applies the records to the saved profiles, so a
// crash between the write and the matching loses nothing.
public static class CatalogueChanges
{
    public const string Write = "write";
    public const string Date = "date";

    public static async Task RecordWriteAsync(
        IDbConnection connection, IDbTransaction transaction, SchemeDocument scheme, long version, Change change, DateTimeOffset at, CancellationToken ct)
    {
        await RecordAsync(connection, transaction, [scheme.Id], Write, at, ct);
        await WebhookOutbox.EnqueueAsync(connection, transaction, WebhookEvents.SchemeChanged, scheme.Provider,
            new SchemeChangedEventData(WebhookScheme.Of(scheme), version, change.What), at, ct);
    }

    public static Task RecordAsync(
        IDbConnection connection, IDbTransaction transaction, IReadOnlyCollection<string> schemeIds, string reason, DateTimeOffset at, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO catalogue_changes (scheme_id, catalogue_version, reason, changed_at)
            SELECT @SchemeId, version, @Reason, @At FROM catalogue_state WHERE id = 1
            """,
            schemeIds.Select(id => new { SchemeId = id, Reason = reason, At = at.UtcDateTime.ToString("O") }), transaction, cancellationToken: ct));
}
