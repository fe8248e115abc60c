using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Catalogue;

public sealed record SchemeFilter(
    string? Level, string? Instrument, string? Theme, string? Provider, string? Province, string? Municipality,
    string? Status, string? Search, DateOnly Today, int Page, int PageSize, string? Purpose = null);

// The scheme list (GET /v1/schemes), filtered, searched and paged over the snapshot that matching uses, so it costs no
// query to the database and shows a write as soon as matching does. Order: best keyword rank first (when searching),
// then the widest level, then the id.
public static class SchemeListing
{
    public static Page<SchemeEntry> List(CatalogueSnapshot snapshot, SchemeFilter filter)
    {
        var hits = filter.Search is null ? null : snapshot.Keywords.Search(FtsQuery.Tokens(filter.Search));
        var inProvince = filter.Province is null ? null : ProvinceAreas(snapshot, filter.Province);
        var inMunicipality = filter.Municipality is null ? null : MunicipalityAreas(snapshot, filter.Municipality);
        var schemes = snapshot.Schemes;
        // Only the first page's worth is kept, in a bounded heap, while every scheme that passes is counted: a search
        // that thousands of schemes answer costs no list of them all.
        var skip = (long)(filter.Page - 1) * filter.PageSize;
        var keep = (int)Math.Min(schemes.Count, skip + filter.PageSize);
        var heap = new PriorityQueue<Listed, Listed>(Math.Min(keep, 1024) + 1, WorstFirst);
        var total = 0;
        // A search visits only the schemes that have its words; otherwise every scheme.
        var count = hits?.Count ?? schemes.Count;
        for (var h = 0; h < count; h++)
        {
            var (i, rank) = hits is null ? (h, 0.0) : (hits[h].Scheme, hits[h].Rank);
            var entry = schemes[i];
            var d = entry.Document;
            if ((filter.Level is not null && d.Level != filter.Level)
                || (filter.Instrument is not null && d.Instrument != filter.Instrument)
                || (filter.Provider is not null && d.Provider != filter.Provider)
                || (filter.Theme is not null && !d.Themes.Contains(filter.Theme))
                || (filter.Purpose is not null && !(d.Purposes ?? []).Contains(filter.Purpose))
                || (inProvince is not null && !entry.Areas.Overlaps(inProvince))
                || (inMunicipality is not null && !entry.Areas.Overlaps(inMunicipality))
                || (filter.Status is not null && entry.Status(filter.Today).Status != filter.Status))
            {
                continue;
            }

            total++;
            var listed = new Listed(i, rank, entry.LevelOrder);
            if (heap.Count < keep)
            {
                heap.Enqueue(listed, listed);
            }
            else if (keep > 0 && Listed.Compare(listed, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(listed, listed);
            }
        }

        var first = new Listed[heap.Count];
        for (var n = first.Length - 1; n >= 0; n--)
        {
            first[n] = heap.Dequeue();
        }

        var page = first.Skip((int)Math.Min(skip, first.Length)).Select(f => schemes[f.Index]).ToList();
        return new Page<SchemeEntry>(page, total);
    }

    // Schemes are held in id order, so their position breaks a tie as the id would.
    private readonly record struct Listed(int Index, double Rank, int Level)
    {
        public static int Compare(Listed a, Listed b)
        {
            var byRank = a.Rank.CompareTo(b.Rank);
            var byLevel = a.Level.CompareTo(b.Level);
            return byRank != 0 ? byRank : byLevel != 0 ? byLevel : a.Index.CompareTo(b.Index);
        }
    }

    private static readonly Comparer<Listed> WorstFirst = Comparer<Listed>.Create((a, b) => Listed.Compare(b, a));

    // The area codes of which a scheme needs one to be open to firms in a province: the country, the province and its
    // municipalities.
    private static HashSet<string> ProvinceAreas(CatalogueSnapshot snapshot, string province)
    {
        var codes = snapshot.Municipalities.Values.Where(m => m.ProvinceCode == province).Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        codes.Add(AreaKey.National);
        codes.Add(province);
        return codes;
    }

    // ... to firms in a municipality: the country, its province and the municipality itself.
    private static HashSet<string> MunicipalityAreas(CatalogueSnapshot snapshot, string municipality)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal) { AreaKey.National, municipality };
        if (snapshot.Municipalities.TryGetValue(municipality, out var info))
        {
            codes.Add(info.ProvinceCode);
        }

        return codes;
    }
}
