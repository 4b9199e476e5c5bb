using Bright.Store.Query;
using Bright.Store.Settings;
using Bright.Testing;
using Dapper;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Store.Tests.Query;

[TestFixture]
public sealed class QuerySnapshotsTests
{
    private TempFolder _folder = null!;
    private BrightStore _store = null!;
    private FakeTimeProvider _clock = null!;
    private QuerySnapshots _snapshots = null!;
    private readonly QueryOptions _options = new() { MemoryLimit = "256MB", Threads = 1, SnapshotInterval = TimeSpan.FromSeconds(10) };

    [SetUp]
    public void Open()
    {
        _folder = TempFolder.Create();
        _store = BrightStore.Open(new StoreOptions { Path = Path.Combine(_folder.Path, "bright.duckdb") });
        _clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _snapshots = new QuerySnapshots(_store, new SettingsStore(_store, _clock), _options, _clock, NullLogger<QuerySnapshots>.Instance);
        Insert("e-1", "RQ6", "P-1");
    }

    [TearDown]
    public void Close()
    {
        _snapshots.Dispose();
        _store.Dispose();
        _folder.Dispose();
    }

    private void Insert(string id, string site, string subject)
    {
        using var connection = _store.OpenConnection();
        connection.Execute("""
            INSERT INTO events VALUES ($id, TIMESTAMPTZ '2026-11-26 07:00:00+00', TIMESTAMPTZ '2026-11-26 07:00:01+00', 'test', $site, 'Admission',
                $subject, $site || '/W1/B1', 'general medicine', NULL, '{}')
            """, new { id, site, subject });
    }

    [Test]
    public async Task The_sandbox_is_read_only_with_external_access_off_and_its_configuration_locked()
    {
        using var lease = await _snapshots.AcquireAsync(null, CancellationToken.None);
        using var sandbox = lease.Snapshot.OpenSandbox();

        var settings = sandbox.Query<(string Name, string Value)>("""
            SELECT name, value FROM duckdb_settings()
            WHERE name IN ('access_mode', 'enable_external_access', 'lock_configuration', 'threads', 'autoload_known_extensions', 'memory_limit')
            """).ToDictionary(s => s.Name, s => s.Value);

        Assert.That(settings["access_mode"], Is.EqualTo("read_only"));
        Assert.That(settings["enable_external_access"], Is.EqualTo("false"));
        Assert.That(settings["lock_configuration"], Is.EqualTo("true"));
        Assert.That(settings["threads"], Is.EqualTo("1"));
        Assert.That(settings["autoload_known_extensions"], Is.EqualTo("false"));
        Assert.That(settings["memory_limit"], Does.StartWith("244.1 MiB"));
        var unlock = Assert.Throws<DuckDBException>(() => sandbox.Execute("SET enable_external_access = true"));
        Assert.That(unlock!.Message, Does.Contain("the configuration has been locked"));
    }

    [Test]
    public async Task The_sandbox_settings_do_not_reach_the_live_store()
    {
        using var lease = await _snapshots.AcquireAsync(null, CancellationToken.None);
        using var live = _store.OpenConnection();

        Assert.That(live.ExecuteScalar<string>("SELECT current_setting('enable_external_access')::VARCHAR"), Is.EqualTo("true"));
        Assert.That(live.ExecuteScalar<string>("SELECT current_setting('access_mode')::VARCHAR"), Is.Not.EqualTo("read_only"));
        Assert.That(lease.Snapshot.FilePath, Is.Not.EqualTo(_store.FilePath));
    }

    [Test]
    public async Task The_subject_is_rekeyed_and_stays_the_same_across_snapshots()
    {
        string first;
        using (var lease = await _snapshots.AcquireAsync(null, CancellationToken.None))
        using (var sandbox = lease.Snapshot.OpenSandbox())
        {
            first = sandbox.ExecuteScalar<string>("SELECT subject FROM events WHERE event_id = 'e-1'")!;
        }

        Insert("e-2", "REM", "P-2");
        _clock.Advance(TimeSpan.FromSeconds(11));
        using var later = await _snapshots.AcquireAsync(null, CancellationToken.None);
        using var again = later.Snapshot.OpenSandbox();

        Assert.That(first, Does.Match("^[0-9a-f]{24}$"));
        Assert.That(first, Is.Not.Contain("P-1"));
        Assert.That(again.ExecuteScalar<string>("SELECT subject FROM events WHERE event_id = 'e-1'"), Is.EqualTo(first));
        Assert.That(again.ExecuteScalar<long>("SELECT count(*) FROM events"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_refresh_adds_only_the_rows_appended_since_and_equals_a_full_copy()
    {
        Insert("e-rem", "REM", "P-rem");
        string[] before;
        using (var first = await _snapshots.AcquireAsync(["RQ6"], CancellationToken.None))
        using (var sandbox = first.Snapshot.OpenSandbox())
        {
            before = [.. sandbox.Query<string>("SELECT event_id || ':' || subject FROM events ORDER BY event_id")];
        }

        Insert("e-2", "RQ6", "P-1");
        Insert("e-rem-2", "REM", "P-rem");
        _clock.Advance(TimeSpan.FromSeconds(11));
        using var refreshed = await _snapshots.AcquireAsync(["RQ6"], CancellationToken.None);
        using var again = refreshed.Snapshot.OpenSandbox();
        var after = again.Query<string>("SELECT event_id || ':' || subject FROM events ORDER BY event_id").ToList();

        Assert.That(before, Has.Length.EqualTo(1));
        Assert.That(after, Has.Count.EqualTo(2), "only the RQ6 rows, old and new");
        Assert.That(after[0], Is.EqualTo(before[0]));
        Assert.That(after[1].Split(':')[1], Is.EqualTo(before[0].Split(':')[1]), "the same subject is re-keyed the same way");
        Assert.That(again.ExecuteScalar<string>("SELECT comment FROM duckdb_tables() WHERE table_name = 'events'"), Is.Not.Empty);
    }

    [Test]
    public async Task The_background_refresh_leaves_alone_a_scope_nobody_has_queried_lately()
    {
        string path;
        using (var first = await _snapshots.AcquireAsync(null, CancellationToken.None))
        {
            path = first.Snapshot.FilePath;
        }

        Insert("e-idle", "RQ6", "P-idle");
        _clock.Advance(QuerySnapshots.IdleAfter + TimeSpan.FromSeconds(1));
        await _snapshots.RefreshAsync(CancellationToken.None);

        Assert.That(File.Exists(path), Is.True, "an idle scope is not copied again in the background");
        using var next = await _snapshots.AcquireAsync(null, CancellationToken.None);
        Assert.That(next.Snapshot.FilePath, Is.Not.EqualTo(path), "its next query refreshes it");
    }

    [Test]
    public async Task A_snapshot_younger_than_the_interval_is_reused_and_an_older_one_refreshed_only_when_the_store_changed()
    {
        var first = await _snapshots.AcquireAsync(null, CancellationToken.None);
        var path = first.Snapshot.FilePath;
        first.Dispose();

        Insert("e-2", "RQ6", "P-2");
        using (var young = await _snapshots.AcquireAsync(null, CancellationToken.None))
        {
            Assert.That(young.Snapshot.FilePath, Is.EqualTo(path), "within the interval the snapshot is kept");
        }

        _clock.Advance(TimeSpan.FromSeconds(11));
        using var refreshed = await _snapshots.AcquireAsync(null, CancellationToken.None);
        Assert.That(refreshed.Snapshot.FilePath, Is.Not.EqualTo(path));
        Assert.That(refreshed.SnapshotAt, Is.EqualTo(_clock.GetUtcNow()));
        Assert.That(File.Exists(path), Is.False, "a superseded snapshot with no queries is deleted");

        _clock.Advance(TimeSpan.FromSeconds(11));
        using var unchanged = await _snapshots.AcquireAsync(null, CancellationToken.None);
        Assert.That(unchanged.Snapshot.FilePath, Is.EqualTo(refreshed.Snapshot.FilePath), "an unchanged store is not copied again");
        Assert.That(unchanged.SnapshotAt, Is.EqualTo(_clock.GetUtcNow()), "but its freshness moves on");
    }

    [Test]
    public async Task A_snapshot_for_some_sites_holds_only_their_rows()
    {
        Insert("e-rem", "REM", "P-3");

        using var lease = await _snapshots.AcquireAsync(["REM"], CancellationToken.None);
        using var sandbox = lease.Snapshot.OpenSandbox();

        Assert.That(sandbox.Query<string>("SELECT DISTINCT site FROM events"), Is.EqualTo(new[] { "REM" }));
    }

    [Test]
    public async Task The_data_dictionary_is_in_the_snapshot_as_comments()
    {
        using var lease = await _snapshots.AcquireAsync(null, CancellationToken.None);
        using var sandbox = lease.Snapshot.OpenSandbox();

        var comments = sandbox.Query<(string Table, string Column, string? Comment)>(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE table_name = 'events'").ToList();

        Assert.That(comments.Select(c => c.Column), Is.EqualTo(QueryDictionary.Tables[0].Columns.Select(c => c.Name)));
        Assert.That(comments.All(c => !string.IsNullOrEmpty(c.Comment)));
    }
}
