using System.Globalization;
using Bright.Core.Events;
using Bright.Store.Events;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Events;

/// <summary>What the live-state rebuild reads before its window: open stays within a year, every bed's latest status.</summary>
[TestFixture]
public sealed class LiveStateReaderTests
{
    private static readonly DateTimeOffset Since = DateTimeOffset.Parse("2026-01-20T12:00:00Z", CultureInfo.InvariantCulture);

    private static HospitalEvent E(string id, EventKind kind, DateTimeOffset at, string? subject, string location) => new()
    {
        EventId = id,
        OccurredAt = at,
        ReceivedAt = at,
        Source = "test-pas",
        Site = "RQ6",
        Kind = kind,
        Subject = subject,
        Location = location,
        Attributes = kind == EventKind.BedStatusChanged ? new Dictionary<string, string> { ["status"] = "Clean" } : HospitalEvent.NoAttributes,
    };

    [Test]
    public async Task Open_stays_within_the_look_back_are_read_and_older_silent_ones_and_closed_ones_are_not()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "store.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                E("old-admit", EventKind.Admission, Since - LiveStateReader.OpenStayLookBack - TimeSpan.FromDays(1), "P-OLD", "RQ6/W1/B1"),
                E("long-admit", EventKind.Admission, Since.AddDays(-300), "P-LONG", "RQ6/W1/B2"),
                E("long-move", EventKind.Transfer, Since.AddDays(-200), "P-LONG", "RQ6/W1/B3"),
                E("closed-admit", EventKind.Admission, Since.AddDays(-10), "P-GONE", "RQ6/W1/B4"),
                E("closed-out", EventKind.Discharge, Since.AddDays(-2), "P-GONE", "RQ6/W1/B4"),
                E("bed-early", EventKind.BedStatusChanged, Since.AddDays(-700), null, "RQ6/W1/B9"),
                E("bed-later", EventKind.BedStatusChanged, Since.AddDays(-500), null, "RQ6/W1/B9"),
                E("live-admit", EventKind.Admission, Since.AddHours(1), "P-NEW", "RQ6/W1/B5"),
            ]);
        }

        var events = await new LiveStateReader(store).ReadForRebuildAsync(Since, Since.AddDays(-1));

        Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[] { "bed-later", "long-admit", "long-move", "live-admit" }));
    }
}
