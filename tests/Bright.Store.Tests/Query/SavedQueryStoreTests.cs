using Bright.Store.Fhir;
using Bright.Store.Query;
using Bright.Store.Replication;
using Bright.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Store.Tests.Query;

/// <summary>Saved queries stored under the ids the cluster gives them, deleted with their schedules, and carried by snapshots.</summary>
[TestFixture]
public sealed class SavedQueryStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    private static SavedQuery Query(long id, string name, DateTimeOffset updated) =>
        new(id, name, null, "SELECT count(*) FROM events WHERE site = $site", new Dictionary<string, object?> { ["site"] = "RQ6" }, "analyst", At, updated);

    [Test]
    public async Task A_query_from_the_log_keeps_its_id_and_a_later_local_one_is_numbered_past_it()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        var saved = new SavedQueryStore(store, new FakeTimeProvider(At));

        var applied = await saved.ApplySaveAsync(Query(41, "Beds by site", At));
        var again = await saved.ApplySaveAsync(Query(41, "Beds by site", At));
        var renamed = await saved.ApplySaveAsync(Query(41, "Open beds by site", At.AddMinutes(1)));
        var local = await saved.CreateAsync(new SavedQueryDraft("Local", null, "SELECT 1", new Dictionary<string, object?>()), "analyst");

        Assert.That((applied.Id, applied.Parameters["site"], again.Name), Is.EqualTo((41L, (object?)"RQ6", "Beds by site")));
        Assert.That((renamed.Name, renamed.CreatedAt, renamed.UpdatedAt), Is.EqualTo(("Open beds by site", At, At.AddMinutes(1))));
        Assert.That((local.Id, await saved.MaxIdAsync()), Is.EqualTo((42L, 42L)), "the store's own numbering never reuses an id the cluster gave");
    }

    [Test]
    public async Task Deleting_a_query_deletes_its_schedule_and_deleting_it_again_answers_false()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        var saved = new SavedQueryStore(store, new FakeTimeProvider(At));
        var schedules = new QueryScheduleStore(store);
        await saved.ApplySaveAsync(Query(7, "Weekly", At));
        await schedules.SetAsync(new QuerySchedule(7, "0 7 * * 1", QueryFormat.Csv, "analyst", At));

        var deleted = await saved.DeleteAsync(7);
        var twice = await saved.DeleteAsync(7);

        Assert.That((deleted, twice, await saved.GetAsync(7), await schedules.GetAsync(7)),
            Is.EqualTo((true, false, (SavedQuery?)null, (QuerySchedule?)null)));
    }

    [Test]
    public async Task A_snapshot_carries_saved_queries_schedules_and_fhir_locations_and_one_from_before_leaves_them_be()
    {
        using var folder = TempFolder.Create();
        using var source = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        using var joiner = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "b.duckdb") });
        await new SavedQueryStore(source, new FakeTimeProvider(At)).ApplySaveAsync(Query(3, "Weekly", At));
        await new QueryScheduleStore(source).SetAsync(new QuerySchedule(3, "0 7 * * 1", QueryFormat.Parquet, "analyst", At, QueryExportTarget.Email,
            ["bed.manager@nhs.net"]));
        await new FhirLocationStore(source).SaveAsync([new FhirLocation("pas", "bed-1", "RQ6", "RQ6/W1/B01", At)]);
        var joinerQueries = new SavedQueryStore(joiner, new FakeTimeProvider(At));
        await joinerQueries.ApplySaveAsync(Query(9, "Only on the joiner", At));
        var snapshot = Directory.CreateDirectory(Path.Combine(folder.Path, "snapshot")).FullName;
        await StoreSnapshot.ExportAsync(source, snapshot);

        Assert.That(await StoreSnapshot.ImportAdministrationAsync(joiner, snapshot), Is.True);

        Assert.That((await joinerQueries.ListAsync()).Select(q => (q.Id, q.Name)), Is.EqualTo(new[] { (3L, "Weekly") }));
        var schedule = await new QueryScheduleStore(joiner).GetAsync(3);
        Assert.That((schedule!.Format, schedule.Target, schedule.Recipients![0]), Is.EqualTo((QueryFormat.Parquet, QueryExportTarget.Email, "bed.manager@nhs.net")));
        Assert.That(await new FhirLocationStore(joiner).FindAsync("pas", "bed-1"), Is.EqualTo("RQ6/W1/B01"));

        await joinerQueries.ApplySaveAsync(Query(9, "Made after the snapshot", At));
        foreach (var table in new[] { "saved_queries", "query_schedules", "fhir_locations" })
        {
            File.Delete(Path.Combine(snapshot, table + ".parquet"));
        }

        Assert.That(await StoreSnapshot.ImportAdministrationAsync(joiner, snapshot), Is.True, "a snapshot made before it carried them still loads");
        Assert.That((await joinerQueries.ListAsync()).Select(q => q.Id), Is.EqualTo(new[] { 9L, 3L }), "and leaves the node's own saved queries as they were");
    }
}
