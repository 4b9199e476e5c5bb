using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Bright.Pipelines.Mllp;

namespace Bright.Pipelines.Tests.Mllp;

public class MllpFrameReaderTests
{
    private static byte[] Frame(string message) => [0x0B, .. Encoding.UTF8.GetBytes(message), 0x1C, 0x0D];

    private static readonly string A = "MSH|^~\\&|TEST|RQ6|||20250101120000||ADT^A08|A|P|2.4\rPID|1||1^^^RQ6^MR\r";
    private static readonly string B = "MSH|^~\\&|TEST|RQ6|||20250101120000||ADT^A08|B|P|2.4\rPID|1||2^^^RQ6^MR\r";
    private static readonly string C = "MSH|^~\\&|TEST|RQ6|||20250101120000||ADT^A08|C|P|2.4\r";

    /// <summary>Writes <paramref name="chunks"/> one read at a time through a real pipe and returns what the reader found.</summary>
    private static async Task<List<string>> ReadAllAsync(IEnumerable<byte[]> chunks, int maxBytes = 1024 * 1024)
    {
        // A small minimum segment size makes multi-segment sequences common, as they are on a socket.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16, pauseWriterThreshold: 0));
        var reader = new MllpFrameReader(maxBytes);
        var found = new List<string>();
        foreach (var chunk in chunks)
        {
            await pipe.Writer.WriteAsync(chunk);
            var read = await pipe.Reader.ReadAsync();
            var buffer = read.Buffer;
            while (true)
            {
                var status = reader.TryRead(ref buffer, out var payload, out var header, out var length);
                if (status == MllpFrameStatus.NeedMore)
                {
                    break;
                }

                found.Add(status == MllpFrameStatus.Frame
                    ? Encoding.UTF8.GetString(payload.ToArray())
                    : $"oversized {length}: {Encoding.UTF8.GetString(header)[..Math.Min(header.Length, 40)]}");
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return found;
    }

    private static IEnumerable<byte[]> Split(byte[] bytes, int size) => bytes.Chunk(size);

    [Test]
    public async Task A_frame_in_one_read_gives_its_message()
    {
        Assert.That(await ReadAllAsync([Frame(A)]), Is.EqualTo(new[] { A }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(64)]
    public async Task Frames_split_across_reads_are_put_back_together(int chunkSize)
    {
        var stream = Frame(A).Concat(Frame(B)).Concat(Frame(C)).ToArray();

        Assert.That(await ReadAllAsync(Split(stream, chunkSize)), Is.EqualTo(new[] { A, B, C }));
    }

    [Test]
    public async Task Coalesced_frames_in_one_read_are_each_returned_in_order()
    {
        var stream = Frame(A).Concat(Frame(B)).Concat(Frame(C)).ToArray();

        Assert.That(await ReadAllAsync([stream]), Is.EqualTo(new[] { A, B, C }));
    }

    [Test]
    public async Task The_end_block_and_its_carriage_return_may_arrive_in_different_reads()
    {
        var a = Frame(A);
        var stream = new[] { a[..^1], a[^1..].Concat(Frame(B)).ToArray() };

        Assert.That(await ReadAllAsync(stream), Is.EqualTo(new[] { A, B }));
    }

    [Test]
    public async Task Bytes_between_frames_are_skipped()
    {
        var stream = Encoding.ASCII.GetBytes("\r\n").Concat(Frame(A)).Concat("\n\n"u8.ToArray()).Concat(Frame(B)).ToArray();

        Assert.That(await ReadAllAsync(Split(stream, 5)), Is.EqualTo(new[] { A, B }));
    }

    [Test]
    public async Task A_frame_over_the_limit_is_reported_with_its_start_and_the_next_frame_still_reads()
    {
        var big = C + "NTE|1||" + new string('x', 5000) + "\r";
        var stream = Frame(big).Concat(Frame(A)).ToArray();

        var found = await ReadAllAsync([stream], maxBytes: 2048);

        Assert.That(found, Is.EqualTo(new[] { $"oversized {Encoding.UTF8.GetByteCount(big)}: {C[..40]}", A }));
    }

    [Test]
    public async Task A_frame_over_the_limit_arriving_in_pieces_is_discarded_as_it_comes()
    {
        var big = C + "NTE|1||" + new string('x', 20_000) + "\r";
        var stream = Frame(big).Concat(Frame(B)).ToArray();

        var found = await ReadAllAsync(Split(stream, 1000), maxBytes: 2048);

        Assert.That(found, Is.EqualTo(new[] { $"oversized {Encoding.UTF8.GetByteCount(big)}: {C[..40]}", B }));
    }
}
