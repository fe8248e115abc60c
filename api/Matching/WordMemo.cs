using System.Collections.Concurrent;

namespace Matchmaker.Api.Matching;

// Remembers what a pure function of one word gave: splitting a compound or repairing a typo walks the vocabulary, and
// firms' questions use the same words over and over, while a snapshot's vocabulary stays put. Per word, never per
// question. Bounded, so a stream of odd words cannot grow it without end: past the bound it starts over.
public sealed class WordMemo<T>(int capacity = WordMemo<T>.DefaultCapacity)
{
    public const int DefaultCapacity = 20_000;

    private readonly ConcurrentDictionary<string, T> _values = new(StringComparer.Ordinal);
    private int _count;

    public T Get<TState>(string word, TState state, Func<string, TState, T> compute)
    {
        if (_values.TryGetValue(word, out var known))
        {
            return known;
        }

        var value = compute(word, state);
        if (Interlocked.Increment(ref _count) > capacity)
        {
            _values.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _values.TryAdd(word, value);
        return value;
    }
}
