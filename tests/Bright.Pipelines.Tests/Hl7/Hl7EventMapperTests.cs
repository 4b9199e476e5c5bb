using Bright.Core.Reference;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Pseudonymisation;

namespace Bright.Pipelines.Tests.Hl7;

/// <summary>Synthetic messages from the <c>TEST</c> feed (default site RQ6), one per supported type and rule.</summary>
public class Hl7EventMapperTests
{
    private static readonly Pseudonymiser Pseudonyms = new(TestFeeds.Key);

    private static string Msh(string type, string control = "C1", string processing = "P", string time = "20250101120000") =>
        $"MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|{time}||{type}|{control}|{processing}|2.4\r";

    private static HospitalEvent One(string text)
    {
        var result = TestFeeds.Map(text);
        Assert.That(result.Error, Is.Null, () => result.Error!.ToString());
        Assert.That(result.Events, Has.Count.EqualTo(1));
        return result.Events[0];
    }

    private static Hl7MappingResult Refused(string text, Hl7AckCode code, string error)
    {
        var result = TestFeeds.Map(text);
        Assert.That(result.Code, Is.EqualTo(code));
        Assert.That(result.Error?.ToString(), Is.EqualTo(error));
        Assert.That(result.Events, Is.Empty);
        return result;
    }

    [Test]
    public void A17_swaps_two_patients_beds_in_one_event()
    {
        var e = One(Msh("ADT^A17") + "EVN|A17|20250101120000\r" +
            "PID|1||111^^^RQ6^MR\rPV1|1|I|W1^^B02\rPID|1||222^^^RQ6^MR\rPV1|1|I|W1^^B01\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.BedSwap));
        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForLocalId("mrn", "RQ6", "111")));
        Assert.That(e.Location, Is.EqualTo("RQ6/W1/B02"));
        Assert.That(e.Attributes["otherSubject"], Is.EqualTo(Pseudonyms.ForLocalId("mrn", "RQ6", "222")));
        Assert.That(e.Attributes["otherLocation"], Is.EqualTo("RQ6/W1/B01"));
    }

    [Test]
    public void A17_with_one_pair_is_refused_naming_the_count()
    {
        Refused(Msh("ADT^A17") + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1^^B02\r", Hl7AckCode.AE, "PID: ADT^A17 needs two PID/PV1 pairs, found 1");
    }

    [Test]
    public void A04_with_patient_class_e_is_an_ed_arrival_in_the_ed_area()
    {
        var e = One(Msh("ADT^A04") + "EVN|A04|20250101120000\rPID|1||111^^^RQ6^MR\rPV1|1|E|MAJORS\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.EdArrival));
        Assert.That(e.Location, Is.EqualTo("RQ6/ed/MAJORS"));
        Assert.That(e.Attributes["patientClass"], Is.EqualTo("emergency"));
    }

    [Test]
    public void A04_for_an_outpatient_only_updates_attributes()
    {
        var e = One(Msh("ADT^A04") + "PID|1||111^^^RQ6^MR\rPV1|1|O\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.PatientUpdated));
        Assert.That(e.Code, Is.EqualTo("A04"));
        Assert.That(e.Location, Is.Null);
        Assert.That(e.Site, Is.EqualTo("RQ6"));
    }

    [Test]
    public void A05_is_planned_bed_demand_with_its_expected_times()
    {
        var e = One(Msh("ADT^A05") + "PID|1||111^^^RQ6^MR\rPV1|1|P|W2|||||||GSURG\rPV2||||||||20250105090000|20250107\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.PreAdmission));
        Assert.That(e.Location, Is.EqualTo("RQ6/W2"));
        Assert.That(e.Code, Is.EqualTo("GSURG"));
        Assert.That(e.Attributes["expectedAdmitAt"], Is.EqualTo("2025-01-05T09:00:00Z"));
        Assert.That(e.Attributes["expectedDischargeAt"], Is.EqualTo("2025-01-07T00:00:00Z"));
    }

    [TestCase("A06")]
    [TestCase("A07")]
    [TestCase("A08")]
    public void Reclassifications_and_updates_are_patient_updates(string trigger)
    {
        var e = One(Msh($"ADT^{trigger}") + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1^^B03\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.PatientUpdated));
        Assert.That(e.Code, Is.EqualTo(trigger));
        Assert.That(e.Location, Is.EqualTo("RQ6/W1/B03"));
    }

    [TestCase("A11", EventKind.AdmissionCancelled, "Admission")]
    [TestCase("A12", EventKind.TransferCancelled, "Transfer")]
    [TestCase("A13", EventKind.DischargeCancelled, "Discharge")]
    public void Cancels_name_what_they_cancel_by_subject_and_kind(string trigger, EventKind kind, string cancels)
    {
        var e = One(Msh($"ADT^{trigger}") + "PID|1||111^^^RQ6^MR\rPV1|1|I\r");

        Assert.That(e.Kind, Is.EqualTo(kind));
        Assert.That(e.Attributes["cancels"], Is.EqualTo(cancels));
        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForLocalId("mrn", "RQ6", "111")));
    }

    [Test]
    public void Siu_s12_schedules_a_theatre_case_with_its_planned_minutes()
    {
        var e = One(Msh("SIU^S12") + "SCH|P77|F88|||||||1.5|HR|^^^20250102083000\rPID|1||111^^^RQ6^MR\r" +
            "RGS|1\rAIS|1||HIPREP^Hip replacement\rAIL|1||TH3\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.CaseScheduled));
        Assert.That(e.Location, Is.EqualTo("RQ6/theatres/TH3"));
        Assert.That(e.Value, Is.EqualTo(90));
        Assert.That(e.Code, Is.EqualTo("HIPREP"));
        Assert.That(e.Attributes["caseId"], Is.EqualTo("F88"));
        Assert.That(e.Attributes["scheduledStart"], Is.EqualTo("2025-01-02T08:30:00Z"));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)), "booked at MSH-7");
    }

    [Test]
    public void Siu_s12_takes_start_and_duration_from_ais_when_sch_has_none()
    {
        var e = One(Msh("SIU^S12") + "SCH|P77\rAIS|1||KNEE|20250102130000|||45|MIN\r");

        Assert.That(e.Value, Is.EqualTo(45));
        Assert.That(e.Attributes["scheduledStart"], Is.EqualTo("2025-01-02T13:00:00Z"));
        Assert.That(e.Subject, Is.Null);
        Assert.That(e.Location, Is.EqualTo("RQ6/theatres"));
    }

    [Test]
    public void Siu_s12_without_a_start_is_refused()
    {
        Refused(Msh("SIU^S12") + "SCH|P77\r", Hl7AckCode.AE, "SCH-11.4: the appointment start (SCH-11.4 or AIS-4) is required for SIU^S12");
    }

    [Test]
    public void Siu_s15_cancels_the_case_with_its_reason()
    {
        var e = One(Msh("SIU^S15") + "SCH|P77|F88||||PATIENT_UNWELL\rAIL|1||TH3\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.CaseCancelled));
        Assert.That(e.Code, Is.EqualTo("PATIENT_UNWELL"));
        Assert.That(e.Attributes["caseId"], Is.EqualTo("F88"));
    }

    [Test]
    public void Orm_o01_requests_one_diagnostic_per_obr_at_orc_9()
    {
        var result = TestFeeds.Map(Msh("ORM^O01") + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1^^B03\r" +
            "ORC|NW|ORD1|||||||20250101113000\rOBR|1|ORD1||CTHEAD^CT head||||||||||||||||||||CT\r" +
            "ORC|NW|ORD2\rOBR|2|ORD2||FBC^Full blood count|||20250101114500\r");

        Assert.That(result.Events.Select(e => e.Kind), Is.All.EqualTo(EventKind.DiagnosticRequested));
        Assert.That(result.Events.Select(e => e.Code), Is.EqualTo(new[] { "CTHEAD", "FBC" }));
        Assert.That(result.Events.Select(e => e.Attributes["orderId"]), Is.EqualTo(new[] { "ORD1", "ORD2" }));
        Assert.That(result.Events[0].OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 1, 1, 11, 30, 0, TimeSpan.Zero)));
        Assert.That(result.Events[0].Attributes["section"], Is.EqualTo("CT"));
        Assert.That(result.Events[1].OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)),
            "no ORC-9 or OBR-6: MSH-7");
        Assert.That(result.Events.Select(e => e.Location), Is.All.EqualTo("RQ6/W1/B03"));
        Assert.That(result.Events[1].EventId, Is.EqualTo(result.Events[0].EventId + ":2"));
    }

    [Test]
    public void Orm_with_an_order_control_other_than_new_is_refused()
    {
        Refused(Msh("ORM^O01") + "ORC|CA|ORD1\rOBR|1|ORD1||CTHEAD\r", Hl7AckCode.AE,
            "ORC-1: order control 'CA' is not supported (only NW)");
    }

    [Test]
    public void Oru_r01_reports_each_obr_at_obr_22_without_keeping_results()
    {
        var e = One(Msh("ORU^R01") + "PID|1||111^^^RQ6^MR\r" +
            "OBR|1|ORD1|LAB9|FBC^Full blood count|||20250101110000|||||||||||||||20250101131500|||F\r" +
            "OBX|1|NM|HB^Haemoglobin||131|g/L\r");

        Assert.That(e.Kind, Is.EqualTo(EventKind.DiagnosticReported));
        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 1, 1, 13, 15, 0, TimeSpan.Zero)));
        Assert.That(e.Attributes["resultStatus"], Is.EqualTo("F"));
        Assert.That(e.Attributes.Values, Has.None.EqualTo("131"));
    }

    [Test]
    public void An_a01_without_pv1_3_earns_ae_naming_the_field()
    {
        Refused(Msh("ADT^A01") + "EVN|A01|20250101120000\rPID|1||111^^^RQ6^MR\rPV1|1|I\r", Hl7AckCode.AE,
            "PV1-3: assigned location is required for ADT^A01");
    }

    [Test]
    public void An_a02_whose_pv1_3_has_no_ward_earns_ae()
    {
        Refused(Msh("ADT^A02") + "PID|1||111^^^RQ6^MR\rPV1|1|I|^^B01\r", Hl7AckCode.AE, "PV1-3.1: the ward is required for ADT^A02");
    }

    [Test]
    public void An_adt_without_pid_or_pv1_earns_ae()
    {
        Refused(Msh("ADT^A01") + "PV1|1|I|W1\r", Hl7AckCode.AE, "PID: the segment is required for ADT^A01");
        Refused(Msh("ADT^A01") + "PID|1||111^^^RQ6^MR\r", Hl7AckCode.AE, "PV1: the segment is required for ADT^A01");
        Refused(Msh("ADT^A01") + "PID|1||\rPV1|1|I|W1\r", Hl7AckCode.AE, "PID-3: a patient identifier is required for ADT^A01");
    }

    [TestCase("EVN|A01|20250101120000||||201301321000\r",
        "EVN-6: '201301321000' is not a valid HL7 time (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ])")]
    [TestCase("EVN|A01|2025-01-01\r", "EVN-2: '2025-01-01' is not a valid HL7 time (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ])")]
    public void An_unparseable_event_time_earns_ae_naming_the_field(string evn, string error)
    {
        Refused(Msh("ADT^A01") + evn + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1\r", Hl7AckCode.AE, error);
    }

    [Test]
    public void An_unparseable_message_time_earns_ae_when_it_is_the_only_time()
    {
        Refused(Msh("ADT^A08", time: "soon") + "PID|1||111^^^RQ6^MR\rPV1|1|I\r", Hl7AckCode.AE,
            "MSH-7: 'soon' is not a valid HL7 time (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ])");
    }

    [Test]
    public void A_facility_the_feed_cannot_map_earns_ae()
    {
        var text = TestFeeds.Sample("A01_admit.hl7").Replace("^BY02-17^U^", "^BY02-17^Q^", StringComparison.Ordinal);

        Refused(text, Hl7AckCode.AE, "PV1-3.4: facility 'Q' maps to no site in feed 'uclh-epic-adt', which has no default site");
    }

    [Test]
    public void A_site_missing_from_the_trust_reference_data_earns_ae()
    {
        var mapper = new Hl7EventMapper(TestFeeds.Catalog(), Pseudonyms, TrustReference.Demo);

        var known = mapper.Map(TestFeeds.Parse(Msh("ADT^A08") + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1\r"), TestFeeds.ReceivedAt);
        var unknown = mapper.Map(TestFeeds.Parse(TestFeeds.Sample("A01_admit.hl7")), TestFeeds.ReceivedAt);

        Assert.That(known.Code, Is.EqualTo(Hl7AckCode.AA), "RQ6 is a demo-trust site");
        Assert.That(unknown.Code, Is.EqualTo(Hl7AckCode.AE));
        Assert.That(unknown.Error!.ToString(), Is.EqualTo("PV1-3.4: site 'RRV03' is not in the trust reference data"));
    }

    [Test]
    public void A_sender_without_a_feed_profile_earns_ar()
    {
        var result = Refused("MSH|^~\\&|OTHER|X|||20250101120000||ADT^A08|C1|P|2.4\rPID|1||1^^^X^MR\r", Hl7AckCode.AR,
            "MSH-3: no feed profile matches sending application 'OTHER' and facility 'X'");

        Assert.That(result.Source, Is.EqualTo("OTHER/X"));
    }

    [TestCase("ADT^A40")]
    [TestCase("ADT^A99")]
    [TestCase("MDM^T02")]
    [TestCase("SIU^S14")]
    public void Unsupported_message_types_earn_ar(string type)
    {
        Refused(Msh(type) + "PID|1||1^^^RQ6^MR\r", Hl7AckCode.AR, $"MSH-9: message type '{type}' is not supported");
    }

    [Test]
    public void A_trigger_missing_from_msh_9_is_taken_from_evn_1()
    {
        var e = One(Msh("ADT") + "EVN|A08|20250101120000\rPID|1||111^^^RQ6^MR\rPV1|1|I\r");

        Assert.That(e.Attributes["trigger"], Is.EqualTo("ADT^A08"));
    }

    [Test]
    public void A_feed_set_to_reject_test_messages_answers_ar()
    {
        var strict = TestFeeds.Uclh();
        strict.NonProduction = Hl7NonProductionHandling.Reject;
        var mapper = new Hl7EventMapper(new Hl7FeedCatalog([strict]), Pseudonyms);

        var result = mapper.Map(TestFeeds.Parse(TestFeeds.Sample("A01_admit.hl7")), TestFeeds.ReceivedAt);

        Assert.That(result.Code, Is.EqualTo(Hl7AckCode.AR));
        Assert.That(result.Error!.ToString(), Is.EqualTo("MSH-11: processing id 'T' is not accepted from feed 'uclh-epic-adt'"));
    }

    [Test]
    public void An_nhs_number_failing_modulus_11_falls_back_to_the_mrn_and_is_flagged()
    {
        var e = One(Msh("ADT^A08") + "PID|1||111^^^RQ6^MR~9434765918^^^NHS^NH\rPV1|1|I\r");

        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForLocalId("mrn", "RQ6", "111")));
        Assert.That(e.Attributes["dataQuality"],
            Is.EqualTo("PID-3(2): the NHS number fails its modulus-11 check; the local identifier was used"));
    }

    [Test]
    public void A_valid_nhs_number_is_the_subject_whichever_repetition_carries_it()
    {
        var e = One(Msh("ADT^A08") + "PID|1||111^^^RQ6^MR~943 476 5919^^^^NHS\rPV1|1|I\r");

        Assert.That(e.Subject, Is.EqualTo(Pseudonyms.ForNhsNumber("9434765919")));
    }

    [Test]
    public void An_unknown_patient_class_is_kept_and_flagged_not_rejected()
    {
        var e = One(Msh("ADT^A08") + "PID|1||111^^^RQ6^MR\rPV1|1|WEEKEND\r");

        Assert.That(e.Attributes["patientClass"], Is.EqualTo("WEEKEND"));
        Assert.That(e.Attributes["dataQuality"], Is.EqualTo("PV1-2: patient class 'WEEKEND' is not mapped for feed 'synthetic'"));
    }

    [Test]
    public void An_event_time_in_the_autumn_overlap_is_flagged_and_its_precision_kept()
    {
        var e = One(Msh("ADT^A08") + "EVN|A08|20251026013000||||202510260130\rPID|1||111^^^RQ6^MR\rPV1|1|I\r");

        Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero)));
        Assert.That(e.Attributes["occurredAtDst"], Is.EqualTo("overlap"));
        Assert.That(e.Attributes["occurredAtPrecision"], Is.EqualTo("minute"));
    }

    [Test]
    public void Z_segments_do_not_change_the_events()
    {
        var plain = One(Msh("ADT^A08") + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1\r");
        var withZ = One(Msh("ADT^A08") + "PID|1||111^^^RQ6^MR\rPV1|1|I|W1\rZXX|anything|\\X00\\|^^^\r");

        Assert.That(withZ with { EventId = plain.EventId, Attributes = plain.Attributes },
            Is.EqualTo(plain with { Attributes = plain.Attributes }));
        Assert.That(withZ.Attributes, Is.EquivalentTo(plain.Attributes));
    }
}
