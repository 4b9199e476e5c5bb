using Bright.Store.Migrations;
using Bright.Testing;
using Dapper;

namespace Bright.Store.Tests.Migrations;

[TestFixture]
public sealed class SchemaMigratorTests
{
    [Test]
    public void A_new_store_is_migrated_to_the_latest_version_and_reopening_applies_nothing()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "nested", "store.duckdb") };
        using (var store = BrightStore.Open(options))
        {
            Assert.That(store.SchemaVersion, Is.EqualTo(SchemaMigrator.LatestVersion));
        }

        using var reopened = BrightStore.Open(options);
        using var connection = reopened.OpenConnection();

        Assert.That(SchemaMigrator.Apply(connection), Is.Empty);
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM schema_migrations"), Is.EqualTo(SchemaMigrator.All.Count));
    }

    [Test]
    public void Migrations_are_numbered_from_one_strictly_increasing_and_unique()
    {
        // Gaps are allowed: parallel branches reserve numbers (0002, 0003) that land in either order.
        var versions = SchemaMigrator.All.Select(m => m.Version).ToList();

        Assert.That(versions[0], Is.EqualTo(1));
        Assert.That(versions, Is.Unique.And.Ordered.Ascending);
    }

    [Test]
    public void A_store_newer_than_the_build_is_refused_with_a_message_naming_the_setting()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "future.duckdb") };
        using (var store = BrightStore.Open(options))
        {
            using var connection = store.OpenConnection();
            connection.Execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')");
        }

        var error = Assert.Throws<InvalidOperationException>(() => BrightStore.Open(options));

        Assert.That(error!.Message, Does.Contain("schema version 999").And.Contain("Bright:Store:Path"));
    }

    [Test]
    public void A_path_that_is_not_a_database_is_refused_naming_the_file()
    {
        using var folder = TempFolder.Create();
        var path = Path.Combine(folder.Path, "not-a-database.duckdb");
        File.WriteAllText(path, "these are not the bytes of a DuckDB file, and they go on for a while to be sure of it.");

        var error = Assert.Throws<InvalidOperationException>(() => BrightStore.Open(new StoreOptions { Path = path }));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("Bright:Store:Path"));
    }
}
