using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Events;

[TestFixture]
public sealed class EventWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = TempFolder.Create();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private StoreOptions Options => new() { Path = Path.Combine(_folder.Path, "store.duckdb") };

    internal static HospitalEvent Event(string id, int minute = 0, IReadOnlyDictionary<string, string>? attributes = null) => new()
    {
        EventId = id,
        OccurredAt = At.AddMinutes(minute),
        ReceivedAt = At.AddMinutes(minute).AddSeconds(30),
        Source = "test-feed",
        Site = "RQ6",
        Kind = EventKind.Admission,
        Subject = "P-" + id,
        Location = "RQ6/W1/B01",
        Code = "general medicine",
        Value = minute,
        Attributes = attributes ?? HospitalEvent.NoAttributes,
    };

    private static EventWriter Writer(BrightStore store, StoreOptions options, params ICommittedEventsObserver[] observers) =>
        new(store, options, observers, NullLogger<EventWriter>.Instance);

    [Test]
    public async Task Written_events_read_back_field_for_field()
    {
        var options = Options;
        using var store = BrightStore.Open(options);
        await using var writer = Writer(store, options);
        var original = Event("roundtrip-1", 5, new Dictionary<string, string> { ["from"] = "RQ6/W2/B03", ["quote"] = "say \"hi\"" });

        var result = await writer.WriteAsync([original]);
        var read = await new EventReader(store).ReadAsync(At, At.AddHours(1));

        Assert.That(result, Is.EqualTo(new WriteResult(1, 0)));
        Assert.That(read, Has.Count.EqualTo(1));
        var e = read[0];
        Assert.That(e with { Attributes = HospitalEvent.NoAttributes }, Is.EqualTo(original with { Attributes = HospitalEvent.NoAttributes }));
        Assert.That(e.Attributes, Is.EquivalentTo(original.Attributes));
    }

    [Test]
    public async Task Ids_already_stored_are_duplicates_even_after_a_restart()
    {
        var options = Options;
        using (var store = BrightStore.Open(options))
        {
            await using var writer = Writer(store, options);
            await writer.WriteAsync([Event("restart-1"), Event("restart-2")]);
        }

        using var reopened = BrightStore.Open(options);
        await using var again = Writer(reopened, options);
        var result = await again.WriteAsync([Event("restart-1"), Event("restart-2"), Event("restart-3")]);

        Assert.That(result, Is.EqualTo(new WriteResult(1, 2)));
        Assert.That(await new EventReader(reopened).CountAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task Concurrent_senders_each_complete_with_their_own_counts()
    {
        var options = Options;
        using var store = BrightStore.Open(options);
        await using var writer = Writer(store, options);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(sender => writer.WriteAsync(
            [.. Enumerable.Range(0, 20).Select(i => Event($"concurrent-{sender}-{i}", i)), Event("shared-by-all")]).AsTask()));

        Assert.That(results.Sum(r => r.Accepted), Is.EqualTo(50 * 20 + 1));
        Assert.That(results.Sum(r => r.Duplicates), Is.EqualTo(49));
        Assert.That(results.All(r => r.Accepted + r.Duplicates == 21));
        Assert.That(await new EventReader(store).CountAsync(), Is.EqualTo(1001));
    }

    [Test]
    public async Task Observers_hear_of_each_committed_event_once_and_never_of_duplicates()
    {
        var options = Options;
        using var store = BrightStore.Open(options);
        var observer = new RecordingObserver();
        await using var writer = Writer(store, options, observer);

        await writer.WriteAsync([Event("observed-1"), Event("observed-2")]);
        await writer.WriteAsync([Event("observed-2"), Event("observed-3")]);

        Assert.That(observer.Seen.Select(e => e.EventId), Is.EqualTo(new[] { "observed-1", "observed-2", "observed-3" }));
    }

    [Test]
    public async Task The_bulk_path_reports_progress_and_dedupes_like_the_live_path()
    {
        var options = new StoreOptions { Path = Options.Path, BulkBatchEvents = 1000 };
        using var store = BrightStore.Open(options);
        await using var writer = Writer(store, options);
        await writer.WriteAsync([Event("bulk-10")]);
        var progress = new List<long>();

        var result = await writer.WriteBulkAsync(Enumerable.Range(0, 2500).Select(i => Event($"bulk-{i}", i % 60)), new SyncProgress(progress));

        Assert.That(result, Is.EqualTo(new WriteResult(2499, 1)));
        Assert.That(progress, Is.EqualTo(new long[] { 1000, 2000, 2500 }));
    }

    [Test]
    public async Task A_request_after_disposal_is_refused_with_a_message()
    {
        var options = Options;
        using var store = BrightStore.Open(options);
        var writer = Writer(store, options);
        await writer.DisposeAsync();

        var error = Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.WriteAsync([Event("late")]));

        Assert.That(error!.Message, Does.Contain("shutting down"));
    }

    private sealed class RecordingObserver : ICommittedEventsObserver
    {
        public List<HospitalEvent> Seen { get; } = [];

        public void OnCommitted(IReadOnlyList<HospitalEvent> events) => Seen.AddRange(events);
    }

    private sealed class SyncProgress(List<long> seen) : IProgress<long>
    {
        public void Report(long value) => seen.Add(value);
    }
}
