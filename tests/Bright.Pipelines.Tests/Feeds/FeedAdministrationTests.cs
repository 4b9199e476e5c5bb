using Bright.Pipelines.Feeds;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Ingestion;
using Bright.Store.Feeds;
using Bright.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Pipelines.Tests.Feeds;

/// <summary>The registry's settings reaching owners and statuses: seeded from configuration, changed without a restart.</summary>
public sealed class FeedAdministrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;
    private TempStore _temp = null!;
    private FeedStore _store = null!;
    private FeedRegistry _registry = null!;
    private FeedCadence _cadence = null!;
    private IngestMonitor _monitor = null!;

    private static readonly Hl7FeedCatalog Hl7 = new([new Hl7FeedProfile { Source = "pas-adt", Owner = "PAS team", DefaultSite = "RQ6" }]);

    private static readonly List<FeedOptions> Configured =
    [
        new() { Source = "pas-adt", Owner = "PAS integration", Contact = "pas@trust.example.nhs.uk", ExpectedEvery = TimeSpan.FromMinutes(5) },
        new() { Source = "lab-files", Owner = "Pathology IT", Kind = "file", Name = "Pathology results" },
    ];

    [SetUp]
    public void Create()
    {
        _clock = new FakeTimeProvider(Start);
        _temp = TempStore.Create();
        _store = new FeedStore(_temp.Store, _clock);
        _registry = new FeedRegistry(Hl7, Configured);
        _cadence = new FeedCadence(new Dictionary<string, FeedTimeliness>(), 0.05);
        _monitor = new IngestMonitor(_clock, _cadence);
    }

    [TearDown]
    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    private FeedAdministration Administration() => new(_store, _registry, _cadence, FeedAdministration.Declared(Hl7, Configured));

    private void Receive(string source, DateTimeOffset at) => _monitor.OnCommitted([new HospitalEvent
    {
        EventId = $"{source}-{at.ToUnixTimeSeconds()}", OccurredAt = at, ReceivedAt = at, Source = source, Site = "RQ6", Kind = EventKind.Admission,
    }]);

    [Test]
    public void An_hl7_profile_and_a_feeds_entry_of_the_same_source_declare_one_hl7_feed_with_the_entrys_owner()
    {
        var declared = FeedAdministration.Declared(Hl7, Configured);

        Assert.That(declared, Is.EqualTo(new[]
        {
            new FeedDefinition("lab-files", "Pathology results", "Pathology IT", null, FeedKinds.File, null, null, null),
            new FeedDefinition("pas-adt", "pas-adt", "PAS integration", "pas@trust.example.nhs.uk", FeedKinds.Hl7, TimeSpan.FromMinutes(5), null, null),
        }));
    }

    [Test]
    public async Task A_shorter_silent_after_saved_by_an_administrator_makes_a_quiet_feed_silent_at_once()
    {
        using var administration = Administration();
        await administration.LoadAsync(CancellationToken.None);
        Receive("pas-adt", Start);
        _clock.Advance(TimeSpan.FromMinutes(3));
        var before = _monitor.Snapshot().Single(r => r.Source == "pas-adt").Status;

        await administration.SaveAsync(new FeedDefinition("pas-adt", "PAS ADT", "PAS integration", null, FeedKinds.Hl7, TimeSpan.FromMinutes(1),
            null, TimeSpan.FromMinutes(2)), "admin", CancellationToken.None);

        Assert.That(before, Is.EqualTo(FeedStatus.Ok));
        Assert.That(_monitor.Snapshot().Single(r => r.Source == "pas-adt").Status, Is.EqualTo(FeedStatus.Silent));
        Assert.That(_registry.Find("pas-adt").Name, Is.EqualTo("PAS ADT"));
    }

    [Test]
    public async Task A_retired_or_disabled_feed_is_never_silent_and_a_retired_one_leaves_the_list_but_keeps_its_owner()
    {
        using var administration = Administration();
        await administration.LoadAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var silent = _cadence.WithExpectedCadence.ToList();

        await administration.RetireAsync("pas-adt", "admin", CancellationToken.None);
        await administration.SaveAsync(new FeedDefinition("lab-files", "Lab", "Pathology IT", null, FeedKinds.File, TimeSpan.FromMinutes(5), null, null,
            Enabled: false), "admin", CancellationToken.None);

        Assert.That(silent, Is.EqualTo(new[] { "pas-adt" }));
        Assert.That(_cadence.WithExpectedCadence, Is.Empty);
        Assert.That(_monitor.Snapshot(), Is.Empty, "no feed is expected to send, so none shows as silent");
        Assert.That(_registry.All.Select(f => f.Source), Is.EqualTo(new[] { "lab-files" }));
        Assert.That((_registry.Find("pas-adt").Owner, _registry.Find("pas-adt").Retired), Is.EqualTo(("PAS integration", true)));
    }

    [TestCase("pas-support@trust.nhs.uk")]
    [TestCase("020 7946 0000")]
    [TestCase("+44 (0)20 7946-0000")]
    public void An_e_mail_address_or_a_telephone_number_is_a_valid_contact(string contact)
    {
        var (feed, errors) = FeedSettingsValidator.Validate("pas-adt", new FeedSettings { Owner = "PAS team", Kind = "hl7", Contact = contact });

        Assert.That(errors, Is.Empty);
        Assert.That(feed!.Contact, Is.EqualTo(contact));
    }

    [Test]
    public void Every_problem_is_reported_at_once_each_with_its_field()
    {
        var (feed, errors) = FeedSettingsValidator.Validate("a--b", new FeedSettings
        {
            Name = " ",
            Kind = "mllp",
            ExpectedEvery = "00:10:00",
            SilentAfter = "00:05:00",
            Contact = "a@b",
        });

        Assert.That(feed, Is.Null);
        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "id", "name", "owner", "contact", "kind", "silentAfter" }));
        Assert.That(errors[^1].Reason, Is.EqualTo("must not be shorter than expectedEvery (00:10:00) (was 00:05:00)"));
    }
}
