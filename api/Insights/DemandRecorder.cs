using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Insights;

public sealed record RecorderCounts(long Queued, long Dropped, long Written, long Lost);

// An event to write, or a flush mark: the writer completes the mark once everything queued before it is written.
public readonly record struct QueuedItem(DemandEvent? Event, TaskCompletionSource? Flushed);

// The hot path's side of the insights: a match hands its event to a bounded in-memory queue and goes on. TryWrite never
// waits; when the queue is full the event is dropped and counted, so recording never slows a match. DemandWriter empties
// the queue in batches.
public sealed class DemandRecorder
{
    private readonly Channel<QueuedItem> _queue;
    private readonly InsightsMetrics _metrics;
    private readonly TimeSpan _gather;
    private TaskCompletionSource _nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;
    private long _queued;
    private long _dropped;
    private long _written;
    private long _lost;

    public DemandRecorder(IOptions<InsightsOptions> options, InsightsMetrics metrics)
    {
        Enabled = options.Value.Enabled;
        _metrics = metrics;
        _gather = options.Value.WriteInterval;
        // Wait mode with TryWrite only: a full queue makes TryWrite return false at once, which counts the drop exactly.
        _queue = Channel.CreateBounded<QueuedItem>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public bool Enabled { get; }

    public ChannelReader<QueuedItem> Reader => _queue.Reader;

    public RecorderCounts Counts =>
        new(Interlocked.Read(ref _queued), Interlocked.Read(ref _dropped), Interlocked.Read(ref _written), Interlocked.Read(ref _lost));

    public void Record(DemandEvent demand)
    {
        if (!Enabled)
        {
            return;
        }

        if (_queue.Writer.TryWrite(new QueuedItem(demand, null)))
        {
            Interlocked.Increment(ref _queued);
            _metrics.Queued();
        }
        else
        {
            Interlocked.Increment(ref _dropped);
            _metrics.Dropped();
        }
    }

    // No more events (the service stops): the writer writes what is queued and ends.
    public void Complete()
    {
        _closing = true;
        _queue.Writer.TryComplete();
        Nudge();
    }

    // The writer's side: waits for the first event, then lets more gather for Insights__WriteInterval (or until a flush or
    // the stop), and takes up to max events, or those before a flush mark. Waking the writer for every single event would
    // cost each match a thread switch; this way it wakes a few times a second at most. False once closed and empty.
    public async Task<bool> ReadBatchAsync(List<DemandEvent> batch, List<TaskCompletionSource> marks, int max)
    {
        var reader = _queue.Reader;
        if (!await reader.WaitToReadAsync())
        {
            return false;
        }

        var nudge = Volatile.Read(ref _nudge);
        if (reader.Count < max && !_closing && !nudge.Task.IsCompleted)
        {
            await Task.WhenAny(nudge.Task, Task.Delay(_gather));
        }

        if (nudge.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _nudge, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), nudge);
        }

        while (batch.Count < max && reader.TryRead(out var item))
        {
            if (item.Event is not null)
            {
                batch.Add(item.Event);
            }
            else
            {
                // Everything before the mark is in this batch; the mark is completed once the batch is written.
                marks.Add(item.Flushed!);
                break;
            }
        }

        return true;
    }

    // Called by the writer after each batch.
    public void Done(int written, int lost)
    {
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _lost, lost);
        _metrics.Written(written);
        if (lost > 0)
        {
            _metrics.Lost(lost);
        }
    }

    // Until every event queued before this call is written (or lost): for tests and the simulation. The mark waits for
    // room in the queue, unlike an event; once the queue is closed, until the writer has drained it.
    public async Task FlushAsync(CancellationToken ct)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new QueuedItem(null, flushed), ct);
            Nudge();
        }
        catch (ChannelClosedException)
        {
            await _queue.Reader.Completion.WaitAsync(ct);
            return;
        }

        await flushed.Task.WaitAsync(ct);
    }

    private void Nudge() => Volatile.Read(ref _nudge).TrySetResult();
}
