using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Matchmaker.Benchmarks;

// dotnet run -c Release --project tests/Matchmaker.Benchmarks                    (every benchmark, short job, ≤ 3 minutes)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- --filter '*RankOneProfile*' --job medium   (steadier)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- synthetic-data <folder> <count>   (a data/ folder for loading)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- rank-loop <schemes> <seconds>   (a steady loop to profile)
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- judge [--show] [--sweep FILE] [--holdout] [--decided]   (tuning ScoreWeights)
if (args is ["synthetic-data", var folder, var count])
{
    SyntheticData.Write(folder, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

// A steady loop for perf or dotnet-trace: rank one profile at <count> schemes for <seconds>, printing the mean.
if (args is ["rank-loop", var schemes, var seconds])
{
    var bench = new RankingBenchmarks { Schemes = int.Parse(schemes, System.Globalization.CultureInfo.InvariantCulture) };
    bench.Setup();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var runs = 0;
    while (clock.Elapsed.TotalSeconds < double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
    {
        bench.RankOneProfile();
        runs++;
    }

    Console.WriteLine($"{runs} runs, {clock.Elapsed.TotalMicroseconds / runs:0.0} us each");
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
