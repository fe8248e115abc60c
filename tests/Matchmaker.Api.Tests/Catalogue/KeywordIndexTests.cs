using Matchmaker.Api.Catalogue;
using Microsoft.Data.Sqlite;

namespace Matchmaker.Api.Tests.Catalogue;

// Keyword search runs in memory; it must find and rank what SQLite's FTS5 finds and ranks for the same texts (the
// full-text table it replaces: unicode61 with diacritics removed, prefix queries, bm25 weighted title 4, summary 1,
// keywords 2), also after a scheme changed.
public sealed class KeywordIndexTests
{
    private static readonly string[] Queries =
    [
        "energie", "zonnepanelen", "innovatie mkb", "export", "warmtep", "lening", "subsidie", "monument", "opleiding",
        "solar panels", "creme", "startup", "bedrijfsovername", "digitale", "a", "z",
    ];

    [Fact]
    public void Search_FindsAndRanksWhatFts5Does()
    {
        // Arrange
        var schemes = CatalogueData.Load(TestPaths.RealData).Schemes.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var index = new KeywordIndex(schemes);
        using var fts = Fts5(schemes);

        foreach (var query in Queries)
        {
            // Act
            var tokens = FtsQuery.Tokens(query);
            var ours = index.Search(tokens).OrderBy(r => r.Rank).ThenBy(r => schemes[r.Scheme].Id, StringComparer.Ordinal).ToList();
            var theirs = Fts5Search(fts, tokens);

            // Assert: the same schemes, in the same order of rank, with the same ranks.
            Assert.Equal(theirs.Select(t => t.Id), ours.Select(o => schemes[o.Scheme].Id));
            Assert.All(ours.Zip(theirs), p => Assert.Equal(p.Second.Rank, p.First.Rank, 9));
        }
    }

    [Fact]
    public void Replace_IndexesWhatABuildFromNothingDoes()
    {
        // Arrange
        var schemes = CatalogueData.Load(TestPaths.RealData).Schemes.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var index = new KeywordIndex(schemes);
        const int Position = 11;
        var changed = schemes.ToList();
        changed[Position] = schemes[Position] with
        {
            Summary = new LocalizedText("Nieuwe tekst over zonnepanelen en een warmtepomp.", "New text about solar panels."),
            Keywords = new SchemeKeywords(["xylofoonbouw"], null),
        };

        // Act
        var patched = index.Replace(Position, schemes[Position], changed[Position]);
        var fresh = new KeywordIndex(changed);

        // Assert
        foreach (var query in Queries.Append("xylofoon").Append(schemes[Position].Summary.Nl.Split(' ')[0]))
        {
            var tokens = FtsQuery.Tokens(query);
            Assert.Equal(fresh.Search(tokens).OrderBy(r => r.Scheme), patched.Search(tokens).OrderBy(r => r.Scheme));
        }
    }

    private static SqliteConnection Fts5(IReadOnlyList<SchemeDocument> schemes)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE VIRTUAL TABLE f USING fts5 (scheme_id UNINDEXED, title, summary, keywords, tokenize = 'unicode61 remove_diacritics 2')";
        create.ExecuteNonQuery();
        foreach (var scheme in schemes)
        {
            var (title, summary, keywords) = KeywordIndex.Texts(scheme);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO f VALUES ($id, $title, $summary, $keywords)";
            insert.Parameters.AddWithValue("$id", scheme.Id);
            insert.Parameters.AddWithValue("$title", title);
            insert.Parameters.AddWithValue("$summary", summary);
            insert.Parameters.AddWithValue("$keywords", keywords);
            insert.ExecuteNonQuery();
        }

        return connection;
    }

    private static List<(string Id, double Rank)> Fts5Search(SqliteConnection connection, IReadOnlyList<string> tokens)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT scheme_id, bm25(f, 0.0, 4.0, 1.0, 2.0) FROM f WHERE f MATCH $query ORDER BY 2, 1";
        select.Parameters.AddWithValue("$query", string.Join(" AND ", tokens.Select(t => "\"" + t + "\"*")));
        using var reader = select.ExecuteReader();
        var found = new List<(string, double)>();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetDouble(1)));
        }

        return found;
    }
}
