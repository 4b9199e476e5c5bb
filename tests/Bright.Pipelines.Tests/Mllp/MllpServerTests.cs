using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Mllp;
using Bright.Pipelines.Tests.Hl7;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Pipelines.Tests.Mllp;

/// <summary>A real Kestrel on 127.0.0.1 (port 0) with the MLLP handler, a real store on a temporary file and real TCP senders.</summary>
public sealed class MllpServerTests
{
    private MllpHost _host = null!;

    [SetUp]
    public async Task StartServerAsync() => _host = await MllpHost.StartAsync(new Dictionary<string, string?>
    {
        ["Bright:Mllp:MaxMessageBytes"] = "4096",
        // Fewer than the 200 pipelined messages, so that reading pauses and resumes under backpressure.
        ["Bright:Mllp:MaxInFlight"] = "16",
        ["Bright:Mllp:Feeds:0:Source"] = "synthetic",
        ["Bright:Mllp:Feeds:0:Owner"] = "BRIGHT tests",
        ["Bright:Mllp:Feeds:0:SendingApplication"] = "TEST",
        ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
        ["Bright:Mllp:Feeds:1:Source"] = "uclh-epic-adt",
        ["Bright:Mllp:Feeds:1:Owner"] = "UCLH integration team",
        ["Bright:Mllp:Feeds:1:SendingApplication"] = "EPIC",
        ["Bright:Mllp:Feeds:1:Sites:U"] = "RRV03",
        ["Bright:Mllp:Feeds:1:PatientClasses:DAY CASE"] = "day_case",
        ["Bright:Pseudonymisation:Key"] = TestFeeds.Key.Key,
        ["Bright:Pseudonymisation:KeyVersion"] = "t1",
    });

    [TearDown]
    public async Task StopServerAsync() => await _host.DisposeAsync();

    private static string Admission(int i, string controlId) =>
        $"MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A01|{controlId}|P|2.4\rEVN|A01|20250101120000\r" +
        $"PID|1||{100000 + i}^^^RQ6^MR\rPV1|1|I|W1^^B{i:000}\r";

    [Test]
    [CancelAfter(60_000)]
    public async Task Two_hundred_pipelined_messages_are_answered_aa_in_order_once_stored(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        var stream = client.GetStream();
        for (var i = 0; i < 200; i++)
        {
            await stream.WriteAsync(Frame(Admission(i, $"M{i}")), cancellationToken);
        }

        var acks = await ReadAcksAsync(stream, 200, cancellationToken);

        Assert.That(acks.Select(a => Msa(a, 2)), Is.EqualTo(Enumerable.Range(0, 200).Select(i => $"M{i}")));
        Assert.That(acks.Select(a => Msa(a, 1)), Is.All.EqualTo("AA"));
        Assert.That(await _host.Get<EventReader>().CountAsync(cancellationToken), Is.EqualTo(200));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_resend_is_aa_and_stores_nothing_new(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        var stream = client.GetStream();
        var message = Admission(7, "R1");

        await stream.WriteAsync(Frame(message), cancellationToken);
        await stream.WriteAsync(Frame(message), cancellationToken);
        var acks = await ReadAcksAsync(stream, 2, cancellationToken);

        Assert.That(acks.Select(a => Msa(a, 1)), Is.EqualTo(new[] { "AA", "AA" }));
        Assert.That(acks.Select(a => Msa(a, 2)), Is.EqualTo(new[] { "R1", "R1" }));
        Assert.That(await _host.Get<EventReader>().CountAsync(cancellationToken), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Malformed_invalid_and_oversized_messages_are_refused_dead_lettered_and_the_connection_keeps_working(
        CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        var stream = client.GetStream();
        var noLocation = "MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A01|E1|P|2.4\r" +
            "EVN|A01|20250101120000\rPID|1||5^^^RQ6^MR\rPV1|1|I\r";
        var unsupported = "MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A40|U1|P|2.4\rEVN|A40|20250101120000\r";
        var oversized = "MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A08|O1|P|2.4\rNTE|1||" + new string('x', 10_000) + "\r";

        foreach (var text in new[] { "MSH|^~", noLocation, unsupported, oversized, Admission(1, "OK1") })
        {
            await stream.WriteAsync(Frame(text), cancellationToken);
        }

        var acks = await ReadAcksAsync(stream, 5, cancellationToken);

        Assert.That(acks.Select(a => Msa(a, 1)), Is.EqualTo(new[] { "AR", "AE", "AR", "AR", "AA" }));
        Assert.That(acks.Select(a => Msa(a, 2)), Is.EqualTo(new[] { "", "E1", "U1", "O1", "OK1" }));
        Assert.That(Err(acks[0], 2), Is.EqualTo("MSH^1^2"));
        Assert.That(Err(acks[0], 8), Is.EqualTo(
            "MSH-2: the encoding characters must be 4 (component, repetition, escape, sub-component), found '^~' (position 4)"));
        Assert.That(Err(acks[1], 2), Is.EqualTo("PV1^1^3"));
        Assert.That(Err(acks[1], 3), Is.EqualTo("101^Required field missing^HL70357"));
        Assert.That(Err(acks[1], 8), Is.EqualTo("PV1-3: assigned location is required for ADT^A01"));
        Assert.That(Err(acks[2], 8), Is.EqualTo("MSH-9: message type 'ADT^A40' is not supported"));
        Assert.That(Err(acks[2], 3), Is.EqualTo("200^Unsupported message type^HL70357"));
        Assert.That(Err(acks[3], 8), Is.EqualTo(
            $"MSH: the message is {Encoding.UTF8.GetByteCount(oversized)} bytes, over the limit of 4096 (Bright:Mllp:MaxMessageBytes)"));
        Assert.That(acks[4], Does.Not.Contain("ERR|"));

        var letters = await _host.Get<DeadLetterStore>().RecentAsync(10, cancellationToken);
        Assert.That(letters.Select(l => l.Reference).Reverse(), Is.EqualTo(new string?[] { null, "E1", "U1", "O1" }));
        Assert.That(letters.Select(l => l.Channel), Is.All.EqualTo("mllp"));
        Assert.That(letters.Single(l => l.Reference == "E1").Source, Is.EqualTo("synthetic"));
        Assert.That(letters.Single(l => l.Reference == "E1").Payload, Is.EqualTo(noLocation));
        Assert.That(await _host.Get<EventReader>().CountAsync(cancellationToken), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_ack_swaps_sender_and_receiver_and_marks_test_messages(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        var stream = client.GetStream();

        await stream.WriteAsync(Frame(TestFeeds.Sample("A12_cancel_transfer.hl7")), cancellationToken);
        var ack = (await ReadAcksAsync(stream, 1, cancellationToken))[0];
        var msh = Hl7Parser.Parse(ack).Message!.Header;

        Assert.That(Msa(ack, 1), Is.EqualTo("AA"));
        Assert.That(Msa(ack, 2), Is.EqualTo("31644"));
        Assert.That(msh.Field(3).ToString(), Is.EqualTo(""), "the sample's MSH-5 is empty");
        Assert.That(msh.Field(5).ToString(), Is.EqualTo("EPIC"));
        Assert.That(msh.Field(6).ToString(), Is.EqualTo("UCLH"));
        Assert.That(msh.Field(9).ToString(), Is.EqualTo("ACK^A12^ACK"));
        Assert.That(msh.Field(11).ToString(), Is.EqualTo("T"));
        var stored = await _host.Get<EventReader>().ReadAsync(
            new DateTimeOffset(2013, 2, 11, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2013, 2, 12, 0, 0, 0, TimeSpan.Zero), "RRV03",
            cancellationToken);
        Assert.That(stored.Single().Kind, Is.EqualTo(EventKind.TransferCancelled));
        Assert.That(stored.Single().Attributes["excludeFromLiveState"], Is.EqualTo("true"));
    }

    private async Task<TcpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _host.Port, cancellationToken);
        return client;
    }

    private static byte[] Frame(string text) => MllpMessageProcessor.Frame(text.Replace("\n", "\r", StringComparison.Ordinal));

    private static async Task<List<string>> ReadAcksAsync(NetworkStream stream, int count, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var framer = new MllpFrameReader(1024 * 1024);
        var acks = new List<string>();
        while (acks.Count < count)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (framer.TryRead(ref buffer, out var payload, out _, out _) == MllpFrameStatus.Frame)
            {
                acks.Add(Encoding.UTF8.GetString(payload.ToArray()));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            Assert.That(read.IsCompleted && acks.Count < count, Is.False, $"the server closed the connection after {acks.Count} ACKs");
        }

        await reader.CompleteAsync();
        return acks;
    }

    private static string Msa(string ack, int field) => Hl7Parser.Parse(ack).Message!.Find("MSA")!.Value.Field(field).ToString();

    private static string Err(string ack, int field) => Hl7Parser.Parse(ack).Message!.Find("ERR")!.Value.Field(field).ToString();
}
