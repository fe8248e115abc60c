using Matchmaker.Api.Catalogue;
using static Matchmaker.Api.Tests.Publishing.SchemeBodies;

namespace Matchmaker.Api.Tests.Catalogue;

public sealed class SharedStringsTests
{
    private static readonly string First = Valid("t-copy-1").ToJsonString();
    private static readonly string Second = Valid("t-copy-2").ToJsonString();

    [Fact]
    public void InsideAScope_CopiesShareTheirTexts_AndKeepTheirOwnIds()
    {
        using (SharedStrings.Use(SharedStrings.NewPool()))
        {
            var a = CatalogueJson.DeserializeShared(First);
            var b = CatalogueJson.DeserializeShared(Second);

            Assert.Same(a.Summary.Nl, b.Summary.Nl);
            Assert.Same(a.Provider, b.Provider);
            Assert.Equal(["t-copy-1", "t-copy-2"], [a.Id, b.Id]);
        }
    }

    [Fact]
    public void OutsideAScope_NothingIsShared_AndTheScopeEndsWithItsUsing()
    {
        var pool = SharedStrings.NewPool();
        using (SharedStrings.Use(pool))
        {
            _ = CatalogueJson.DeserializeShared(First);
        }

        var kept = pool.Count;
        var a = CatalogueJson.DeserializeShared(First);
        var b = CatalogueJson.DeserializeShared(Second);

        Assert.NotSame(a.Summary.Nl, b.Summary.Nl);
        Assert.Equal(a.Summary.Nl, b.Summary.Nl);
        Assert.Equal(kept, pool.Count);
    }

    [Fact]
    public async Task TheScopeReachesTheTasksItStarts()
    {
        using (SharedStrings.Use(SharedStrings.NewPool()))
        {
            var copies = await Task.WhenAll(Task.Run(() => CatalogueJson.DeserializeShared(First)), Task.Run(() => CatalogueJson.DeserializeShared(Second)));

            Assert.Same(copies[0].Summary.Nl, copies[1].Summary.Nl);
        }
    }
}
