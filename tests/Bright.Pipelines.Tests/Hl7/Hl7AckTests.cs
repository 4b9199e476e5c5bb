using Bright.Pipelines.Hl7;

namespace Bright.Pipelines.Tests.Hl7;

public class Hl7AckTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 9, 30, 0, TimeSpan.Zero);

    [Test]
    public void An_aa_swaps_sender_and_receiver_and_echoes_msh_10()
    {
        var message = TestFeeds.Parse("MSH|^~\\&|BLT_TIE|BLT|RENALWARE|MSE|20241104145144||ADT^A01|Q166|P|2.4\r");

        var ack = Hl7Ack.Build(Hl7AckCode.AA, Hl7AckHeader.From(message), "B1", Now);

        Assert.That(ack, Is.EqualTo("MSH|^~\\&|RENALWARE|MSE|BLT_TIE|BLT|20250701093000+0000||ACK^A01^ACK|B1|P|2.4\rMSA|AA|Q166\r"));
    }

    [Test]
    public void An_ae_carries_an_err_naming_the_location_and_the_escaped_reason()
    {
        var message = TestFeeds.Parse("MSH|^~\\&|A|B|C|D|20250101||ADT^A01|X1|T|2.4\r");
        var issue = new Hl7Issue("PV1-3.4", "facility 'A|B' maps to no site");

        var ack = Hl7Ack.Build(Hl7AckCode.AE, Hl7AckHeader.From(message), "B2", Now, issue);

        Assert.That(ack, Does.EndWith("MSA|AE|X1|PV1-3.4: facility 'A\\F\\B' maps to no site\r" +
            "ERR||PV1^1^3^1^4|102^Data type error^HL70357|E||||PV1-3.4: facility 'A\\F\\B' maps to no site\r"));
        Assert.That(TestFeeds.Parse(ack).Find("ERR")!.Value.Field(8).ToString(), Is.EqualTo("PV1-3.4: facility 'A|B' maps to no site"));
    }

    [TestCase("PV1-3", "PV1^1^3")]
    [TestCase("PV1-3.4", "PV1^1^3^1^4")]
    [TestCase("PID", "PID^1")]
    [TestCase("PV1 segment 2", "PV1^2")]
    [TestCase("segment 4", "")]
    public void Err_2_names_segment_and_field(string location, string erl) => Assert.That(Hl7Ack.ErrorLocation(location), Is.EqualTo(erl));

    [Test]
    public void A_message_with_custom_delimiters_is_answered_with_the_default_ones()
    {
        var message = TestFeeds.Parse("MSH#!$%*#APP!NS#FAC###20250101##ADT!A08#C9#P#2.4\r");

        var ack = Hl7Ack.Build(Hl7AckCode.AA, Hl7AckHeader.From(message), "B3", Now);

        Assert.That(ack, Does.StartWith("MSH|^~\\&|||APP^NS|FAC|20250701093000+0000||ACK^A08^ACK|B3|P|2.4\rMSA|AA|C9\r"));
    }

    [TestCase("MSH|^~\\&|EPIC|UCLH|||20130211||ADT^A01|31644|T|2.4|bad\u0000", "EPIC", "UCLH", "A01", "31644")]
    [TestCase("MSH|^~\\&|TEST|RQ\u0087|||20250101||ADT^A\u000108|F4|P|2.4", "TEST", "", "", "F4")]
    [TestCase("MSH|^~", "", "", "", "")]
    [TestCase("\u0000\u0001", "", "", "", "")]
    public void A_header_is_read_loosely_from_text_that_failed_to_parse(
        string text, string app, string facility, string trigger, string controlId)
    {
        var header = Hl7AckHeader.ReadLoosely(text);

        Assert.That((header.SendingApplication, header.SendingFacility, header.TriggerEvent, header.ControlId),
            Is.EqualTo((app, facility, trigger, controlId)));
    }
}
