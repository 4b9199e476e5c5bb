using Bright.Server.Jobs;
using Bright.Server.Simulation;
using Bright.Simulator;
using Bright.Store.Forecasts;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Bright.Server.Forecasting;

/// <summary>
/// On first start (no forecast stored), queues one retrain on this node once there is history to train on: straight away
/// with real feeds, or after the simulator's backfill has finished.
/// </summary>
internal sealed class ForecastStartup(ForecastStore store, SimulatorFeed simulator, IOptions<SimulatorOptions> simulatorOptions,
    IBackgroundJobClient jobs, NodeJobs node, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Poll, clock);
        while (simulatorOptions.Value.Enabled && !simulator.IsLive && await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Waiting for the backfill: training on a half-written history would store a poor forecast until tomorrow night.
        }

        if ((await store.ListAsync(stoppingToken)).Count == 0)
        {
            node.Enqueue<ForecastRetrainJob>(jobs, j => j.RunAsync(null, CancellationToken.None));
        }
    }
}
