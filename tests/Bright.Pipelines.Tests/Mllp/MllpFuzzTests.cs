using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Mllp;
using Bright.Pipelines.Tests.Hl7;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Pipelines.Tests.Mllp;

/// <summary>Mutated messages over a real MLLP connection to a real Kestrel and store, beside a well-behaved sender.</summary>
public sealed class MllpFuzzTests
{
    private MllpHost _host = null!;

    [SetUp]
    public async Task StartServerAsync() => _host = await MllpHost.StartAsync(new Dictionary<string, string?>
    {
        // Small, so that the huge fields make oversized frames as well as long valid ones.
        ["Bright:Mllp:MaxMessageBytes"] = "65536",
        ["Bright:Mllp:MaxInFlight"] = "16",
        ["Bright:Mllp:Feeds:0:Source"] = "synthetic",
        ["Bright:Mllp:Feeds:0:Owner"] = "BRIGHT tests",
        ["Bright:Mllp:Feeds:0:SendingApplication"] = "TEST",
        ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
        ["Bright:Mllp:Feeds:1:Source"] = "barts-adt",
        ["Bright:Mllp:Feeds:1:Owner"] = "Barts interfaces team",
        ["Bright:Mllp:Feeds:1:SendingApplication"] = "BLT_TIE",
        ["Bright:Mllp:Feeds:1:Sites:RNJ ROYALLONDON"] = "R1H12",
        ["Bright:Pseudonymisation:Key"] = TestFeeds.Key.Key,
        ["Bright:Pseudonymisation:KeyVersion"] = "t1",
    });

    [TearDown]
    public async Task StopServerAsync() => await _host.DisposeAsync();

    [Test]
    [CancelAfter(120_000)]
    public async Task Every_mutated_frame_is_answered_while_another_sender_carries_on_and_nothing_accepted_is_lost(
        CancellationToken cancellationToken)
    {
        var reader = _host.Get<EventReader>();
        var earlier = Enumerable.Range(0, 20).Select(i => Admission(i, $"EARLY{i}")).ToList();
        using (var first = await ConnectAsync(cancellationToken))
        {
            Assert.That(await SendAsync(first, earlier.Select(Frame), cancellationToken), Is.All.StartWith("AA|"));
        }

        var stored = await reader.CountAsync(cancellationToken);
        Assert.That(stored, Is.EqualTo(20));

        // The fuzzing sender: 300 mutations, framed as they are (MLLP's block bytes replaced so each stays one frame).
        var mutator = new Hl7Mutator(20261126);
        var frames = Enumerable.Range(0, 300).Select(_ => MllpMessageProcessor.Frame(Unframeable(mutator.Next(100_000)))).ToList();
        using var fuzzing = await ConnectAsync(cancellationToken);
        var fuzzed = SendAsync(fuzzing, frames, cancellationToken);

        // Meanwhile a well-behaved sender gets AA for each of its messages.
        var wellBehaved = Enumerable.Range(0, 100).Select(i => Admission(100 + i, $"GOOD{i}")).ToList();
        using var other = await ConnectAsync(cancellationToken);
        var good = await SendAsync(other, wellBehaved.Select(Frame), cancellationToken);

        var answers = await fuzzed;
        Assert.That(answers, Has.Count.EqualTo(300));
        Assert.That(answers.Select(a => a[..2]).Distinct(), Is.SubsetOf(new[] { "AA", "AE", "AR" }));
        Assert.That(good, Is.All.StartWith("AA|"));

        // Resending the earlier messages stores nothing new: they are all still there.
        var before = await reader.CountAsync(cancellationToken);
        using (var again = await ConnectAsync(cancellationToken))
        {
            Assert.That(await SendAsync(again, earlier.Select(Frame), cancellationToken), Is.All.StartWith("AA|"));
        }

        Assert.That(await reader.CountAsync(cancellationToken), Is.EqualTo(before));
        Assert.That(before, Is.GreaterThanOrEqualTo(120));
    }

    private static string Admission(int i, string controlId) =>
        $"MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A01|{controlId}|P|2.4\rEVN|A01|20250101120000\r" +
        $"PID|1||{200000 + i}^^^RQ6^MR\rPV1|1|I|W1^^B{i:000}\r";

    private static byte[] Frame(string text) => MllpMessageProcessor.Frame(text);

    // A mutated payload as a sender's engine would frame it: its own start and end bytes cannot appear inside.
    private static string Unframeable(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is MllpFrameReader.StartBlock or MllpFrameReader.EndBlock)
            {
                bytes[i] = (byte)'?';
            }
        }

        return Encoding.Latin1.GetString(bytes);
    }

    private async Task<TcpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _host.Port, cancellationToken);
        return client;
    }

    /// <summary>Writes every frame while reading the ACKs; returns each ACK's MSA segment from MSA-1 on, in order.</summary>
    private static async Task<List<string>> SendAsync(TcpClient client, IEnumerable<byte[]> frames, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        var list = frames.ToList();
        var writing = Task.Run(async () =>
        {
            foreach (var frame in list)
            {
                await stream.WriteAsync(frame, cancellationToken);
            }
        }, cancellationToken);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var framer = new MllpFrameReader(1024 * 1024);
        var acks = new List<string>();
        while (acks.Count < list.Count)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (framer.TryRead(ref buffer, out var payload, out _, out _) == MllpFrameStatus.Frame)
            {
                // Every ACK is itself a valid message with an MSA, whatever the message it answers.
                var text = Encoding.UTF8.GetString(payload.ToArray());
                var ack = Hl7Parser.Parse(text);
                Assert.That(ack.Error, Is.Null, () => $"ACK {acks.Count} does not parse: {text}");
                Assert.That(ack.Message!.Find("MSA"), Is.Not.Null, () => $"ACK {acks.Count} has no MSA: {text}");
                var msa = ack.Message.Find("MSA")!.Value;
                acks.Add(msa.Field(1).ToString() + "|" + msa.Field(2).ToString());
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            Assert.That(read.IsCompleted && acks.Count < list.Count, Is.False, $"the server closed the connection after {acks.Count} ACKs");
        }

        await writing;
        await reader.CompleteAsync();
        return acks;
    }
}
