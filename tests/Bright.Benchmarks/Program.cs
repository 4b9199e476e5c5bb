using System.Diagnostics;
using System.Globalization;
using Bright.Benchmarks;

// BRIGHT's performance figures, each printed beside a reference measured in the same run on the same data.
// Usage: dotnet run --project tests/Bright.Benchmarks -c Release [-- --quick] [--distributed] [--live]
// --live runs the push-latency benchmark alone.
// --distributed adds one node against three on a real redis-server (installed with apt-get when missing).
var quick = args.Contains("--quick");
var events = quick ? 200_000 : 2_000_000;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"BRIGHT benchmarks ({(quick ? "quick" : "full")}: {events:N0} events; {Environment.ProcessorCount} cores; .NET {Environment.Version})"));
var total = Stopwatch.StartNew();
var liveOnly = args.Contains("--live");
if (!liveOnly)
{
    SpcBenchmarks.Run();
    await IngestBenchmarks.RunAsync(events);
}

// Push latency at the default publish interval and a shorter one, at 2,000 bed changes a second (issue 6).
foreach (var interval in new[] { TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(50) })
{
    foreach (var clients in quick ? [100] : new[] { 200, 1_000 })
    {
        await LivePushBenchmarks.RunAsync(clients, TimeSpan.FromSeconds(quick ? 5 : 15), 2_000, interval);
    }
}

if (!liveOnly)
{
    ForecastBenchmarks.Run(quick ? 140 : 730);
}

if (args.Contains("--distributed"))
{
    await DistributedBenchmarks.RunAsync(quick ? 20_000 : 200_000, quick ? 3 : 30, 30);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {total.Elapsed.TotalSeconds:F1} s"));
