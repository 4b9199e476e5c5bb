using Bright.Store.Feeds;
using Bright.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Store.Tests.Feeds;

[TestFixture]
public sealed class FeedStoreTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private FakeTimeProvider _clock = null!;
    private TempStore _temp = null!;
    private FeedStore _feeds = null!;

    private static FeedDefinition Pas(string owner = "PAS team", TimeSpan? lateAfter = null) => new("pas-adt", "PAS ADT", owner,
        "pas@trust.example.nhs.uk", FeedKinds.Hl7, TimeSpan.FromMinutes(5), lateAfter ?? TimeSpan.FromMinutes(30), null);

    [SetUp]
    public void OpenStore()
    {
        _clock = new FakeTimeProvider(Start);
        _temp = TempStore.Create();
        _feeds = new FeedStore(_temp.Store, _clock);
    }

    [TearDown]
    public void CloseStore()
    {
        _feeds.Dispose();
        _temp.Dispose();
    }

    [Test]
    public async Task Every_change_is_a_revision_with_who_and_when_and_the_settings_read_back_as_saved()
    {
        await _feeds.SaveAsync(Pas(), "admin-a");
        _clock.Advance(TimeSpan.FromHours(1));
        var changed = await _feeds.SaveAsync(Pas(owner: "Integration team") with { SilentAfter = TimeSpan.FromMinutes(45), Enabled = false }, "admin-b");

        var stored = await _feeds.FindAsync("pas-adt");
        var history = await _feeds.HistoryAsync("pas-adt");

        Assert.That(changed.Change, Is.EqualTo("updated"));
        Assert.That(stored, Is.EqualTo(new StoredFeed(Pas(owner: "Integration team") with { SilentAfter = TimeSpan.FromMinutes(45), Enabled = false }, 2,
            Start.AddHours(1), "admin-b", null)));
        Assert.That(history.Select(v => (v.Revision, v.Change, v.Feed.Owner, v.ChangedAt, v.ChangedBy)), Is.EqualTo(new[]
        {
            (1, "created", "PAS team", Start, "admin-a"),
            (2, "updated", "Integration team", Start.AddHours(1), "admin-b"),
        }));
    }

    [Test]
    public async Task Saving_the_settings_already_stored_makes_no_revision()
    {
        await _feeds.SaveAsync(Pas(), "admin-a");

        var again = await _feeds.SaveAsync(Pas(), "admin-b");

        Assert.That((again.Change, again.Feed.Revision, again.Feed.UpdatedBy), Is.EqualTo(((string?)null, 1, "admin-a")));
        Assert.That(await _feeds.HistoryAsync("pas-adt"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Retiring_keeps_the_feed_and_its_history_and_saving_it_again_restores_it()
    {
        await _feeds.SaveAsync(Pas(), "admin-a");
        _clock.Advance(TimeSpan.FromMinutes(10));

        var retired = await _feeds.RetireAsync("pas-adt", "admin-b");
        var twice = await _feeds.RetireAsync("pas-adt", "admin-c");
        var restored = await _feeds.SaveAsync(Pas(), "admin-d");

        Assert.That((retired!.Retired, retired.RetiredAt, retired.Revision), Is.EqualTo((true, (DateTimeOffset?)Start.AddMinutes(10), 2)));
        Assert.That(twice!.Revision, Is.EqualTo(2), "retiring a retired feed changes nothing");
        Assert.That((restored.Change, restored.Feed.Retired), Is.EqualTo(("restored", false)));
        Assert.That((await _feeds.HistoryAsync("pas-adt")).Select(v => (v.Change, v.ChangedBy)),
            Is.EqualTo(new[] { ("created", "admin-a"), ("retired", "admin-b"), ("restored", "admin-d") }));
        Assert.That(await _feeds.RetireAsync("no-such-feed", "admin-b"), Is.Null);
    }

    [Test]
    public async Task Configuration_seeds_absent_feeds_and_follows_its_own_changes_but_an_administrators_edit_wins()
    {
        var fhir = new FeedDefinition("ambulance-fhir", "Ambulance", "EMS team", null, FeedKinds.Fhir, null, null, null);
        var seeded = await _feeds.SeedAsync([Pas(), fhir]);
        var reseeded = await _feeds.SeedAsync([Pas(), fhir]);

        await _feeds.SeedAsync([Pas(lateAfter: TimeSpan.FromMinutes(20)), fhir]);
        await _feeds.SaveAsync(fhir with { Owner = "Ambulance integration" }, "admin-a");
        await _feeds.SeedAsync([Pas(), fhir with { Owner = "Someone else" }]);

        Assert.That(seeded.Select(s => (s.Feed.Feed.Id, s.Change)), Is.EqualTo(new[] { ("pas-adt", (string?)"created"), ("ambulance-fhir", "created") }));
        Assert.That(reseeded, Is.Empty, "an unchanged declaration changes nothing");
        var pas = (await _feeds.FindAsync("pas-adt"))!;
        Assert.That((pas.Feed.LateAfter, pas.Revision, pas.UpdatedBy), Is.EqualTo(((TimeSpan?)TimeSpan.FromMinutes(30), 3, FeedStore.ConfigurationAuthor)));
        Assert.That((await _feeds.FindAsync("ambulance-fhir"))!.Feed.Owner, Is.EqualTo("Ambulance integration"));
    }

    [Test]
    public async Task A_retired_feed_stays_retired_when_configuration_still_declares_it()
    {
        await _feeds.SeedAsync([Pas()]);
        await _feeds.RetireAsync("pas-adt", "admin-a");

        await _feeds.SeedAsync([Pas()]);

        Assert.That((await _feeds.FindAsync("pas-adt"))!.Retired, Is.True);
        Assert.That(await _feeds.ListAsync(), Has.Count.EqualTo(1));
    }
}
