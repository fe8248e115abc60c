namespace Matchmaker.Api.Matching;

// Building the snapshot of a large catalogue, or importing one, allocates several times what it leaves behind (rows read,
// documents parsed, indexes grown), and the server GC keeps the memory it once committed: without this the process would
// stay near its peak for the rest of its life. One blocking, compacting collection that gives the free space back costs
// about a tenth of a second at 10,000 schemes, once per import or start, never per request or per single write.
public static class HeapCompaction
{
    // About four times today's national catalogue: below it the build's garbage is small and a full collection not worth
    // its pause.
    public const int MinimumSchemes = 2_000;

    public static void AfterLargeWork(int schemes)
    {
        if (schemes >= MinimumSchemes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
