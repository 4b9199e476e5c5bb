using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Mllp;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Server.Tests.Durability;

/// <summary>
/// BRIGHT as a real process, killed (SIGKILL) while HL7 v2 messages are in flight over MLLP, then restarted
/// on the same store: the senders resend what got no ACK (and some that did), and every message's event is
/// stored exactly once.
/// </summary>
[TestFixture]
public sealed class MllpKillTests
{
    private const int Senders = 2;
    private const int PerSender = 3_000;

    [Test]
    [CancelAfter(240_000)]
    public async Task A_kill_between_receipt_and_ack_then_resending_stores_each_message_exactly_once(CancellationToken cancellationToken)
    {
        using var folder = TempFolder.Create();
        var storePath = Path.Combine(folder.Path, "bright.duckdb");
        var messages = Enumerable.Range(0, Senders).ToDictionary(s => s,
            s => Enumerable.Range(0, PerSender).Select(i => Admission($"K{s}-{i}", (s * PerSender) + i)).ToList());
        var acknowledged = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        using (var process = await ServerProcess.StartWithMllpAsync(storePath))
        {
            // Each sender pipelines its messages; the process is killed once some are acknowledged and more are in flight.
            var senders = messages.Values.Select(list => Task.Run(() => SendUntilCutAsync(process.MllpPort, list, acknowledged), cancellationToken))
                .ToList();
            while (acknowledged.Count < 500)
            {
                await Task.Delay(10, cancellationToken);
            }

            process.Kill();
            await Task.WhenAll(senders);
        }

        var all = messages.Values.SelectMany(m => m).ToList();
        var unacknowledged = all.Where(m => !acknowledged.ContainsKey(ControlId(m))).ToList();
        Assert.That(unacknowledged, Is.Not.Empty, "the kill came while messages were in flight");
        await TestContext.Out.WriteLineAsync($"{acknowledged.Count} of {all.Count} acknowledged before the kill");

        using (var process = await ServerProcess.StartWithMllpAsync(storePath))
        {
            // Every unacknowledged message again, and every tenth acknowledged one (a sender unsure of its last ACKs).
            var resend = unacknowledged.Concat(all.Where((m, i) => acknowledged.ContainsKey(ControlId(m)) && i % 10 == 0)).ToList();
            var answers = await SendAllAsync(process.MllpPort, resend, cancellationToken);
            Assert.That(answers, Is.EqualTo(resend.Select(m => $"AA|{ControlId(m)}")));
            process.Kill();
        }

        await using var restarted = await TestServer.StartAsync(folder: folder);
        var stored = await restarted.Get<EventReader>().ReadAsync(
            new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: cancellationToken);
        var controlIds = stored.Select(e => e.Attributes["controlId"]).ToList();

        Assert.That(controlIds, Is.Unique);
        Assert.That(controlIds, Is.EquivalentTo(all.Select(ControlId)));
        Assert.That(stored.Select(e => e.EventId), Is.Unique);
    }

    private static string Admission(string controlId, int i) =>
        $"MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||ADT^A01|{controlId}|P|2.4\rEVN|A01|20250101{i / 3600 % 24:00}{i / 60 % 60:00}{i % 60:00}\r" +
        $"PID|1||{300000 + i}^^^RQ6^MR\rPV1|1|I|W{i % 30}^^B{i % 500:000}\r";

    private static string ControlId(string message) => message.Split('|')[9];

    // Writes every message and records each AA until the connection is cut by the kill.
    private static async Task SendUntilCutAsync(int port, List<string> messages, ConcurrentDictionary<string, byte> acknowledged)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var writing = Task.Run(async () =>
            {
                foreach (var message in messages)
                {
                    await stream.WriteAsync(MllpMessageProcessor.Frame(message));
                }
            });
            await foreach (var (code, controlId) in ReadAcksAsync(stream, messages.Count, CancellationToken.None))
            {
                if (code == "AA")
                {
                    acknowledged[controlId] = 0;
                }
            }

            await writing;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The process was killed: what was not acknowledged is resent after the restart.
        }
    }

    private static async Task<List<string>> SendAllAsync(int port, List<string> messages, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        var writing = Task.Run(async () =>
        {
            foreach (var message in messages)
            {
                await stream.WriteAsync(MllpMessageProcessor.Frame(message), cancellationToken);
            }
        }, cancellationToken);
        var answers = new List<string>();
        await foreach (var (code, controlId) in ReadAcksAsync(stream, messages.Count, cancellationToken))
        {
            answers.Add($"{code}|{controlId}");
        }

        await writing;
        return answers;
    }

    private static async IAsyncEnumerable<(string Code, string ControlId)> ReadAcksAsync(NetworkStream stream, int count,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var framer = new MllpFrameReader(1024 * 1024);
        var read = 0;
        while (read < count)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var acks = new List<(string, string)>();
            while (framer.TryRead(ref buffer, out var payload, out _, out _) == MllpFrameStatus.Frame)
            {
                var msa = Hl7Parser.Parse(Encoding.UTF8.GetString(payload.ToArray())).Message!.Find("MSA")!.Value;
                acks.Add((msa.Field(1).ToString(), msa.Field(2).ToString()));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var ack in acks)
            {
                read++;
                yield return ack;
            }

            if (result.IsCompleted)
            {
                throw new IOException($"The connection closed after {read} of {count} ACKs.");
            }
        }

        await reader.CompleteAsync();
    }
}
