using System.Diagnostics;
using System.Globalization;
using Bright.Benchmarks;

// BRIGHT's performance figures, each printed beside a reference measured in the same run on the same data.
// Usage: dotnet run --project tests/Bright.Benchmarks -c Release [-- --quick] [--mllp] [--distributed]
// --mllp runs only HL7 v2 over MLLP and the HL7 parser.
// --distributed adds one node against three on a real redis-server (installed with apt-get when missing).
var quick = args.Contains("--quick");
var events = quick ? 200_000 : 2_000_000;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"BRIGHT benchmarks ({(quick ? "quick" : "full")}: {events:N0} events; {Environment.ProcessorCount} cores; .NET {Environment.Version})"));
var total = Stopwatch.StartNew();
await MllpBenchmarks.RunAsync(quick ? 1_000 : 5_000, quick ? 20_000 : 100_000, 4, 16);
if (!args.Contains("--mllp"))
{
    SpcBenchmarks.Run();
    await IngestBenchmarks.RunAsync(events);
    await LivePushBenchmarks.RunAsync(quick ? 20 : 200, 60);
    ForecastBenchmarks.Run(quick ? 140 : 730);
}

if (args.Contains("--distributed"))
{
    await DistributedBenchmarks.RunAsync(quick ? 20_000 : 200_000, quick ? 3 : 30, 30);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {total.Elapsed.TotalSeconds:F1} s"));
