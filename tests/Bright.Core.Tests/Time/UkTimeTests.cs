using Bright.Core.Time;
using Microsoft.Extensions.Time.Testing;

namespace Bright.Core.Tests.Time;

[TestFixture]
public sealed class UkTimeTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [TestCase("2026-01-15T23:30:00Z", "2026-01-15", Description = "GMT in winter: local equals UTC")]
    [TestCase("2026-07-15T23:30:00Z", "2026-07-16", Description = "BST in summer: 23:30 UTC is 00:30 the next day")]
    [TestCase("2026-03-29T00:59:59Z", "2026-03-29", Description = "last Sunday in March, before the clocks go forward")]
    public void The_local_date_follows_Europe_London(string instant, string date)
    {
        Assert.That(UkTime.LocalDate(Utc(instant)), Is.EqualTo(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void A_summer_day_starts_at_2300_utc_the_evening_before()
    {
        Assert.That(UkTime.StartOfDay(new DateOnly(2026, 7, 1)), Is.EqualTo(Utc("2026-06-30T23:00:00Z")));
        Assert.That(UkTime.StartOfDay(new DateOnly(2026, 12, 1)), Is.EqualTo(Utc("2026-12-01T00:00:00Z")));
    }

    [Test]
    public void A_time_in_the_skipped_spring_hour_moves_forward_an_hour()
    {
        var local = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Unspecified);

        Assert.That(UkTime.FromLocal(local), Is.EqualTo(Utc("2026-03-29T01:30:00Z")), "02:30 BST");
    }

    [Test]
    public void A_time_in_the_repeated_autumn_hour_takes_bst()
    {
        var local = new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Unspecified);

        Assert.That(UkTime.FromLocal(local), Is.EqualTo(Utc("2026-10-25T00:30:00Z")));
    }

    [Test]
    public void Today_comes_from_the_injected_clock()
    {
        var clock = new FakeTimeProvider(Utc("2026-06-30T23:15:00Z"));

        Assert.That(UkTime.Today(clock), Is.EqualTo(new DateOnly(2026, 7, 1)));
    }
}
