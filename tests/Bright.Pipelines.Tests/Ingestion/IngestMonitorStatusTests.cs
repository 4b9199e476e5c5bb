using System.Text.Json;
using Bright.Pipelines.Feeds;
using Bright.Pipelines.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Pipelines.Tests.Ingestion;

/// <summary>Each ingest row's status against its feed's cadence, with a fake clock.</summary>
public sealed class IngestMonitorStatusTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;
    private IngestMonitor _monitor = null!;

    [SetUp]
    public void CreateMonitor()
    {
        _clock = new FakeTimeProvider(Start);
        var cadence = new FeedCadence(new Dictionary<string, FeedTimeliness>
        {
            ["pas"] = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)),
            ["quiet"] = new(TimeSpan.FromMinutes(5), null),
        }, 0.10);
        _monitor = new IngestMonitor(_clock, cadence);
    }

    private static HospitalEvent Event(string source, string site, DateTimeOffset occurredAt, DateTimeOffset receivedAt, int n = 0) => new()
    {
        EventId = $"{source}-{site}-{n}-{receivedAt.ToUnixTimeSeconds()}",
        OccurredAt = occurredAt,
        ReceivedAt = receivedAt,
        Source = source,
        Site = site,
        Kind = EventKind.Admission,
    };

    private IngestRow Row(string source, string site) => _monitor.Snapshot().Single(r => r.Source == source && r.Site == site);

    [Test]
    public void A_feed_within_its_cadence_and_lag_is_ok()
    {
        _monitor.OnCommitted([Event("pas", "RQ6", Start.AddMinutes(-2), Start)]);

        Assert.That(Row("pas", "RQ6").Status, Is.EqualTo("ok"));
    }

    [Test]
    public void A_lag_over_late_after_is_late()
    {
        _monitor.OnCommitted([Event("pas", "RQ6", Start.AddMinutes(-16), Start)]);

        Assert.That(Row("pas", "RQ6").Status, Is.EqualTo("late"));
    }

    [Test]
    public void A_feed_falls_silent_past_its_cadence_and_the_change_is_taken_without_any_new_event()
    {
        _monitor.OnCommitted([Event("pas", "RQ6", Start, Start)]);
        Assert.That(_monitor.TakeChanged().Where(r => r.Source == "pas").Select(r => r.Status), Is.EqualTo(new[] { "ok" }));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(_monitor.TakeChanged().Where(r => r.Source == "pas"), Is.Empty, "exactly the cadence is not yet silent");

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_monitor.TakeChanged().Where(r => r.Source == "pas").Select(r => r.Status), Is.EqualTo(new[] { "silent" }));
        Assert.That(_monitor.TakeChanged().Where(r => r.Source == "pas"), Is.Empty, "a status is taken once");

        _monitor.OnCommitted([Event("pas", "RQ6", _clock.GetUtcNow(), _clock.GetUtcNow(), 1)]);
        Assert.That(_monitor.TakeChanged().Where(r => r.Source == "pas").Select(r => r.Status), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public void A_site_is_not_silent_while_its_feed_sends_for_another_site()
    {
        _monitor.OnCommitted([Event("pas", "RQ6", Start, Start)]);
        _clock.Advance(TimeSpan.FromMinutes(10));
        _monitor.OnCommitted([Event("pas", "RRV03", _clock.GetUtcNow(), _clock.GetUtcNow())]);

        Assert.That(Row("pas", "RQ6").Status, Is.EqualTo("ok"));
        Assert.That(Row("pas", "RRV03").Status, Is.EqualTo("ok"));
    }

    [Test]
    public void A_feed_with_a_cadence_that_never_sent_shows_as_silent_for_site_unknown()
    {
        var quiet = Row("quiet", "unknown");

        Assert.That((quiet.Status, quiet.AcceptedToday, quiet.LastReceivedAt), Is.EqualTo(("silent", 0L, (DateTimeOffset?)null)));
        Assert.That(_monitor.Snapshot().Select(r => r.Source), Is.EqualTo(new[] { "pas", "quiet" }), "a feed without a cadence is not invented");
    }

    [Test]
    public void A_rejection_rate_over_the_threshold_is_rejecting_and_silent_outranks_it()
    {
        _monitor.OnCommitted(Enumerable.Range(0, 9).Select(i => Event("pas", "RQ6", Start, Start, i)).ToList());
        _monitor.RecordRejected("pas", "RQ6");
        Assert.That(Row("pas", "RQ6").Status, Is.EqualTo("ok"), "1 in 10 is not over 10 %");

        _monitor.RecordRejected("pas", "RQ6");
        Assert.That(Row("pas", "RQ6").Status, Is.EqualTo("rejecting"));

        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That(Row("pas", "RQ6").Status, Is.EqualTo("silent"));
    }

    [Test]
    public void A_feed_without_a_cadence_is_never_silent_or_late()
    {
        _monitor.OnCommitted([Event("other", "RQ6", Start.AddDays(-3), Start)]);
        _clock.Advance(TimeSpan.FromHours(12));

        Assert.That(Row("other", "RQ6").Status, Is.EqualTo("ok"));
    }

    [Test]
    public void The_row_json_keeps_its_fields_and_appends_status()
    {
        _monitor.OnCommitted([Event("pas", "RQ6", Start, Start)]);

        var json = JsonSerializer.SerializeToElement(Row("pas", "RQ6"), JsonSerializerOptions.Web);

        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "source", "site", "acceptedToday", "rejectedToday", "lastOccurredAt", "lastReceivedAt", "lagSeconds", "status",
        }));
    }

    [TestCase("00:00:00", null, "Bright:Feeds:0:ExpectedEvery must be from 00:00:01 to 7.00:00:00 (was 00:00:00).")]
    [TestCase("8.00:00:00", null, "Bright:Feeds:0:ExpectedEvery must be from 00:00:01 to 7.00:00:00 (was 8.00:00:00).")]
    [TestCase(null, "-00:05:00", "Bright:Feeds:0:LateAfter must be from 00:00:01 to 7.00:00:00 (was -00:05:00).")]
    public void A_cadence_out_of_range_is_refused_naming_its_key(string? every, string? late, string expected)
    {
        var feed = new FeedOptions
        {
            Source = "pas",
            Owner = "PAS team",
            ExpectedEvery = every is null ? null : TimeSpan.Parse(every, System.Globalization.CultureInfo.InvariantCulture),
            LateAfter = late is null ? null : TimeSpan.Parse(late, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.That(FeedOptions.Validate([feed]), Is.EqualTo(new[] { expected }));
    }

    [TestCase(1.0, "Bright:Ingest:RejectingAbove must be from 0 to less than 1, a share of today's records (was 1).")]
    [TestCase(-0.1, "Bright:Ingest:RejectingAbove must be from 0 to less than 1, a share of today's records (was -0.1).")]
    [TestCase(double.NaN, "Bright:Ingest:RejectingAbove must be from 0 to less than 1, a share of today's records (was NaN).")]
    public void A_rejection_threshold_out_of_range_is_refused_naming_its_key(double value, string expected)
    {
        Assert.That(new IngestOptions { RejectingAbove = value }.Validate(), Is.EqualTo(new[] { expected }));
    }
}
