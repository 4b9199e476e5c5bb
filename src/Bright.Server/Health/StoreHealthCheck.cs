using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Migrations;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bright.Server.Health;

/// <summary>Ready when the store is open, its migrations applied, and the event writer running.</summary>
internal sealed class StoreHealthCheck(BrightStore store, EventWriter writer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.SchemaVersion != SchemaMigrator.LatestVersion)
        {
            return HealthCheckResult.Unhealthy($"The store is at schema {store.SchemaVersion}, not {SchemaMigrator.LatestVersion}.");
        }

        if (!writer.IsRunning)
        {
            return HealthCheckResult.Unhealthy("The event writer has stopped; ingestion is not running.");
        }

        using var connection = store.OpenConnection();
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
        return HealthCheckResult.Healthy($"Store open at schema {store.SchemaVersion}; {writer.CommittedEvents} events committed since start.");
    }
}
