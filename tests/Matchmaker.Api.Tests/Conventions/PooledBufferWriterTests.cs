using System.Text;
using System.Text.Json;
using Matchmaker.Api.Http;

namespace Matchmaker.Api.Tests.Conventions;

public sealed class PooledBufferWriterTests
{
    [Theory]
    [InlineData(16, 10)]
    [InlineData(16, 5_000)]
    [InlineData(32 * 1024, 100_000)]
    public void Writer_GrowsPastItsFirstArray_AndKeepsEveryByteInOrder(int initial, int items)
    {
        // Arrange
        using var body = new PooledBufferWriter(initial);
        var expected = new StringBuilder("[");

        // Act
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartArray();
            for (var i = 0; i < items; i++)
            {
                writer.WriteStringValue($"item-{i}-€");
                expected.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $"\"item-{i}-\\u20AC\"");
            }

            writer.WriteEndArray();
        }

        // Assert
        Assert.Equal(expected.Append(']').ToString(), Encoding.UTF8.GetString(body.WrittenMemory.Span));
    }

    [Fact]
    public void Advance_BeyondWhatWasHandedOut_IsRefused()
    {
        using var body = new PooledBufferWriter(16);
        var length = body.GetSpan(8).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => body.Advance(length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => body.Advance(-1));
    }

    [Fact]
    public void Dispose_TwiceAndThenReadingWritten_GivesNothing()
    {
        var body = new PooledBufferWriter(16);
        body.GetSpan(3)[..3].Fill((byte)'a');
        body.Advance(3);

        body.Dispose();
        body.Dispose();

        Assert.Equal(0, body.WrittenMemory.Length);
    }
}
