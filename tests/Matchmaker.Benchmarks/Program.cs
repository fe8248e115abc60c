using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Matchmaker.Benchmarks;

// dotnet run -c Release --project tests/Matchmaker.Benchmarks                    (every benchmark, short job, ≤ 3 minutes)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- --filter '*RankOneProfile*' --job medium   (steadier)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- synthetic-data <folder> <count>   (a data/ folder for loading)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- judge [--show] [--sweep FILE] [--holdout] [--decided]   (tuning ScoreWeights)
if (args is ["synthetic-data", var folder, var count])
{
    SyntheticData.Write(folder, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["judge", ..])
{
    JudgeCommand.Run(args);
    return;
}

// The short job in this process: no generated project to build per benchmark, so the whole suite (real catalogue,
// 10,000 and 100,000 schemes) fits in a few minutes even on a busy machine; pass --job for longer runs.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
