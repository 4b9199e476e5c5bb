using Bright.Store.Alerts;
using Bright.Store.DeadLetters;
using Bright.Store.Feeds;
using Bright.Store.Fhir;
using Bright.Store.Opel;
using Bright.Store.Replication;
using Bright.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Store.Tests.Replication;

/// <summary>Administrators' changes and replay outcomes read from the cluster's log apply once, however often they are delivered.</summary>
[TestFixture]
public sealed class ReplicatedChangesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    private static FeedDefinition Lab(string owner) => new("lab", "Laboratory", owner, null, FeedKinds.Http, TimeSpan.FromMinutes(5), null, null);

    [Test]
    public async Task A_feed_change_delivered_twice_is_one_revision_stamped_with_the_time_it_was_made()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        using var feeds = new FeedStore(store, new FakeTimeProvider(At.AddHours(5)));

        var first = await feeds.ApplySaveAsync("1-0/0", Lab("Pathology"), "admin", At);
        var again = await feeds.ApplySaveAsync("1-0/0", Lab("Pathology"), "admin", At);
        var changed = await feeds.ApplySaveAsync("2-0/0", Lab("Blood sciences"), "admin", At.AddMinutes(1));
        var retired = await feeds.ApplyRetireAsync("3-0/0", "lab", "admin", At.AddMinutes(2));
        var retiredAgain = await feeds.ApplyRetireAsync("3-0/0", "lab", "admin", At.AddMinutes(2));

        Assert.That((first!.Change, first.Feed.Revision, first.Feed.UpdatedAt), Is.EqualTo(("created", 1, At)));
        Assert.That((again, changed!.Change, changed.Feed.Revision), Is.EqualTo(((FeedSaveResult?)null, "updated", 2)));
        Assert.That((retired!.Revision, retired.RetiredAt, retiredAgain), Is.EqualTo((3, (DateTimeOffset?)At.AddMinutes(2), (StoredFeed?)null)));
        Assert.That((await feeds.HistoryAsync("lab")).Select(v => (v.Revision, v.Change, v.ChangedAt)), Is.EqualTo(new[]
        {
            (1, "created", At), (2, "updated", At.AddMinutes(1)), (3, "retired", At.AddMinutes(2)),
        }));
    }

    [Test]
    public async Task An_alert_rule_version_and_an_opel_table_delivered_twice_are_stored_once()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        var rules = new AlertRuleStore(store);
        var tables = new OpelTableStore(store);
        var table = new NewOpelTableVersion("v2", "agreed", new DateOnly(2026, 12, 1), "{}", "admin", At, "Agreed with the ICB");

        var version = await rules.ApplyAsync("1-0/0", "r1", """{"id":"r1"}""", true, "created", "admin", At);
        var repeated = await rules.ApplyAsync("1-0/0", "r1", """{"id":"r1"}""", true, "created", "admin", At);
        var stored = await tables.ApplyAsync("2-0/0", table);
        var storedAgain = await tables.ApplyAsync("2-0/0", table);
        var taken = await tables.ApplyAsync("3-0/0", table with { Note = "the same version from another node" });

        Assert.That((version!.Version, repeated), Is.EqualTo((1, (AlertRuleVersion?)null)));
        Assert.That(await rules.ReadHistoryAsync("r1"), Has.Count.EqualTo(1));
        Assert.That((stored, storedAgain, taken), Is.EqualTo((true, false, false)));
        Assert.That((await tables.ReadVersionsAsync()).Select(v => (v.Version, v.Note)), Is.EqualTo(new[] { ("v2", "Agreed with the ICB") }));
    }

    [Test]
    public async Task A_replay_outcome_delivered_twice_counts_one_attempt_on_the_letter_of_that_log_key()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        var letters = new DeadLetterStore(store);
        await letters.ApplyAsync("1-0", [new DeadLetter(At, "http", "lab", "RQ6", "e1", ["kind: unknown"], "{}"),
            new DeadLetter(At, "http", "lab", "RQ6", "e2", ["kind: unknown"], "{}")]);
        var failed = new DeadLetterReplayed("1-0/1", false, ["kind: 'Teleport' is not a known event kind"], At.AddMinutes(1));
        var replayed = new DeadLetterReplayed("1-0/1", true, [], At.AddMinutes(2));

        var applied = await letters.ApplyReplayAsync("2-0/0", failed);
        var twice = await letters.ApplyReplayAsync("2-0/0", failed);
        await letters.ApplyReplayAsync("3-0/0", replayed);
        var unknown = await letters.ApplyReplayAsync("4-0/0", replayed with { LetterKey = "9-0/0" });

        var (list, _) = await letters.ListAsync("lab", 0, 10);
        var e2 = list.Single(l => l.Reference == "e2");
        Assert.That((applied, twice, unknown), Is.EqualTo((true, false, false)));
        Assert.That((e2.ReplayAttempts, e2.ReplayedAt, e2.LastReplayAt, e2.Errors[0]),
            Is.EqualTo((2, (DateTimeOffset?)At.AddMinutes(2), (DateTimeOffset?)At.AddMinutes(2), "kind: 'Teleport' is not a known event kind")));
        Assert.That(list.Single(l => l.Reference == "e1").ReplayAttempts, Is.Zero, "only the letter of that key");
    }

    [Test]
    public async Task A_snapshot_carries_the_registers_whole_and_the_changes_applied_so_none_applies_twice_after_it()
    {
        using var folder = TempFolder.Create();
        using var source = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        using var joiner = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "b.duckdb") });
        using var sourceFeeds = new FeedStore(source, new FakeTimeProvider(At));
        using var joinerFeeds = new FeedStore(joiner, new FakeTimeProvider(At));
        await sourceFeeds.ApplySaveAsync("1-0/0", Lab("Pathology"), "admin", At);
        await joinerFeeds.SeedAsync([Lab("from configuration") with { Id = "pas" }]);
        var snapshot = Directory.CreateDirectory(Path.Combine(folder.Path, "snapshot")).FullName;
        await StoreSnapshot.ExportAsync(source, snapshot);

        var imported = await StoreSnapshot.ImportAdministrationAsync(joiner, snapshot);
        var redelivered = await joinerFeeds.ApplySaveAsync("1-0/0", Lab("Pathology"), "admin", At);

        Assert.That((imported, redelivered), Is.EqualTo((true, (FeedSaveResult?)null)));
        Assert.That((await joinerFeeds.ListAsync()).Select(f => (f.Feed.Id, f.Feed.Owner, f.Revision)), Is.EqualTo(new[] { ("lab", "Pathology", 1) }),
            "the joiner's registry is the snapshot's, not what it seeded itself");
        File.Delete(Path.Combine(snapshot, StoreSnapshot.ChangesFile));
        Assert.That(await StoreSnapshot.ImportAdministrationAsync(joiner, snapshot), Is.False, "a snapshot from before carries no registers");
    }

    [Test]
    public async Task Fhir_locations_from_the_log_replace_older_ones_and_never_wind_a_newer_one_back()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "a.duckdb") });
        var locations = new FhirLocationStore(store);

        await locations.ApplyAsync([new FhirLocation("pas", "bed-1", "RQ6", "RQ6/W1/B01", At), new FhirLocation("pas", "ward-1", "RQ6", "RQ6/W1", At)]);
        await locations.ApplyAsync([new FhirLocation("pas", "bed-1", "RQ6", "RQ6/W2/B01", At.AddMinutes(5))]);
        await locations.ApplyAsync([new FhirLocation("pas", "bed-1", "RQ6", "RQ6/W1/B01", At)]);
        await locations.SaveAsync([new FhirLocation("theatres", "bed-1", "RQ6", "RQ6/AMU/B01", At)]);

        Assert.That(await locations.FindAsync("pas", "bed-1"), Is.EqualTo("RQ6/W2/B01"), "the entry redelivered late keeps the newer path");
        Assert.That((await locations.FindAsync("pas", "ward-1"), await locations.FindAsync("theatres", "bed-1"), await locations.FindAsync("pas", "bed-9")),
            Is.EqualTo(("RQ6/W1", "RQ6/AMU/B01", (string?)null)), "ids are per feed");
    }
}
