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
