using Bright.Pipelines.Hl7;
using Bright.Pipelines.Pseudonymisation;

namespace Bright.Pipelines.Tests.Hl7;

/// <summary>The public NHS sample messages (DOMAIN.md §7.2) mapped with their feeds' profiles.</summary>
public class Hl7EventMapperSampleTests
{
    private static readonly Pseudonymiser Pseudonyms = new(TestFeeds.Key);

    private static HospitalEvent Single(string file)
    {
        var result = TestFeeds.Map(TestFeeds.Sample(file));
        Assert.That(result.Error, Is.Null, () => result.Error!.ToString());
        Assert.That(result.Code, Is.EqualTo(Hl7AckCode.AA));
        Assert.That(result.Events, Has.Count.EqualTo(1));
        return result.Events[0];
    }

    [Test]
    public void Uclh_a01_is_an_admission_to_the_bed_in_pv1_3_at_evn_6()
    {
        var e = Single("A01_admit.hl7");

        Assert.That(e.Kind, Is.EqualTo(EventKind.Admission));
        Assert.That(e.Source, Is.EqualTo("uclh-epic-adt"));
        Assert.That(e.Site, Is.EqualTo("RRV03"));
        Assert.That(e.Location, Is.EqualTo("RRV03/T42E/BY02-17"));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2013, 2, 11, 10, 0, 52, TimeSpan.Zero)));
        Assert.That(e.ReceivedAt, Is.EqualTo(TestFeeds.ReceivedAt));
        Assert.That(e.Code, Is.EqualTo("Anaes"));
        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForNhsNumber("9999999999")),
            "the NHS number (authority NHS, type HN) wins over the MRN");
        Assert.That(e.Attributes["occurredAtSource"], Is.EqualTo("EVN-6"));
        Assert.That(e.Attributes["patientClass"], Is.EqualTo("inpatient"));
        Assert.That(e.Attributes["admittedAt"], Is.EqualTo("2013-02-11T10:00:52Z"));
        Assert.That(e.Attributes["trigger"], Is.EqualTo("ADT^A01"));
        Assert.That(e.Attributes["processingId"], Is.EqualTo("T"), "MSH-11 is T");
        Assert.That(e.Attributes["excludeFromLiveState"], Is.EqualTo("true"));
        Assert.That(e.EventId, Does.StartWith("hl7:uclh-epic-adt:31644:20130211100052:"));
    }

    [Test]
    public void Uclh_a12_cancels_a_transfer_at_evn_6_not_evn_2_and_maps_day_case()
    {
        var e = Single("A12_cancel_transfer.hl7");

        Assert.That(e.Kind, Is.EqualTo(EventKind.TransferCancelled));
        Assert.That(e.Attributes["cancels"], Is.EqualTo("Transfer"));
        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForNhsNumber("9999999999")));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2013, 2, 11, 12, 30, 52, TimeSpan.Zero)),
            "EVN-6 12:30:52, not EVN-2 12:45:52");
        Assert.That(e.Location, Is.EqualTo("RRV03/T11E/BY02-25"));
        Assert.That(e.Attributes["patientClass"], Is.EqualTo("day_case"), "DAY CASE is mapped by the feed profile");
        Assert.That(e.Attributes.ContainsKey("dataQuality"), Is.False);
        Assert.That(e.Attributes.Values, Has.None.Contains("DELETE"), "PV1-6 is not used to undo the transfer");
    }

    [Test]
    public void Uclh_a01_and_a12_share_control_id_31644_but_get_different_event_ids()
    {
        var admit = Single("A01_admit.hl7");
        var cancel = Single("A12_cancel_transfer.hl7");

        Assert.That(admit.Attributes["controlId"], Is.EqualTo(cancel.Attributes["controlId"]));
        Assert.That(admit.EventId, Is.Not.EqualTo(cancel.EventId));
    }

    [Test]
    public void A_resend_of_the_same_message_gets_the_same_event_id_whatever_its_line_ends()
    {
        var lf = TestFeeds.Sample("A01_admit.hl7");

        var first = TestFeeds.Map(lf).Events[0];
        var resend = TestFeeds.Map(lf.Replace("\n", "\r", StringComparison.Ordinal)).Events[0];

        Assert.That(resend.EventId, Is.EqualTo(first.EventId));
    }

    [Test]
    public void Uclh_a03_without_evn_6_occurs_at_evn_2_and_is_production()
    {
        var e = Single("A03_discharge.hl7");

        Assert.That(e.Kind, Is.EqualTo(EventKind.Discharge));
        Assert.That(e.Location, Is.EqualTo("RRV03/T11E/BY02-17"));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2013, 2, 11, 10, 0, 52, TimeSpan.Zero)));
        Assert.That(e.Attributes["occurredAtSource"], Is.EqualTo("EVN-2"));
        Assert.That(e.Attributes["dischargedAt"], Is.EqualTo("2013-02-11T10:00:00Z"), "PV1-45 at minute precision, earlier than EVN-2");
        Assert.That(e.Attributes.ContainsKey("processingId"), Is.False, "MSH-11 is P");
        Assert.That(e.Attributes.ContainsKey("excludeFromLiveState"), Is.False);
        Assert.That(e.EventId, Does.StartWith("hl7:uclh-epic-adt:eh:20130211100052:"));
    }

    [Test]
    public void Uclh_a02_is_a_transfer_at_evn_6_and_pv1_44_stays_the_october_2012_admission()
    {
        var e = Single("A02_transfer.hl7");

        Assert.That(e.Kind, Is.EqualTo(EventKind.Transfer));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2013, 3, 12, 11, 44, 19, TimeSpan.Zero)));
        Assert.That(e.Location, Is.EqualTo("RRV03/T12S/BY05-33"));
        Assert.That(e.Attributes["from"], Is.EqualTo("RRV03/T12S/BY05-31"));
        Assert.That(e.Attributes["admittedAt"], Is.EqualTo("2012-10-17T11:24:53Z"), "12:24:53 BST");
        Assert.That(e.Code, Is.EqualTo("Acute Med"));
        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForLocalId("mrn", "MRENTR", "40800000")), "no NHS number: MRN and its authority");
    }

    [Test]
    public void Barts_a01_reads_its_own_pv1_3_layout_and_occurs_at_evn_2()
    {
        var e = Single("A01_admit_barts_format.hl7");

        Assert.That(e.Kind, Is.EqualTo(EventKind.Admission));
        Assert.That(e.Source, Is.EqualTo("barts-adt"));
        Assert.That(e.Site, Is.EqualTo("R1H12"), "facility RNJ ROYALLONDON in PV1-3.4");
        Assert.That(e.Location, Is.EqualTo("R1H12/RNJ RLH 6Z/28cb"));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2024, 11, 4, 14, 40, 0, TimeSpan.Zero)), "EVN-2 14:40, not MSH-7 14:51:44");
        Assert.That(e.Code, Is.EqualTo("424"));
        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForLocalId("mrn", "RNJ 5C4 MRN", "10769848")));
        Assert.That(e.Attributes["encounter"], Is.EqualTo(Pseudonyms.ForLocalId("visit", "barts-adt", "124301137")));
        Assert.That(e.Attributes.ContainsKey("processingId"), Is.False);
    }

    [TestCase("A01_admit.hl7")]
    [TestCase("A02_transfer.hl7")]
    [TestCase("A03_discharge.hl7")]
    [TestCase("A12_cancel_transfer.hl7")]
    [TestCase("A01_admit_barts_format.hl7")]
    public void No_name_nhs_number_birth_date_address_or_phone_is_kept(string file)
    {
        var e = Single(file);
        var stored = string.Join("|", new[] { e.EventId, e.Subject, e.Location, e.Code }
            .Concat(e.Attributes.Keys).Concat(e.Attributes.Values));

        Assert.That(stored, Does.Not.Contain("9999999999").And.Not.Contain("19800101").And.Not.Contain("ORANGE")
            .And.Not.Contain("ZZZTEST").And.Not.Contain("FAKE STREET").And.Not.Contain("E1 1BB").And.Not.Contain("07777")
            .And.Not.Contain("40800000").And.Not.Contain("10769848"));
    }
}
