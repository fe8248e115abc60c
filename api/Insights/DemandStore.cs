using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Matchmaker.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

// Writes demand events, a batch per transaction, and counts the unrecognised words. A word is kept as a keyed hash
// (HMAC-SHA256 with the installation's secret) and a count of the events that used it; the word itself is written only
// by the event that brings the count to Insights__MinimumCellSize, so a word fewer requests used is never stored.
public sealed class DemandStore(Database db, IOptions<InsightsOptions> options)
{
    public const string DateFormat = "yyyy-MM-dd";

    // Pairs of (sender, word) already counted today, so one sender typing its own name again and again does not make it
    // frequent. In memory only; at the cap, further pairs are not counted that day (a word may be counted too little,
    // never too much).
    public const int SeenCap = 200_000;
    private readonly HashSet<long> _seen = [];
    private DateOnly _seenDay;
    private readonly Lock _seenLock = new();
    private byte[]? _key;

    public async Task WriteAsync(IReadOnlyList<DemandEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        // Words are counted once, before the attempts, so a retried batch counts each of them once too.
        var words = CountWords(events, await WordKeyAsync(ct));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(events, words, ct);
                return;
            }
            catch (DbException) when (attempt < Attempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt * attempt), ct);
            }
        }
    }

    public const int Attempts = 3;

    private async Task WriteOnceAsync(IReadOnlyList<DemandEvent> events, Dictionary<string, (string Word, long Events, string LastDay)> words, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await BeginAsync(connection, ct);
        var codes = new List<(long EventId, string Kind, string Code)>();
        var shown = new List<(long EventId, string SchemeId, long Rank)>();
        foreach (var e in events)
        {
            var day = e.Day.ToString(DateFormat, CultureInfo.InvariantCulture);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO demand_events (day, month, province, municipality, size_class, sbi_section, age_band, channel, fitting, unmet)
                VALUES (@Day, @Month, @Province, @Municipality, @SizeClass, @SbiSection, @AgeBand, @Channel, @Fitting, @Unmet)
                RETURNING id
                """,
                new
                {
                    Day = day, Month = day[..7], e.Province, e.Municipality, e.SizeClass, e.SbiSection, e.AgeBand, e.Channel,
                    Fitting = (long)e.Fitting, Unmet = e.Unmet ? 1L : 0L,
                },
                transaction, cancellationToken: ct));
            codes.AddRange(e.Purposes.Select(c => (id, InsightGroupings.Purpose, c)).Concat(e.Themes.Select(c => (id, InsightGroupings.Theme, c)))
                .Concat(e.Instruments.Select(c => (id, InsightGroupings.Instrument, c))).Distinct());
            shown.AddRange(e.Shown.Distinct(StringComparer.Ordinal).Select((scheme, i) => (id, scheme, i + 1L)));
        }

        // The codes and shown schemes of the whole batch in a few statements of many rows: one statement per row was
        // a tenth of a match's cost under load (ten shown schemes a match).
        await InsertRowsAsync(connection, transaction, "demand_event_codes (event_id, kind, code)", codes,
            (p, i, r) => { p.Add($"e{i}", r.EventId); p.Add($"k{i}", r.Kind); p.Add($"c{i}", r.Code); }, i => $"(@e{i}, @k{i}, @c{i})", ct);
        await InsertRowsAsync(connection, transaction, "demand_event_schemes (event_id, scheme_id, rank)", shown,
            (p, i, r) => { p.Add($"e{i}", r.EventId); p.Add($"s{i}", r.SchemeId); p.Add($"r{i}", r.Rank); }, i => $"(@e{i}, @s{i}, @r{i})", ct);

        var minimum = options.Value.MinimumCellSize;
        foreach (var (hash, (word, count, lastDay)) in words)
        {
            // The count first; the word only when this batch brings it to the threshold, so it is never sent for less.
            var row = await connection.QuerySingleAsync<(long Events, string? Word)>(new CommandDefinition(
                """
                INSERT INTO demand_words (hash, events, word, last_seen_on) VALUES (@Hash, @Count, NULL, @LastDay)
                ON CONFLICT (hash) DO UPDATE SET events = demand_words.events + excluded.events,
                    last_seen_on = CASE WHEN excluded.last_seen_on > demand_words.last_seen_on THEN excluded.last_seen_on ELSE demand_words.last_seen_on END
                RETURNING events, word
                """,
                new { Hash = hash, Count = count, LastDay = lastDay }, transaction, cancellationToken: ct));
            if (row.Events >= minimum && row.Word is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE demand_words SET word = @Word WHERE hash = @Hash AND word IS NULL", new { Word = word, Hash = hash }, transaction, cancellationToken: ct));
            }
        }

        await transaction.CommitAsync(ct);
    }

    // Rows per statement. SQLite finds each named parameter by a scan of the statement's parameters, so binding costs
    // grows with the square of their number: at 500 rows (1,500 parameters) the scan cost more than a statement per row.
    private const int RowsPerStatement = 10;

    private static async Task InsertRowsAsync<T>(
        DbConnection connection, DbTransaction transaction, string table, List<T> rows, Action<DynamicParameters, int, T> bind,
        Func<int, string> values, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                bind(parameters, i, chunk[i]);
            }

            var sql = $"INSERT INTO {table} VALUES {string.Join(", ", Enumerable.Range(0, chunk.Length).Select(values))}";
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        }
    }

    // Events before the cutoff, and words no event used since, are deleted (their scheme and code rows go with them).
    public async Task<(int Events, int Words)> DeleteBeforeAsync(DateOnly cutoff, CancellationToken ct)
    {
        var day = cutoff.ToString(DateFormat, CultureInfo.InvariantCulture);
        await using var connection = await db.OpenAsync(ct);
        var events = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM demand_events WHERE day < @day", new { day }, cancellationToken: ct));
        var words = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM demand_words WHERE last_seen_on < @day", new { day }, cancellationToken: ct));
        return (events, words);
    }

    // Per word hash: the word, how many events used it (each sender once a day) and the last day.
    private Dictionary<string, (string Word, long Events, string LastDay)> CountWords(IReadOnlyList<DemandEvent> events, byte[] key)
    {
        var words = new Dictionary<string, (string Word, long Events, string LastDay)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Description is null || e.Snapshot is null)
            {
                continue;
            }

            var day = e.Day.ToString(DateFormat, CultureInfo.InvariantCulture);
            foreach (var word in UnrecognisedWords.Of(e.Description, e.Snapshot))
            {
                var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(word));
                if (!FirstToday(e.Source, BitConverter.ToInt64(mac), e.Day))
                {
                    continue;
                }

                var hash = Convert.ToHexStringLower(mac);
                words[hash] = words.TryGetValue(hash, out var w)
                    ? (word, w.Events + 1, string.CompareOrdinal(day, w.LastDay) > 0 ? day : w.LastDay)
                    : (word, 1, day);
            }
        }

        return words;
    }

    private bool FirstToday(string? source, long word, DateOnly day)
    {
        // Without a known sender (no address, as behind some proxies) each request counts.
        if (source is null)
        {
            return true;
        }

        // A 64-bit fingerprint of the pair; a collision (about one in 10^9 at the cap) only skips one count.
        var pair = word ^ (source.GetHashCode() * unchecked((long)0x9E3779B97F4A7C15));
        lock (_seenLock)
        {
            if (day != _seenDay)
            {
                _seen.Clear();
                _seenDay = day;
            }

            return !_seen.Contains(pair) && _seen.Count < SeenCap && _seen.Add(pair);
        }
    }

    // The installation's secret: Insights__WordKey when set, else made once at random and kept in the database (the first
    // node to write it wins; every node then reads the same).
    private async Task<byte[]> WordKeyAsync(CancellationToken ct)
    {
        if (_key is not null)
        {
            return _key;
        }

        if (options.Value.WordKey is { Length: > 0 } configured)
        {
            return _key = Encoding.UTF8.GetBytes(configured);
        }

        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO insights_keys (id, word_key) VALUES (1, @Key) ON CONFLICT (id) DO NOTHING",
            new { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, cancellationToken: ct));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT word_key FROM insights_keys WHERE id = 1", cancellationToken: ct));
        return _key = Convert.FromBase64String(stored!);
    }

    // SQLite takes the write lock at the start (BEGIN IMMEDIATE), so the batch waits for it instead of failing halfway.
    private static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false)
            : await connection.BeginTransactionAsync(ct);
}
