using System.Diagnostics;
using System.Globalization;
using Bright.Benchmarks;

// BRIGHT's performance figures, each printed beside a reference measured in the same run on the same data.
// Usage: dotnet run --project tests/Bright.Benchmarks -c Release [-- --quick] [--mllp] [--live] [--distributed] [--query[=events]]
// --mllp runs only HL7 v2 over MLLP and the HL7 parser; --live runs only the push-latency benchmark, narrowed by
// --clients=N, --interval=ms, --protocol=json|messagepack and --placement=same|child (see LivePushBenchmarks).
// --query runs only self-service SQL over 100 million generated events (or --query=N events): about 6 GB of disk at its peak.
// --kpis times one refresh of every catalogue KPI, whole history against each KPI's window, over 20 million generated
// events (or --kpis=N).
// --distributed runs only one node against three (child processes) on a real redis-server (installed with apt-get when missing).
// --ae runs only the forecast evaluation on NHS England's monthly A&E attendances (../shared/data); --forecast runs
// every forecast benchmark and that evaluation.
if (args.Contains("--live-receivers"))
{
    await LivePushReceivers.RunChildAsync(args);
    return;
}

var quick = args.Contains("--quick");
var mllpOnly = args.Contains("--mllp");
var liveOnly = args.Contains("--live");
if (args.Contains("--ae") || args.Contains("--forecast"))
{
    if (args.Contains("--forecast"))
    {
        ForecastBenchmarks.Run(quick ? 140 : 730);
    }

    AeEvaluation.Run();
    return;
}

if (args.Contains("--distributed"))
{
    await DistributedBenchmarks.RunAsync(quick ? 20_000 : 200_000, quick ? 3 : 30, 30);
    return;
}

var query = args.FirstOrDefault(a => a == "--query" || a.StartsWith("--query=", StringComparison.Ordinal));
if (query is not null)
{
    var queryEvents = query == "--query" ? 100_000_000 : long.Parse(query["--query=".Length..], CultureInfo.InvariantCulture);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"BRIGHT self-service query benchmark ({queryEvents:N0} events; {Environment.ProcessorCount} cores; .NET {Environment.Version})"));
    await QueryBenchmarks.RunAsync(queryEvents, 5_000_000, 5);
    return;
}

var kpis = args.FirstOrDefault(a => a == "--kpis" || a.StartsWith("--kpis=", StringComparison.Ordinal));
if (kpis is not null)
{
    var kpiEvents = kpis == "--kpis" ? 20_000_000 : long.Parse(kpis["--kpis=".Length..], CultureInfo.InvariantCulture);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"BRIGHT KPI refresh benchmark ({kpiEvents:N0} events over five years; {Environment.ProcessorCount} cores; .NET {Environment.Version})"));
    await KpiBenchmarks.RunAsync(kpiEvents);
    return;
}

var events = quick ? 200_000 : 2_000_000;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"BRIGHT benchmarks ({(quick ? "quick" : "full")}: {events:N0} events; {Environment.ProcessorCount} cores; .NET {Environment.Version})"));
var total = Stopwatch.StartNew();
if (!liveOnly)
{
    await MllpBenchmarks.RunAsync(quick ? 1_000 : 5_000, quick ? 20_000 : 100_000, 4, 16);
}

if (!mllpOnly && !liveOnly)
{
    SpcBenchmarks.Run();
    await IngestBenchmarks.RunAsync(events);
}

if (!mllpOnly)
{
    // Push latency at the default publish interval and a shorter one, at 2,000 bed changes a second (issue 6).
    await LivePushBenchmarks.RunAllAsync(args, quick);
}

if (!mllpOnly && !liveOnly)
{
    ForecastBenchmarks.Run(quick ? 140 : 730);
    AeEvaluation.Run();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {total.Elapsed.TotalSeconds:F1} s"));
