using BenchmarkDotNet.Running;
using Matchmaker.Benchmarks;

// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Matchmaker.Benchmarks -- synthetic-data <folder> <count>   (for the load test)
if (args is ["synthetic-data", var folder, var count])
{
    SyntheticData.Write(folder, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
