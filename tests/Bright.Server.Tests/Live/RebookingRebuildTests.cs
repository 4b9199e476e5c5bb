using System.Globalization;
using Bright.Analytics.State;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Store;
using Bright.Store.Events;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Server.Tests.Live;

/// <summary>Live state rebuilt from the store shows the 28-day rule on today's trackboard, from bookings weeks old.</summary>
[TestFixture]
public sealed class RebookingRebuildTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-20T12:00:00Z", CultureInfo.InvariantCulture);

    private static HospitalEvent E(string id, EventKind kind, DateTimeOffset at, string subject, string? code, params (string Key, string Value)[] attributes) =>
        new()
        {
            EventId = id,
            OccurredAt = at,
            ReceivedAt = at,
            Source = "test-theatres",
            Site = "RQ6",
            Kind = kind,
            Subject = subject,
            Location = "RQ6/theatres/TH03",
            Code = code,
            Attributes = attributes.ToDictionary(a => a.Key, a => a.Value),
        };

    [Test]
    public async Task Cancellations_weeks_old_are_rebuilt_with_their_bookings_and_the_days_remaining()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "store.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync(
            [
                E("b1", EventKind.CaseScheduled, Now.AddDays(-40), "S1", "urology", ("caseId", "K1"), ("procedure", "TURP"),
                    ("plannedStart", "2026-01-05T09:00:00Z")),
                E("c1", EventKind.CaseCancelled, T("2026-01-05T07:00:00Z"), "S1", "non_clinical_on_day", ("caseId", "K1"), ("reason", "no_bed")),
                E("b2", EventKind.CaseScheduled, Now.AddDays(-50), "S2", "urology", ("caseId", "K2"), ("procedure", "TURP"),
                    ("plannedStart", "2026-01-06T09:00:00Z")),
                E("c2", EventKind.CaseCancelled, T("2026-01-06T07:00:00Z"), "S2", "non_clinical_on_day", ("caseId", "K2"), ("reason", "list_overran")),
                E("b3", EventKind.CaseScheduled, T("2026-01-08T10:00:00Z"), "S2", "urology", ("caseId", "K3"), ("procedure", "TURP"),
                    ("plannedStart", "2026-01-26T09:00:00Z")),
            ]);
        }

        var events = await new LiveStateReader(store).ReadForRebuildAsync(Now.AddHours(-48), Now.AddDays(-1));
        var state = new LiveState(TrustReference.Demo, LiveStateSettings.Defaults());
        foreach (var e in events)
        {
            state.Apply(e);
        }

        var rebooking = state.Theatres("RQ6", Now, new DateOnly(2026, 1, 20)).Summary.Rebooking!;
        Assert.That((rebooking.RebookedWithin28Days, rebooking.Open, rebooking.Breaches), Is.EqualTo((1, 1, 0)));
        Assert.That(rebooking.Cancellations.Single().DaysRemaining, Is.EqualTo(13), "cancelled 5 January: 28 days run to 2 February");
    }

    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
