using Bright.Core.Events;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Store.LiveHistory;
using Bright.Store.Replication;
using Bright.Store.Tests.Events;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Replication;

[TestFixture]
public sealed class StoreSnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static DeadLetter Letter(string reference) => new(At, "http", "snap-feed", "RQ6", reference, ["occurredAt: missing", "kind: unknown"], "{}");

    private static DataQualityFlag Flag(string eventId) => new(At, "snap-feed", "RQ6", eventId, "location", "RQ6/W9/B99 is not a bed of this trust");

    private static AlertAcknowledgement Ack(string id) => new(id, "handover_over_30", "red", "RQ6", "RQ6/ed", "Handover over 30 minutes", At,
        At.AddMinutes(5), "ops");

    [Test]
    public async Task Records_applied_from_the_log_twice_are_stored_once()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        var letters = new DeadLetterStore(store);
        var flags = new DataQualityStore(store);
        var history = new LiveHistoryStore(store);

        await letters.ApplyAsync("1-0", [Letter("r1"), Letter("r2")]);
        await letters.ApplyAsync("1-0", [Letter("r1"), Letter("r2")]);
        await flags.ApplyAsync("2-0", [Flag("e1")]);
        await flags.ApplyAsync("2-0", [Flag("e1")]);
        var first = await history.ApplyAcknowledgementAsync("3-0", Ack("a1"));
        var second = await history.ApplyAcknowledgementAsync("3-0", Ack("a1"));

        Assert.That((await letters.ListAsync(null, 0, 10)).Letters.Select(l => l.Reference), Is.EqualTo(new[] { "r2", "r1" }));
        Assert.That((await flags.ListAsync(null, 0, 10)).Total, Is.EqualTo(1));
        Assert.That((first, second), Is.EqualTo((true, false)));
        Assert.That(await history.ReadAcknowledgementsAsync(null, At, At.AddDays(1)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_snapshot_loaded_into_another_store_twice_holds_the_same_events_and_records_once()
    {
        using var folder = TempFolder.Create();
        var snapshot = Directory.CreateDirectory(Path.Combine(folder.Path, "snap's")).FullName;
        var sourceOptions = new StoreOptions { Path = Path.Combine(folder.Path, "source.duckdb") };
        using (var source = BrightStore.Open(sourceOptions))
        {
            await using var writer = new EventWriter(source, sourceOptions, [], NullLogger<EventWriter>.Instance);
            await writer.WriteAsync([.. Enumerable.Range(0, 50).Select(i => EventWriterTests.Event($"snap-{i}", i))]);
            await new DeadLetterStore(source).AddAsync([Letter("embedded")]);
            await new DeadLetterStore(source).ApplyAsync("9-0", [Letter("logged")]);
            await new DataQualityStore(source).AddAsync([Flag("snap-1")]);
            await new LiveHistoryStore(source).WriteAcknowledgementAsync(Ack("alert-1"));

            var counts = await StoreSnapshot.ExportAsync(source, snapshot);

            Assert.That(counts, Is.EqualTo(new SnapshotCounts(50, 2, 1, 1)));
        }

        var targetOptions = new StoreOptions { Path = Path.Combine(folder.Path, "target.duckdb") };
        using var target = BrightStore.Open(targetOptions);
        await using var targetWriter = new EventWriter(target, targetOptions, [], NullLogger<EventWriter>.Instance);
        var loads = new List<(WriteResult, SnapshotCounts)>();
        for (var i = 0; i < 2; i++)
        {
            var written = await targetWriter.ApplyAsync([.. StoreSnapshot.ReadEvents(target, snapshot)]);
            loads.Add((written, await StoreSnapshot.ImportRecordsAsync(target, snapshot)));
        }

        Assert.That(loads[0], Is.EqualTo((new WriteResult(50, 0), new SnapshotCounts(0, 2, 1, 1))));
        Assert.That(loads[1], Is.EqualTo((new WriteResult(0, 50), new SnapshotCounts(0, 0, 0, 0))));
        var events = await new EventReader(target).ReadAsync(At.AddDays(-1), At.AddDays(1));
        Assert.That(events.Select(e => e.EventId), Is.EquivalentTo(Enumerable.Range(0, 50).Select(i => $"snap-{i}")));
        Assert.That(events.Single(e => e.EventId == "snap-7"), Is.EqualTo(EventWriterTests.Event("snap-7", 7)).Using<HospitalEvent>((a, b) =>
            a with { Attributes = HospitalEvent.NoAttributes } == b with { Attributes = HospitalEvent.NoAttributes }));
        Assert.That((await new DeadLetterStore(target).ListAsync(null, 0, 10)).Letters.Select(l => l.Reference), Is.EqualTo(new[] { "logged", "embedded" }));
        Assert.That((await new DeadLetterStore(target).ListAsync(null, 0, 10)).Letters[0].Errors, Is.EqualTo(new[] { "occurredAt: missing", "kind: unknown" }));
        Assert.That(await new LiveHistoryStore(target).ReadAcknowledgementsAsync(null, At, At.AddDays(1)), Is.EqualTo(new[] { Ack("alert-1") }));
    }

    [Test]
    public void An_incomplete_snapshot_is_refused_naming_the_missing_file()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });

        var error = Assert.ThrowsAsync<FileNotFoundException>(() => StoreSnapshot.ImportRecordsAsync(store, folder.Path));

        Assert.That(error!.Message, Is.EqualTo($"The snapshot in {folder.Path} has no dead_letters.parquet; it is incomplete and cannot be loaded."));
    }
}
