using Matchmaker.Api.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Matchmaker.Api.Tests.Storage;

public sealed class ClaimedJobTests
{
    // An exception that leaves a hosted service's ExecuteAsync stops the whole host: a job's fault must not.
    [Fact]
    public async Task ARunThatThrows_IsLoggedAndTheJobRunsAgain()
    {
        using var job = new FaultyJob();

        await job.StartAsync(CancellationToken.None);
        var ranTwice = await Task.WhenAny(job.SecondRun.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        await job.StopAsync(CancellationToken.None);

        Assert.Same(job.SecondRun.Task, ranTwice);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
    }

    private sealed class FaultyJob() : ClaimedJob("Faulty", TimeSpan.FromMilliseconds(10), NullLogger.Instance)
    {
        private int _runs;

        public TaskCompletionSource SecondRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task RunAsync(CancellationToken ct)
        {
            if (Interlocked.Increment(ref _runs) == 1)
            {
                throw new InvalidOperationException("a fault of the first run");
            }

            SecondRun.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
