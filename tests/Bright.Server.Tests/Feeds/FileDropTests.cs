using System.Text.Json.Nodes;
using Bright.Core.Events;
using Bright.Pipelines.Files;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Testing;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Server.Tests.Feeds;

/// <summary>
/// The drop folder, driven by a fake clock: a file is taken once its size has stayed the same for the settle
/// time on that clock, so the tests decide exactly when a file counts as finished (no waiting on real time).
/// </summary>
[TestFixture]
public sealed class FileDropTests
{
    private const string Header = "event_id,occurred_at,source,site,kind,subject,location,code,value,attributes";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private TestServer _server = null!;
    private string _drop = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var folder = TempFolder.Create();
        _drop = Path.Combine(folder.Path, "drop");
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Ingest:DropFolder"] = _drop,
            ["Bright:Ingest:DropSettleTime"] = Settle.ToString(),
            // The poll never fires on the fake clock unless a test moves it on an hour, and no notification wakes a
            // scan of the server's own between the tests' steps: scans happen only when a test asks for one.
            ["Bright:Ingest:DropPollInterval"] = "01:00:00",
            ["Bright:Ingest:DropNotifications"] = "false",
            ["Bright:Feeds:0:Source"] = "file-drop",
            ["Bright:Feeds:0:Owner"] = "Information team",
        }, folder, s => s.AddSingleton<TimeProvider>(_clock));
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private FileDropWatcher Watcher => _server.Get<FileDropWatcher>();

    /// <summary>Sees the file, lets the settle time pass on the fake clock, and scans again, so that it is taken.</summary>
    private async Task SettleAsync()
    {
        await Watcher.ScanOnceAsync(CancellationToken.None);
        _clock.Advance(Settle);
        await Watcher.ScanOnceAsync(CancellationToken.None);
    }

    private JsonNode Result(string folder, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(_drop, folder, name + ".result.json")))!;

    private async Task<IReadOnlyList<HospitalEvent>> StoredAsync(string prefix) =>
        [.. (await _server.Get<EventReader>().ReadAsync(DateTimeOffset.UnixEpoch, _clock.GetUtcNow().AddDays(2)))
            .Where(e => e.EventId.StartsWith(prefix, StringComparison.Ordinal))];

    private static string Row(string id, string kind = "Admission", string occurredAt = "2026-11-26T08:00:00Z", string location = "RQ6/W1/B01") =>
        $"{id},{occurredAt},,RQ6,{kind},P-{id},{location},general medicine,,\"{{\"\"ward\"\":\"\"W1\"\"}}\"";

    [Test]
    public async Task A_csv_drop_stores_its_valid_rows_and_dead_letters_the_bad_ones_with_their_lines()
    {
        var name = "csv-mixed.csv";
        await File.WriteAllLinesAsync(Path.Combine(_drop, name),
            [Header, Row("csv-1"), Row("csv-2"), Row("csv-3", kind: "Teleport"), Row("csv-4", occurredAt: "yesterday"), Row("csv-5")]);

        await SettleAsync();

        Assert.That(File.Exists(Path.Combine(_drop, name)), Is.False);
        Assert.That(File.Exists(Path.Combine(_drop, "processed", name)), Is.True);
        var result = Result("processed", name);
        Assert.That((result["outcome"]!.GetValue<string>(), result["accepted"]!.GetValue<long>(), result["duplicates"]!.GetValue<long>(),
            result["rejectedCount"]!.GetValue<long>()), Is.EqualTo(("processed", 3L, 0L, 2L)));
        var rejected = result["rejected"]!.AsArray();
        Assert.That(rejected.Select(r => r!["line"]!.GetValue<long>()), Is.EqualTo(new[] { 4L, 5L }));
        Assert.That(rejected[1]!["errors"]![0]!.GetValue<string>(), Is.EqualTo(
            "occurredAt: 'yesterday' is not an ISO 8601 time with an offset, e.g. 2026-11-26T09:30:00Z or 2026-07-01T10:30:00+01:00."));
        var stored = await StoredAsync("csv-");
        Assert.That(stored.Select(e => e.EventId), Is.EquivalentTo(new[] { "csv-1", "csv-2", "csv-5" }));
        Assert.That((stored[0].Source, stored[0].Attributes["ward"]), Is.EqualTo(("file-drop", "W1")));
        var letters = (await _server.Get<DeadLetterStore>().ListAsync("file-drop", 0, 1000)).Letters.Where(l => l.Reference!.StartsWith(name, StringComparison.Ordinal));
        Assert.That(letters.Select(l => (l.Channel, l.Reference)), Is.EquivalentTo(new[] { ("file", "csv-mixed.csv:4"), ("file", "csv-mixed.csv:5") }));
    }

    [Test]
    public async Task A_parquet_drop_is_read_with_its_types()
    {
        var staging = Path.Combine(_server.Folder.Path, "staging.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $$"""
                COPY (SELECT 'pq-' || i AS event_id, TIMESTAMPTZ '2026-11-26 07:00:00+00' + INTERVAL (i) MINUTE AS occurred_at, 'RQ6' AS site,
                             'StaffingLevel' AS kind, 'RQ6/W1' AS location, CAST(i AS DOUBLE) AS value, '{"planned":"9"}'::JSON AS attributes
                      FROM range(1, 5) t(i))
                TO '{{staging}}' (FORMAT parquet)
                """;
            command.ExecuteNonQuery();
        }

        File.Move(staging, Path.Combine(_drop, "staffing.parquet"));
        await SettleAsync();

        var result = Result("processed", "staffing.parquet");
        Assert.That(result["accepted"]!.GetValue<long>(), Is.EqualTo(4));
        var stored = (await StoredAsync("pq-")).OrderBy(e => e.EventId, StringComparer.Ordinal).ToList();
        Assert.That(stored.Select(e => e.Value), Is.EqualTo(new double?[] { 1, 2, 3, 4 }));
        Assert.That(stored[0].OccurredAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-26T07:01:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That((stored[0].Kind, stored[0].Attributes["planned"]), Is.EqualTo((EventKind.StaffingLevel, "9")));
    }

    [Test]
    public async Task A_file_still_being_written_is_not_taken_until_its_size_has_settled()
    {
        var path = Path.Combine(_drop, "growing.csv");
        await File.WriteAllTextAsync(path, Header + "\n" + Row("grow-1") + "\n" + "grow-2,2026-11-26T08:");
        await Watcher.ScanOnceAsync(CancellationToken.None);

        // The writer is still copying: the file grows before it has stood still for the settle time.
        await File.AppendAllTextAsync(path, "00:00Z,,RQ6,Admission,P-grow-2,RQ6/W1/B02,,,\n");
        _clock.Advance(Settle);
        await Watcher.ScanOnceAsync(CancellationToken.None);

        Assert.That(File.Exists(path), Is.True, "the file changed size since it was last seen, so it is left alone");
        Assert.That(await StoredAsync("grow-"), Is.Empty);

        _clock.Advance(Settle);
        await Watcher.ScanOnceAsync(CancellationToken.None);

        Assert.That(Result("processed", "growing.csv")["accepted"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That((await StoredAsync("grow-")).Select(e => e.Location), Is.EquivalentTo(new[] { "RQ6/W1/B01", "RQ6/W1/B02" }));
    }

    [Test]
    public async Task A_file_dropped_again_is_counted_as_duplicates_and_kept_under_a_new_name()
    {
        string[] lines = [Header, Row("again-1"), Row("again-2")];
        await File.WriteAllLinesAsync(Path.Combine(_drop, "again.csv"), lines);
        await SettleAsync();

        await File.WriteAllLinesAsync(Path.Combine(_drop, "again.csv"), lines);
        await SettleAsync();

        Assert.That(Result("processed", "again.csv")["accepted"]!.GetValue<long>(), Is.EqualTo(2));
        var second = Result("processed", "again.1.csv");
        Assert.That((second["accepted"]!.GetValue<long>(), second["duplicates"]!.GetValue<long>()), Is.EqualTo((0L, 2L)));
        Assert.That(await StoredAsync("again-"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task An_unreadable_file_is_moved_to_failed_with_the_reason_and_flagged_to_the_owner()
    {
        await File.WriteAllBytesAsync(Path.Combine(_drop, "garbage.parquet"), [0x50, 0x41, 0x52, 0x31, 0x00, 0xFF, 0x13, 0x37]);

        await SettleAsync();

        Assert.That(File.Exists(Path.Combine(_drop, "failed", "garbage.parquet")), Is.True);
        var result = Result("failed", "garbage.parquet");
        Assert.That(result["outcome"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(result["error"]!.GetValue<string>(), Does.StartWith("The file cannot be read: "));
        var flags = (await _server.Get<DataQualityStore>().ListAsync("file-drop", 0, 100)).Flags;
        Assert.That(flags.Any(f => f.Field == "file" && f.Message.StartsWith("garbage.parquet: The file cannot be read: ", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task A_csv_with_wrong_columns_is_moved_to_failed_naming_them()
    {
        await File.WriteAllLinesAsync(Path.Combine(_drop, "columns.csv"), ["id,when,site,what", "c-1,2026-11-26T08:00:00Z,RQ6,Admission"]);

        await SettleAsync();

        Assert.That(Result("failed", "columns.csv")["error"]!.GetValue<string>(), Is.EqualTo(
            "columns: missing event_id, occurred_at, kind; unexpected id, when, what. A drop file needs event_id, occurred_at, site, kind "
            + "and may have source, subject, location, code, value, attributes (snake_case, as in the events table)."));
        Assert.That(await StoredAsync("c-1"), Is.Empty);
    }
}
