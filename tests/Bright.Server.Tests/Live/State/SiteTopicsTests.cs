using System.Globalization;
using System.Text.Json.Nodes;
using Bright.Analytics.State;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Server.Live.State;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Server.Tests.Live.State;

/// <summary>What the site topics send on each publisher tick, with time held still or moved on by hand.</summary>
[TestFixture]
public sealed class SiteTopicsTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-26T10:00:20Z", CultureInfo.InvariantCulture);
    private FakeTimeProvider _clock = null!;
    private LiveStateService _service = null!;
    private int _next;

    [SetUp]
    public void NewState()
    {
        _clock = new FakeTimeProvider(Start);
        _service = new LiveStateService(TrustReference.Demo, LiveStateSettings.Defaults(), _clock);
    }

    [Test]
    public void A_bed_change_is_a_delta_of_its_sites_board_on_the_next_tick_and_of_no_other()
    {
        var rq6 = new BedsTopic("RQ6", _service);
        var rem = new BedsTopic("REM", _service);
        rq6.TryTakeDelta(out _, out _);
        rem.TryTakeDelta(out _, out _);

        _service.Apply([Bed("RQ6/W1/B03", "blocked")]);

        Assert.That(rq6.TryTakeDelta(out var version, out var data), Is.True);
        Assert.That(version, Is.EqualTo(2));
        Assert.That(Bed(data, "W1", "B03")?["status"]?.GetValue<string>(), Is.EqualTo("blocked"));
        Assert.That(rem.TryTakeDelta(out _, out _), Is.False, "nothing happened at REM");
        Assert.That(rq6.TryTakeDelta(out _, out _), Is.False, "nothing happened since");
    }

    [Test]
    public void A_quiet_board_still_sends_what_time_alone_changes_within_a_second_of_it()
    {
        var rq6 = new BedsTopic("RQ6", _service);
        _service.Apply([Bed("RQ6/W1/B04", "to_clean")]);
        rq6.TryTakeDelta(out _, out var first);
        Assert.That(Bed(first, "W1", "B04")?["minutesInStatus"]?.GetValue<int>(), Is.EqualTo(0));

        _clock.Advance(TimeSpan.FromSeconds(59.5));
        var beforeTheMinute = rq6.TryTakeDelta(out _, out _);
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        rq6.TryTakeDelta(out _, out var atTheMinute);
        _clock.Advance(TimeSpan.FromSeconds(1));
        rq6.TryTakeDelta(out _, out var aSecondLater);

        Assert.That(beforeTheMinute, Is.False);
        Assert.That(Bed(atTheMinute ?? aSecondLater, "W1", "B04")?["minutesInStatus"]?.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public void A_trust_wide_change_recomputes_a_board_whose_site_had_no_event()
    {
        var rq6 = new BedsTopic("RQ6", _service);
        _service.Apply([Bed("RQ6/W5/B07", "blocked")]);
        rq6.TryTakeDelta(out _, out _);
        var before = _service.ChangesOf("RQ6");

        _service.Rebuild([]);

        Assert.That(_service.ChangesOf("RQ6"), Is.Not.EqualTo(before));
        Assert.That(rq6.TryTakeDelta(out _, out var data), Is.True, "the rebuilt state has no blocked bed");
        Assert.That(Bed(data, "W5", "B07")?["status"]?.GetValue<string>(), Is.EqualTo("available"));
    }

    private HospitalEvent Bed(string location, string status) => new()
    {
        EventId = "site-topics-" + (++_next).ToString(CultureInfo.InvariantCulture),
        OccurredAt = _clock.GetUtcNow(),
        ReceivedAt = _clock.GetUtcNow(),
        Source = "test-feed",
        Site = "RQ6",
        Kind = EventKind.BedStatusChanged,
        Location = location,
        Code = status,
    };

    private static JsonNode? Bed(object? data, string ward, string bed) => ((JsonNode)data!)["wards"]!.AsArray()
        .SingleOrDefault(w => w!["code"]!.GetValue<string>() == ward)?["beds"]!.AsArray()
        .SingleOrDefault(b => b!["code"]!.GetValue<string>() == bed);
}
