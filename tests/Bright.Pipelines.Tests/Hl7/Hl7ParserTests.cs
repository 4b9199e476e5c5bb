using System.Text;
using Bright.Pipelines.Hl7;

namespace Bright.Pipelines.Tests.Hl7;

public class Hl7ParserTests
{
    private const string Header = "MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A08|C1|P|2.4";

    [TestCase("A01_admit.hl7", 7)]
    [TestCase("A02_transfer.hl7", 7)]
    [TestCase("A03_discharge.hl7", 12)]
    [TestCase("A12_cancel_transfer.hl7", 7)]
    [TestCase("A01_admit_barts_format.hl7", 5)]
    public void Every_sample_file_parses_into_its_segments(string file, int segments)
    {
        var result = Hl7Parser.Parse(TestFeeds.Sample(file));

        Assert.That(result.Success, Is.True, () => result.Error!.Message);
        Assert.That(result.Message!.Segments, Has.Count.EqualTo(segments));
        Assert.That(result.Message.Header.Name, Is.EqualTo("MSH"));
    }

    [Test]
    public void Msh_is_offset_by_one_so_msh_1_is_the_field_separator()
    {
        var msh = TestFeeds.Parse(TestFeeds.Sample("A01_admit.hl7")).Header;

        Assert.That(msh.Field(1).ToString(), Is.EqualTo("|"));
        Assert.That(msh.Field(2).ToString(), Is.EqualTo("^~\\&"));
        Assert.That(msh.Field(3).ToString(), Is.EqualTo("EPIC"));
        Assert.That(msh.Field(7).ToString(), Is.EqualTo("20130211100052"));
        Assert.That(msh.Field(9).Component(2).ToString(), Is.EqualTo("A01"));
        Assert.That(msh.Field(10).ToString(), Is.EqualTo("31644"));
        Assert.That(msh.Field(11).ToString(), Is.EqualTo("T"));
        Assert.That(msh.Field(12).ToString(), Is.EqualTo("2.4"));
    }

    [Test]
    public void Fields_repetitions_components_and_sub_components_are_read_by_position()
    {
        var message = TestFeeds.Parse(Header + "\rPID|1||40800000^^^MRENTR^MEDREC~9999999999^^^NHS^HN||A&B^C\r" +
            "PV1|1|I|T42E^T42E BY02^BY02-17^U");
        var pid = message.Find("PID")!.Value;
        var pv1 = message.Find("PV1")!.Value;

        Assert.That(pid.Field(3).RepetitionCount, Is.EqualTo(2));
        Assert.That(pid.Field(3).Repetition(2).Component(4).ToString(), Is.EqualTo("NHS"));
        Assert.That(pid.Field(3).Component(5).ToString(), Is.EqualTo("MEDREC"), "a field's component is its first repetition's");
        Assert.That(pid.Field(5).Component(1).SubComponent(2).ToString(), Is.EqualTo("B"));
        Assert.That(pid.Field(5).Component(2).ToString(), Is.EqualTo("C"));
        Assert.That(pv1.Field(3).Component(3).ToString(), Is.EqualTo("BY02-17"));
        Assert.That(pv1.Field(3).Component(9).IsEmpty, Is.True, "a component past the end is empty");
        Assert.That(pv1.Field(40).IsEmpty, Is.True, "a field past the end is empty");
        Assert.That(pid.Field(3).Repetition(3).IsEmpty, Is.True);
    }

    [TestCase("\r")]
    [TestCase("\n")]
    [TestCase("\r\n")]
    public void Segments_may_end_in_cr_lf_or_crlf(string terminator)
    {
        var text = string.Join(terminator, Header, "EVN|A08|20250101120000", "PID|1||123^^^RQ6^MR", "PV1|1|I|W1^^B1") + terminator;

        var message = TestFeeds.Parse(text);

        Assert.That(message.Segments.Select(s => s.Name), Is.EqualTo(new[] { "MSH", "EVN", "PID", "PV1" }));
        Assert.That(message.Find("PV1")!.Value.Field(3).Component(3).ToString(), Is.EqualTo("B1"));
        Assert.That(message.ToCanonicalText(), Does.Not.Contain("\n"));
    }

    [Test]
    public void Blank_lines_between_segments_are_skipped()
    {
        var message = TestFeeds.Parse(Header + "\r\n\r\nEVN|A08|20250101120000\n\n");

        Assert.That(message.Segments, Has.Count.EqualTo(2));
    }

    [TestCase(@"a\F\b", "a|b")]
    [TestCase(@"a\S\b", "a^b")]
    [TestCase(@"a\R\b", "a~b")]
    [TestCase(@"a\T\b", "a&b")]
    [TestCase(@"a\E\b", @"a\b")]
    [TestCase(@"line one\.br\line two", "line one\nline two")]
    [TestCase(@"caf\XC3A9\", "café", Description = "hex bytes read as UTF-8")]
    [TestCase(@"\X41\\X42\", "AB")]
    [TestCase(@"\H\bold\N\", "bold", Description = "highlighting dropped")]
    [TestCase(@"50\Q\", @"50\Q\", Description = "an unknown escape is kept as sent")]
    [TestCase(@"no end \F", @"no end \F", Description = "an unterminated escape is kept as sent")]
    public void Escape_sequences_are_unescaped_after_splitting(string sent, string expected)
    {
        var message = TestFeeds.Parse(Header + "\rNTE|1||" + sent + "|after");
        var nte = message.Find("NTE")!.Value;

        Assert.That(nte.Field(3).ToString(), Is.EqualTo(expected));
        Assert.That(nte.Field(4).ToString(), Is.EqualTo("after"), "an escaped separator does not split the field");
    }

    [Test]
    public void An_escaped_component_separator_stays_inside_its_component()
    {
        var message = TestFeeds.Parse(Header + "\rPV1|1|I|Ward\\S\\A^Room^Bed");

        Assert.That(message.Find("PV1")!.Value.Field(3).Component(1).ToString(), Is.EqualTo("Ward^A"));
        Assert.That(message.Find("PV1")!.Value.Field(3).Component(2).ToString(), Is.EqualTo("Room"));
    }

    [Test]
    public void Custom_encoding_characters_come_from_msh_1_and_msh_2()
    {
        var message = TestFeeds.Parse("MSH#!$%*#TEST#RQ6###20250101120000##ADT!A08#C9#P#2.4\rPID#1##123!!!RQ6!MR$456!!!NHS##A*B!%F%x");
        var pid = message.Find("PID")!.Value;

        Assert.That(message.Encoding, Is.EqualTo(new Hl7Encoding('#', '!', '$', '%', '*')));
        Assert.That(message.MessageType, Is.EqualTo("ADT"));
        Assert.That(message.TriggerEvent, Is.EqualTo("A08"));
        Assert.That(message.ControlId, Is.EqualTo("C9"));
        Assert.That(pid.Field(3).Repetition(2).Component(4).ToString(), Is.EqualTo("NHS"));
        Assert.That(pid.Field(5).SubComponent(2).ToString(), Is.EqualTo("B"));
        Assert.That(pid.Field(5).Component(2).ToString(), Is.EqualTo("#x"), "%F% is the custom escape for the field separator");
    }

    [Test]
    public void Empty_and_hl7_null_are_told_apart()
    {
        var barts = TestFeeds.Parse(TestFeeds.Sample("A01_admit_barts_format.hl7"));
        var pid = barts.Find("PID")!.Value;

        Assert.That(pid.Field(14).Component(1).IsNull, Is.True, "PID-14 is \"\"");
        Assert.That(pid.Field(14).Component(1).HasValue, Is.False);
        Assert.That(pid.Field(14).Component(1).Value, Is.Null);
        Assert.That(pid.Field(14).Component(1).ToString(), Is.EqualTo("\"\""));
        Assert.That(pid.Field(12).IsEmpty, Is.True, "PID-12 is not sent");
        Assert.That(pid.Field(12).IsNull, Is.False);
    }

    [Test]
    public void Z_segments_are_kept_as_segments_and_flagged_for_mapping_to_ignore()
    {
        var message = TestFeeds.Parse(TestFeeds.Sample("A03_discharge.hl7"));

        Assert.That(message.Segments.Single(s => s.IsZSegment).Name, Is.EqualTo("ZLW"));
    }

    [Test]
    public void Bytes_are_read_as_utf8_or_else_latin1()
    {
        var utf8 = Hl7Parser.Parse(Encoding.UTF8.GetBytes(Header + "\rNTE|1||Zoë"));
        var latin1 = Hl7Parser.Parse(Encoding.Latin1.GetBytes(Header + "\rNTE|1||Zoë"));

        Assert.That(utf8.Message!.Find("NTE")!.Value.Field(3).ToString(), Is.EqualTo("Zoë"));
        Assert.That(latin1.Message!.Find("NTE")!.Value.Field(3).ToString(), Is.EqualTo("Zoë"));
    }

    [TestCase("", "MSH: the message is empty (position 0)")]
    [TestCase(" \r\n ", "MSH: the message is empty (position 4)")]
    [TestCase("EVN|A01|20130211100052", "MSH: a message must start with an MSH segment, found 'EVN' (position 0)")]
    [TestCase("PI", "MSH: a message must start with an MSH segment, found 'PI' (position 0)")]
    [TestCase("MSH", "MSH-1: the field separator is missing (position 3)")]
    [TestCase("MSH\rEVN|A01", "MSH-1: the field separator is missing (position 3)")]
    [TestCase("MSH|^~", "MSH-2: the encoding characters must be 4 (component, repetition, escape, sub-component), found '^~' (position 4)")]
    [TestCase("MSH|^^\\&|A",
        "MSH-2: the encoding characters must be distinct punctuation other than the field separator, found '^^\\&' (position 5)")]
    [TestCase("MSH|^~\\&", "MSH-3: the MSH segment ends after MSH-2 (position 8)")]
    [TestCase("MSH|^~\\&|EPIC|UCLH|||20130211100052", "MSH-9: the message type is required (position 35)")]
    [TestCase("MSH|^~\\&|EPIC|UCLH|||20130211100052||ADT^A01", "MSH-10: the message control id is required (position 44)")]
    [TestCase("MSH|^~\\&|EPIC|UCLH|||20130211100052||ADT^A01|1|P\rpv1|1",
        "segment 2: 'pv1' is not a segment id (three capital letters or digits) (position 49)")]
    [TestCase("MSH|^~\\&|EPIC|UCLH|||20130211100052||ADT^A01|1|P\rPV1|1|I\u0000X",
        "PV1 segment 2: control character 0x00 is not allowed (position 56)")]
    [TestCase("MSH|^~\\&|EPIC|UCLH|||20130211100052||ADT^A01|1|P\rMSH|^~\\&|",
        "MSH segment 2: MSH may appear only once, as the first segment (position 49)")]
    public void Garbage_is_refused_naming_segment_field_and_position(string text, string error)
    {
        var result = Hl7Parser.Parse(text);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error!.Message, Is.EqualTo(error));
    }

    [Test]
    public void Binary_junk_is_refused_with_its_first_bytes_shown()
    {
        var result = Hl7Parser.Parse(new byte[] { 0x00, 0xFF, 0x13, 0x37, 0x80 });

        Assert.That(result.Error!.Message, Is.EqualTo("MSH: a message must start with an MSH segment, found '\\x00ÿ\\x13' (position 0)"));
    }

    [Test]
    public void A_truncated_message_whose_header_is_cut_short_is_refused()
    {
        var full = TestFeeds.Sample("A01_admit.hl7");

        var result = Hl7Parser.Parse(full[..30]);

        Assert.That(result.Error!.Message, Is.EqualTo("MSH-9: the message type is required (position 30)"));
    }
}
