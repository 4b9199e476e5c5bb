using Bright.Testing;
using Dapper;

namespace Bright.Store.Tests;

[TestFixture]
public sealed class BrightStoreTests
{
    [Test]
    public void The_memory_limit_applies_to_every_connection_of_the_store()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "limited.duckdb"), MemoryLimit = "512MB" });
        using var connection = store.OpenConnection();

        var limit = connection.ExecuteScalar<string>("SELECT current_setting('memory_limit')");

        Assert.That(limit, Does.StartWith("488.2 MiB").Or.StartWith("512"));
    }

    [Test]
    public void Temporary_files_go_beside_the_store_and_a_query_spilling_past_the_limit_fails_naming_it()
    {
        using var folder = TempFolder.Create();
        var path = Path.Combine(folder.Path, "spill.duckdb");
        using var store = BrightStore.Open(new StoreOptions { Path = path, MemoryLimit = "64MB", MaxTempSize = "1MB" });
        using var connection = store.OpenConnection();

        Assert.That(connection.ExecuteScalar<string>("SELECT current_setting('temp_directory')"), Is.EqualTo(path + ".tmp"));
        var error = Assert.Throws<DuckDB.NET.Data.DuckDBException>(() => connection.Query(
            "SELECT i, md5(i::VARCHAR) AS h FROM range(5000000) t(i) ORDER BY h").AsList());
        Assert.That(error!.Message, Does.Contain("max_temp_directory_size"));
    }

    [TestCase("lots", "Bright:Store:MaxTempSize must be a size such as 10GB or 500MB (was 'lots').")]
    [TestCase("", "Bright:Store:MaxTempSize must be a size such as 10GB or 500MB (was '').")]
    [TestCase("10GB'; SET threads = 1; --", "Bright:Store:MaxTempSize must be a size such as 10GB or 500MB (was '10GB'; SET threads = 1; --').")]
    public void A_bad_temporary_file_limit_is_named_with_its_key(string value, string expected)
    {
        var options = new StoreOptions { MaxTempSize = value };

        Assert.That(options.Validate(), Has.Member(expected));
    }

    [TestCase("lots", "Bright:Store:MemoryLimit must be a size such as 1GB or 512MB (was 'lots').")]
    [TestCase("1GB'; DROP TABLE events; --", "Bright:Store:MemoryLimit must be a size such as 1GB or 512MB (was '1GB'; DROP TABLE events; --').")]
    public void A_bad_memory_limit_is_named_with_its_key(string value, string expected)
    {
        var options = new StoreOptions { MemoryLimit = value };

        Assert.That(options.Validate(), Has.Member(expected));
    }

    [Test]
    public void Settings_problems_are_all_listed_at_once()
    {
        var options = new StoreOptions { Path = " ", WriteQueueCapacity = 0, MaxBatchEvents = 0, BulkBatchEvents = 0 };

        Assert.That(options.Validate().ToList(), Has.Count.EqualTo(4));
    }
}
