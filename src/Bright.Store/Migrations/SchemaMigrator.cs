using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Bright.Store.Migrations;

/// <summary>
/// Applies the store's embedded migrations in version order, each in its own transaction, and records
/// them in <c>schema_migrations</c>. Re-running is a no-op.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The migrations shipped with this build, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load(typeof(SchemaMigrator).Assembly);

    /// <summary>The highest version shipped: a store at this version is current.</summary>
    public static int LatestVersion => All[^1].Version;

    /// <summary>Brings the database on <paramref name="connection"/> up to <see cref="LatestVersion"/>.</summary>
    /// <returns>The versions applied by this call (empty when already current).</returns>
    /// <exception cref="InvalidOperationException">The store is newer than this build.</exception>
    public static IReadOnlyList<int> Apply(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)
            """);
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The store is at schema version {current} but this build knows only up to {LatestVersion}: run a newer BRIGHT, or point Bright:Store:Path at another file.");
        }

        // Every shipped version not yet recorded is applied, in order, so a migration that arrives with a
        // lower number than one already applied (two lines of work merged) is not skipped.
        var recorded = connection.Query<int>("SELECT version FROM schema_migrations").ToHashSet();
        var applied = new List<int>();
        foreach (var migration in All.Where(m => !recorded.Contains(m.Version)))
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(migration.Sql, transaction: tx);
            connection.Execute("INSERT INTO schema_migrations (version, name) VALUES ($version, $name)",
                new { version = migration.Version, name = migration.Name }, tx);
            tx.Commit();
            applied.Add(migration.Version);
        }

        // Schema changes go straight into the database file rather than waiting in the WAL: DuckDB fails to replay
        // an ALTER TABLE ... ADD COLUMN on a table with a primary key from the WAL after a crash ("GetDefaultDatabase
        // with no default database set"), which would leave the store unopenable.
        if (applied.Count > 0)
        {
            connection.Execute("CHECKPOINT");
        }

        return applied;
    }

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    public static int CurrentVersion(DbConnection connection) =>
        connection.ExecuteScalar<int?>("SELECT max(version) FROM schema_migrations") ?? 0;

    private static List<Migration> Load(Assembly assembly)
    {
        const string Prefix = "Bright.Store.Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var file = resource[Prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }
}
