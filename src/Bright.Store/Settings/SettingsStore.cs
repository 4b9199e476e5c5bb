using Dapper;

namespace Bright.Store.Settings;

/// <summary>Small named values the server keeps between runs, in the <c>settings</c> table. Thread-safe.</summary>
public sealed class SettingsStore(BrightStore store, TimeProvider clock)
{
    /// <summary>The value named <paramref name="name"/>, or null when never set.</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = $name", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>, replacing any earlier value.</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO settings (name, value, updated_at) VALUES ($name, $value, $now)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, new { name, value, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }
}
