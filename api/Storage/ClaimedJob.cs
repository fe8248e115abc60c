using System.Data.Common;

namespace Matchmaker.Api.Storage;

// The loop of periodic work that runs once across nodes (JobClaims): every node wakes on its own timer and runs the job,
// which claims the period or leaves it to the node that has it. A database that cannot be reached, or any other fault of
// a run, is logged and tried again at the next wake; it never ends the job, nor the host.
public abstract class ClaimedJob(string name, TimeSpan wake, ILogger logger) : BackgroundService
{
    protected ILogger Logger { get; } = logger;

    // One run, which claims its period or finds it taken.
    protected abstract Task RunAsync(CancellationToken ct);

    // A wait before the first run, for work that need not hold up a node's start-up.
    protected virtual bool WaitFirst => false;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (WaitFirst)
            {
                await WaitAsync(stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunAsync(stoppingToken);
                }
                catch (DbException ex)
                {
                    Logger.LogWarning("{Job} could not reach the database ({Error}); trying again later", name, ex.GetType().Name);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // An exception that leaves ExecuteAsync stops the whole host (the framework's default), so one job's
                    // fault would take the API down with it. Only the type is logged: messages may quote stored data.
                    Logger.LogError("{Job} failed ({Error}); trying again at the next wake", name, ex.GetType().Name);
                }

                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Real time, not the injected clock: a test that moves its fake clock days ahead must not start runs behind its back.
    private Task WaitAsync(CancellationToken ct) => Task.Delay(wake, ct);
}

public static class ClaimedJobExtensions
{
    // One instance, both hosted and injectable, so tests and commands can run it once themselves.
    public static IServiceCollection AddClaimedJob<TJob>(this IServiceCollection services) where TJob : ClaimedJob
    {
        services.AddSingleton<TJob>();
        return services.AddHostedService(sp => sp.GetRequiredService<TJob>());
    }
}
