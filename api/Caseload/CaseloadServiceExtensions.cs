using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Caseload;

public static class CaseloadServiceExtensions
{
    public static IServiceCollection AddCaseload(this IServiceCollection services)
    {
        services.AddOptions<CaseloadOptions>().BindConfiguration(CaseloadOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Caseload__PollInterval must be more than 0.")
            .Validate(o => o.BatchSize >= 1, "Caseload__BatchSize must be 1 or more.")
            .Validate(o => o.DutyCycle is > 0 and <= 1, "Caseload__DutyCycle must be more than 0 and at most 1.")
            .ValidateOnStart();
        services.AddSingleton<ProfileMatcher>();
        services.AddSingleton<ProfileRequestReader>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<CaseloadSignal>();
        // Singletons as well as hosted services, so tests can run one pass with RunOnceAsync.
        services.AddSingleton<ChangeDetector>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeDetector>());
        services.AddClaimedJob<DateChanges>();
        return services;
    }
}
