using Bright.Pipelines.Hl7;

namespace Bright.Pipelines.Tests.Hl7;

public class Hl7TimeTests
{
    [TestCase("2013", "2013-01-01T00:00:00Z", Hl7TimePrecision.Year)]
    [TestCase("201302", "2013-02-01T00:00:00Z", Hl7TimePrecision.Month)]
    [TestCase("20130211", "2013-02-11T00:00:00Z", Hl7TimePrecision.Day)]
    [TestCase("2013021110", "2013-02-11T10:00:00Z", Hl7TimePrecision.Hour)]
    [TestCase("201302111000", "2013-02-11T10:00:00Z", Hl7TimePrecision.Minute, Description = "the A03's PV1-45")]
    [TestCase("20130211100052", "2013-02-11T10:00:52Z", Hl7TimePrecision.Second)]
    [TestCase("20130211100052.25", "2013-02-11T10:00:52.25Z", Hl7TimePrecision.FractionOfSecond)]
    [TestCase("20121017122453", "2012-10-17T11:24:53Z", Hl7TimePrecision.Second, Description = "BST: the A02's PV1-44")]
    [TestCase("20130211100052+0100", "2013-02-11T09:00:52Z", Hl7TimePrecision.Second, Description = "an offset wins over Europe/London")]
    [TestCase("201302111000-0500", "2013-02-11T15:00:00Z", Hl7TimePrecision.Minute)]
    public void Times_keep_their_precision_and_are_read_as_europe_london_without_an_offset(
        string text, string utc, Hl7TimePrecision precision)
    {
        Assert.That(Hl7Time.TryParse(text, out var time), Is.True);
        Assert.That(Hl7Time.ToIso(time.Instant), Is.EqualTo(utc));
        Assert.That(time.Precision, Is.EqualTo(precision));
        Assert.That(time.Dst, Is.EqualTo(Hl7DstAdjustment.None));
    }

    [Test]
    public void A_time_in_the_skipped_spring_hour_moves_forward_an_hour_and_is_flagged()
    {
        Assert.That(Hl7Time.TryParse("20250330013000", out var time), Is.True);

        Assert.That(Hl7Time.ToIso(time.Instant), Is.EqualTo("2025-03-30T01:30:00Z"), "02:30 BST");
        Assert.That(time.Dst, Is.EqualTo(Hl7DstAdjustment.Gap));
    }

    [Test]
    public void A_time_in_the_repeated_autumn_hour_is_read_as_bst_and_flagged()
    {
        Assert.That(Hl7Time.TryParse("20251026013000", out var time), Is.True);

        Assert.That(Hl7Time.ToIso(time.Instant), Is.EqualTo("2025-10-26T00:30:00Z"));
        Assert.That(time.Dst, Is.EqualTo(Hl7DstAdjustment.Overlap));
    }

    [TestCase("")]
    [TestCase("201")]
    [TestCase("2013021")]
    [TestCase("20131311")]
    [TestCase("20130230")]
    [TestCase("20130211250000")]
    [TestCase("2013021110005")]
    [TestCase("20130211100052.")]
    [TestCase("2013021110.5")]
    [TestCase("20130211100052+01")]
    [TestCase("20130211100052+2500")]
    [TestCase("2013-02-11T10:00:52Z")]
    [TestCase("yesterday")]
    public void Malformed_times_are_refused(string text) => Assert.That(Hl7Time.TryParse(text, out _), Is.False);
}
