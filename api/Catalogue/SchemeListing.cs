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
        var found = new List<Listed>();
        var schemes = snapshot.Schemes;
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

            var level = IndexOf(SchemeLevels.All, d.Level);
            found.Add(new Listed(entry, rank, level < 0 ? SchemeLevels.All.Count : level));
        }

        var skip = (long)(filter.Page - 1) * filter.PageSize;
        var page = skip >= found.Count ? [] : First(found, (int)Math.Min(found.Count, skip + filter.PageSize)).Skip((int)skip).Select(f => f.Entry).ToList();
        return new Page<SchemeEntry>(page, found.Count);
    }

    private readonly record struct Listed(SchemeEntry Entry, double Rank, int Level)
    {
        public static int Compare(Listed a, Listed b)
        {
            var byRank = a.Rank.CompareTo(b.Rank);
            var byLevel = a.Level.CompareTo(b.Level);
            return byRank != 0 ? byRank : byLevel != 0 ? byLevel : string.CompareOrdinal(a.Entry.Document.Id, b.Entry.Document.Id);
        }
    }

    // The first `count` in order: a page near the start of a long list needs a bounded heap, not a sort of all of it.
    private static List<Listed> First(List<Listed> found, int count)
    {
        if (count * 4 >= found.Count)
        {
            found.Sort(Listed.Compare);
            return found.GetRange(0, count);
        }

        var worstFirst = Comparer<Listed>.Create((a, b) => Listed.Compare(b, a));
        var heap = new PriorityQueue<Listed, Listed>(count + 1, worstFirst);
        foreach (var f in found)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(f, f);
            }
            else if (Listed.Compare(f, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(f, f);
            }
        }

        var first = heap.UnorderedItems.Select(x => x.Element).ToList();
        first.Sort(Listed.Compare);
        return first;
    }

    private static int IndexOf(IReadOnlyList<string> codes, string code)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] == code)
            {
                return i;
            }
        }

        return -1;
    }

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
