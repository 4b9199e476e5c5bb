using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bright.Core.Events;
using Bright.Server.Jobs;
using Bright.Server.Tests.Live;
using Bright.Store;
using Bright.Store.Events;
using Bright.Store.Kpis;
using Bright.Testing;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bright.Server.Tests.Kpis;

/// <summary>
/// The shipped catalogue on a store holding a small hand-built week (Mon 1 Jul 2024, BST), whose KPI values
/// are worked out by hand in each test.
/// </summary>
[TestFixture]
public sealed class KpiCatalogueTests
{
    private TestServer _server = null!;
    private int _next;

    [OneTimeSetUp]
    public async Task StartServerWithAWeekOfEvents()
    {
        _server = await TestServer.StartAsync();
        await _server.Get<EventWriter>().WriteAsync(HandBuiltWeek());
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private HospitalEvent Event(EventKind kind, string utc, string? subject = null, string? location = null, string? code = null,
        double? value = null, Dictionary<string, string>? attributes = null) => new()
        {
            EventId = $"kpi-test-{_next++}",
            OccurredAt = At(utc),
            ReceivedAt = At(utc).AddMinutes(1),
            Source = "test",
            Site = "RQ6",
            Kind = kind,
            Subject = subject,
            Location = location,
            Code = code,
            Value = value,
            Attributes = attributes ?? HospitalEvent.NoAttributes,
        };

    private List<HospitalEvent> HandBuiltWeek() =>
    [
        // ED: s1 180 min, s2 exactly 240, s3 241, s4 780 (> 12 h); s1 again later for 30 min.
        Event(EventKind.EdArrival, "2024-07-01T08:00:00Z", "s1"), Event(EventKind.EdDeparture, "2024-07-01T11:00:00Z", "s1", code: "discharged"),
        Event(EventKind.EdArrival, "2024-07-01T09:00:00Z", "s2"), Event(EventKind.EdDeparture, "2024-07-01T13:00:00Z", "s2", code: "admitted"),
        Event(EventKind.EdArrival, "2024-07-01T10:00:00Z", "s3"), Event(EventKind.EdDeparture, "2024-07-01T14:01:00Z", "s3", code: "discharged"),
        Event(EventKind.EdArrival, "2024-07-02T00:00:00Z", "s4"), Event(EventKind.EdDeparture, "2024-07-02T13:00:00Z", "s4", code: "admitted"),
        Event(EventKind.EdArrival, "2024-07-03T10:00:00Z", "s1"), Event(EventKind.EdDeparture, "2024-07-03T10:30:00Z", "s1", code: "discharged"),

        // Ambulance handovers on 1 Jul: 10, 31, 30 and 50 minutes.
        Event(EventKind.AmbulanceArrival, "2024-07-01T08:00:00Z", "a1"), Event(EventKind.AmbulanceHandover, "2024-07-01T08:10:00Z", "a1"),
        Event(EventKind.AmbulanceArrival, "2024-07-01T09:00:00Z", "a2"), Event(EventKind.AmbulanceHandover, "2024-07-01T09:31:00Z", "a2"),
        Event(EventKind.AmbulanceArrival, "2024-07-01T10:00:00Z", "a3"), Event(EventKind.AmbulanceHandover, "2024-07-01T10:30:00Z", "a3"),
        Event(EventKind.AmbulanceArrival, "2024-07-01T11:00:00Z", "a4"), Event(EventKind.AmbulanceHandover, "2024-07-01T11:50:00Z", "a4"),

        // Discharges: 11:30 BST from W1 (before noon), 12:30 BST from W1 (after: 11:30 UTC), 09:00 BST from W2, and one
        // from the AMU assessment unit, which is not a base ward.
        Event(EventKind.Discharge, "2024-07-01T10:30:00Z", "d1", "RQ6/W1/B01"),
        Event(EventKind.Discharge, "2024-07-01T11:30:00Z", "d2", "RQ6/W1/B02"),
        Event(EventKind.Discharge, "2024-07-02T08:00:00Z", "d3", "RQ6/W2/B01"),
        Event(EventKind.Discharge, "2024-07-02T08:00:00Z", "d4", "RQ6/AMU/B01"),

        // Theatres: list L1 07:00-11:00 UTC with two cases, list L2 12:00-16:00 UTC with one case that went in 40 minutes late.
        Event(EventKind.TheatreListPlanned, "2024-06-20T09:00:00Z", location: "RQ6/THEATRES/T1", value: 240,
            attributes: new() { ["listId"] = "L1", ["start"] = "2024-07-01T08:00:00+01:00", ["end"] = "2024-07-01T12:00:00+01:00" }),
        Event(EventKind.TheatreListPlanned, "2024-06-20T09:00:00Z", location: "RQ6/THEATRES/T1", value: 240,
            attributes: new() { ["listId"] = "L2", ["start"] = "2024-07-02T13:00:00+01:00", ["end"] = "2024-07-02T17:00:00+01:00" }),
        Milestone("2024-07-01T06:50:00Z", "anaesthesia_start", "L1", "C1"),
        Milestone("2024-07-01T07:10:00Z", "in_theatre", "L1", "C1"),
        Milestone("2024-07-01T08:30:00Z", "left_theatre", "L1", "C1"),
        Milestone("2024-07-01T08:45:00Z", "in_anaesthetic_room", "L1", "C2"),
        Milestone("2024-07-01T09:00:00Z", "in_theatre", "L1", "C2"),
        Milestone("2024-07-01T11:30:00Z", "left_theatre", "L1", "C2"),
        Milestone("2024-07-02T12:40:00Z", "in_theatre", "L2", "C3"),
        Milestone("2024-07-02T13:00:00Z", "left_theatre", "L2", "C3"),

        // Staffing: 8 of 10 planned, then 9 of 10 of whom 2 agency; the last event of the store (5 Jul).
        Event(EventKind.StaffingLevel, "2024-07-04T07:00:00Z", location: "RQ6/W1", value: 8, attributes: new() { ["planned"] = "10" }),
        Event(EventKind.StaffingLevel, "2024-07-05T07:00:00Z", location: "RQ6/W2", value: 9,
            attributes: new() { ["planned"] = "10", ["agency"] = "2" }),
    ];

    private HospitalEvent Milestone(string utc, string code, string listId, string caseId) =>
        Event(EventKind.TheatreMilestone, utc, caseId, "RQ6/THEATRES/T1", code, attributes: new() { ["listId"] = listId, ["caseId"] = caseId });

    private async Task<IReadOnlyList<KpiSeriesRow>> SeriesAsync(string id)
    {
        var kpi = await _server.Get<KpiStore>().FindAsync(id);
        Assert.That(kpi, Is.Not.Null, $"KPI {id} is not in the catalogue");
        return await _server.Get<KpiStore>().ReadSeriesAsync(kpi!.Definition.Sql!);
    }

    private static readonly DateOnly Week = new(2024, 7, 1);

    [Test]
    public async Task The_shipped_catalogue_has_at_least_25_KPIs_across_the_four_domains()
    {
        using var client = _server.Client(Tokens.Executive);
        var kpis = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/kpis", UriKind.Relative)))!.AsArray();

        Assert.That(kpis, Has.Count.GreaterThanOrEqualTo(25));
        Assert.That(kpis.Select(k => k!["domain"]!.GetValue<string>()).Distinct(), Is.EquivalentTo(new[] { "performance", "quality", "workforce", "finance" }));
        var ed = kpis.Single(k => k!["id"]!.GetValue<string>() == "ed-4-hour")!;
        Assert.Multiple(() =>
        {
            Assert.That(ed["name"]!.GetValue<string>(), Is.EqualTo("ED 4-hour performance"));
            Assert.That(ed["unit"]!.GetValue<string>(), Is.EqualTo("percent"));
            Assert.That(ed["improvementDirection"]!.GetValue<string>(), Is.EqualTo("increase"));
            Assert.That(ed["owner"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(ed["sql"]!.GetValue<string>(), Does.Contain("FROM events"));
            Assert.That(ed["target"]!["value"]!.GetValue<double>(), Is.EqualTo(0.78));
            Assert.That(ed["target"]!["effectiveFrom"]!.GetValue<string>(), Is.EqualTo("2025-04-01"));
            Assert.That(ed["targets"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()), Does.Contain("constitutional"));
        });
    }

    [Test]
    public async Task Every_KPI_SQL_runs_on_the_store_and_returns_a_series()
    {
        var store = _server.Get<KpiStore>();
        foreach (var kpi in await store.ListAsync())
        {
            var rows = await store.ReadSeriesAsync(kpi.Definition.Sql!);
            Assert.That(rows.Select(r => r.Period), Is.Ordered, kpi.Definition.Id);
        }
    }

    [Test]
    public async Task Every_KPI_answers_its_SPC_over_HTTP()
    {
        using var client = _server.Client(Tokens.Executive);
        foreach (var kpi in await _server.Get<KpiStore>().ListAsync())
        {
            using var response = await client.GetAsync(new Uri($"/api/kpis/{kpi.Definition.Id}/spc", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), kpi.Definition.Id);
        }
    }

    [Test]
    public async Task ED_4_hour_counts_departures_within_240_minutes_pairing_each_with_its_own_arrival()
    {
        var rows = await SeriesAsync("ed-4-hour");

        Assert.That(rows, Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 3, 5) }), "s1 twice, s2 at exactly 240 minutes: 3 of 5");
    }

    [Test]
    public async Task ED_12_hours_in_department_counts_stays_over_720_minutes()
    {
        var rows = await SeriesAsync("ed-12-hours-in-department");

        Assert.That(rows, Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 1, 5) }));
    }

    [Test]
    public async Task Handovers_over_30_minutes_count_31_and_50_but_not_30()
    {
        Assert.That(await SeriesAsync("ambulance-handovers-over-30"), Is.EqualTo(new[] { new KpiSeriesRow(Week, 2, null, null) }));
        Assert.That(await SeriesAsync("ambulance-handovers-over-45"), Is.EqualTo(new[] { new KpiSeriesRow(Week, 1, null, null) }));
        Assert.That(await SeriesAsync("ambulance-handovers-within-15"), Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 1, 4) }));
        var lost = (await SeriesAsync("ambulance-handover-time-lost")).Single();
        Assert.That(lost.Value, Is.EqualTo((16 + 15 + 35) / 60.0).Within(1e-12), "minutes beyond 15: 0 + 16 + 15 + 35");
    }

    [Test]
    public async Task Discharges_before_noon_use_London_time_and_base_wards_only()
    {
        var rows = await SeriesAsync("discharges-before-noon");

        Assert.That(rows, Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 2, 3) }), "11:30 and 09:00 BST of three base-ward discharges");
    }

    [Test]
    public async Task Theatre_capped_utilisation_clips_touch_time_to_the_session_and_counts_unused_time()
    {
        var row = (await SeriesAsync("theatre-capped-utilisation")).Single();

        // L1: C1 06:50 (clipped to 07:00) to 08:30 = 90; C2 08:45 to 11:30 (clipped to 11:00) = 135. L2: C3 12:40 to 13:00 = 20.
        Assert.That(row.Period, Is.EqualTo(Week));
        Assert.That(row.Numerator, Is.EqualTo(245));
        Assert.That(row.Denominator, Is.EqualTo(480));
        Assert.That((await SeriesAsync("unused-theatre-hours")).Single().Value, Is.EqualTo((480 - 245) / 60.0).Within(1e-12));
    }

    [Test]
    public async Task A_list_whose_first_case_goes_in_40_minutes_late_is_a_late_start()
    {
        Assert.That(await SeriesAsync("theatre-late-starts"), Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 1, 2) }));
    }

    [Test]
    public async Task Staffing_fill_rate_and_agency_share_sum_over_shifts()
    {
        Assert.That(await SeriesAsync("staffing-fill-rate"), Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 17, 20) }));
        Assert.That(await SeriesAsync("understaffed-shifts"), Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 1, 2) }));
        Assert.That(await SeriesAsync("agency-staff-share"), Is.EqualTo(new[] { new KpiSeriesRow(Week, null, 2, 17) }));
    }

    [Test]
    public async Task KPI_SPC_carries_the_target_in_force_the_constitutional_standard_and_the_benchmark()
    {
        using var client = _server.Client(Tokens.Executive);
        var body = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/kpis/ed-4-hour/spc", UriKind.Relative)))!;

        Assert.Multiple(() =>
        {
            Assert.That(body["points"]!.AsArray().Single()!["value"]!.GetValue<double>(), Is.EqualTo(0.6));
            Assert.That(body["target"]!["value"]!.GetValue<double>(), Is.EqualTo(0.76), "the UEC recovery plan's target was in force in July 2024");
            Assert.That(body["constitutionalStandard"]!["value"]!.GetValue<double>(), Is.EqualTo(0.95));
            Assert.That(body["benchmark"]!["value"]!.GetValue<double>(), Is.EqualTo(0.8847));
            Assert.That(body["kpi"]!["unit"]!.GetValue<string>(), Is.EqualTo("percent"));
            Assert.That(body["variation"]!.GetValue<string>(), Is.EqualTo("common_cause"));
            Assert.That(body["narrative"]!.GetValue<string>(), Does.Contain("76%"));
        });
    }

    [Test]
    public async Task The_job_stores_every_KPI_result_and_publishes_it_on_its_topic()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Executive);
        await probe.Connection.InvokeAsync("Subscribe", new[] { "kpi:ed-4-hour" });
        await probe.NextAsync();

        await _server.Get<KpiSpcJob>().RunAsync(CancellationToken.None);

        var delta = (await probe.UntilAsync(m => m.Method == "delta" && m.Topic == "kpi:ed-4-hour"))[^1];
        Assert.Multiple(() =>
        {
            Assert.That(delta.Data.GetProperty("latestValue").GetDouble(), Is.EqualTo(0.6));
            Assert.That(delta.Data.GetProperty("variation").GetString(), Is.EqualTo("common_cause"));
            Assert.That(delta.Data.GetProperty("narrative").GetString(), Is.Not.Empty);
            Assert.That(delta.Data.GetProperty("sparkline").GetArrayLength(), Is.EqualTo(1));
        });
        using var connection = _server.Get<BrightStore>().OpenConnection();
        var stored = await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT kpi_id) FROM kpi_spc_results");
        var kpis = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM kpis");
        Assert.That(stored, Is.EqualTo(kpis));
    }

    [Test]
    public async Task The_KPI_chart_is_a_PNG_and_an_SVG_with_its_title()
    {
        using var client = _server.Client(Tokens.Executive);
        var png = await client.GetByteArrayAsync(new Uri("/api/kpis/ed-4-hour/spc.png", UriKind.Relative));
        var svg = await client.GetStringAsync(new Uri("/api/kpis/ed-4-hour/spc.svg", UriKind.Relative));

        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        Assert.That(svg, Does.Contain("<svg").And.Contain("ED 4-hour performance"));
    }

    [Test]
    public async Task An_unknown_KPI_is_a_404_naming_it()
    {
        using var client = _server.Client(Tokens.Executive);
        using var response = await client.GetAsync(new Uri("/api/kpis/no-such-kpi/spc", UriKind.Relative));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem["detail"]!.GetValue<string>(), Is.EqualTo("There is no KPI 'no-such-kpi'; GET /api/kpis lists them."));
    }
}
