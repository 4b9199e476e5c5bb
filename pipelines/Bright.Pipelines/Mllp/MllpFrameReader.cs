using System.Buffers;

namespace Bright.Pipelines.Mllp;

/// <summary>What <see cref="MllpFrameReader.TryRead"/> found.</summary>
public enum MllpFrameStatus
{
    /// <summary>No complete frame yet: read more.</summary>
    NeedMore,

    /// <summary>A complete frame; its payload is valid until the buffer is advanced.</summary>
    Frame,

    /// <summary>A frame longer than the limit has ended; its start is kept for the AR.</summary>
    Oversized,
}

/// <summary>
/// Finds MLLP frames (<c>0x0B</c> message <c>0x1C 0x0D</c>) in a stream read through System.IO.Pipelines,
/// however the bytes were split or coalesced by TCP. Bytes outside a frame (stray CR or LF between frames)
/// are skipped; a frame past the limit is discarded as it arrives, keeping only its first line, so one huge
/// message costs no more memory than the limit and the connection carries on. One reader per connection;
/// not thread-safe.
/// </summary>
public sealed class MllpFrameReader
{
    /// <summary>Start block.</summary>
    public const byte StartBlock = 0x0B;

    /// <summary>End block, followed by <see cref="CarriageReturn"/>.</summary>
    public const byte EndBlock = 0x1C;

    /// <summary>Ends the frame after <see cref="EndBlock"/>.</summary>
    public const byte CarriageReturn = 0x0D;

    // Enough of an oversized message to read its MSH for the ACK.
    private const int HeaderBytes = 4096;

    private readonly int _maxMessageBytes;
    private bool _discarding;
    private byte[] _discardedHeader = [];
    private long _discardedBytes;

    /// <summary>Creates a reader refusing payloads over <paramref name="maxMessageBytes"/>.</summary>
    public MllpFrameReader(int maxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1);
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>
    /// Looks for the next frame in <paramref name="buffer"/>, slicing off what it consumed. On
    /// <see cref="MllpFrameStatus.Frame"/>, <paramref name="payload"/> is the message between the blocks; on
    /// <see cref="MllpFrameStatus.Oversized"/>, <paramref name="oversizedHeader"/> holds its first bytes and
    /// <paramref name="oversizedLength"/> its full length. Call until it returns NeedMore, then advance the
    /// pipe to <c>buffer.Start</c> (consumed) and <c>buffer.End</c> (examined).
    /// </summary>
    public MllpFrameStatus TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, out byte[] oversizedHeader,
        out long oversizedLength)
    {
        payload = default;
        oversizedHeader = [];
        oversizedLength = 0;
        if (_discarding)
        {
            return Discard(ref buffer, out oversizedHeader, out oversizedLength);
        }

        var start = buffer.PositionOf(StartBlock);
        if (start is null)
        {
            buffer = buffer.Slice(buffer.End);
            return MllpFrameStatus.NeedMore;
        }

        buffer = buffer.Slice(start.Value);
        var body = buffer.Slice(1);
        var end = body.PositionOf(EndBlock);
        if (end is null)
        {
            if (body.Length > _maxMessageBytes)
            {
                _discarding = true;
                _discardedHeader = body.Slice(0, Math.Min(HeaderBytes, body.Length)).ToArray();
                _discardedBytes = body.Length;
                buffer = buffer.Slice(buffer.End);
            }

            return MllpFrameStatus.NeedMore;
        }

        payload = body.Slice(0, end.Value);
        var after = body.Slice(end.Value).Slice(1);
        buffer = SkipCarriageReturn(after);
        if (payload.Length > _maxMessageBytes)
        {
            oversizedHeader = payload.Slice(0, Math.Min(HeaderBytes, payload.Length)).ToArray();
            oversizedLength = payload.Length;
            payload = default;
            return MllpFrameStatus.Oversized;
        }

        return MllpFrameStatus.Frame;
    }

    private MllpFrameStatus Discard(ref ReadOnlySequence<byte> buffer, out byte[] oversizedHeader, out long oversizedLength)
    {
        oversizedHeader = [];
        oversizedLength = 0;
        var end = buffer.PositionOf(EndBlock);
        if (end is null)
        {
            _discardedBytes += buffer.Length;
            buffer = buffer.Slice(buffer.End);
            return MllpFrameStatus.NeedMore;
        }

        _discardedBytes += buffer.Slice(0, end.Value).Length;
        buffer = SkipCarriageReturn(buffer.Slice(end.Value).Slice(1));
        oversizedHeader = _discardedHeader;
        oversizedLength = _discardedBytes;
        _discarding = false;
        _discardedHeader = [];
        _discardedBytes = 0;
        return MllpFrameStatus.Oversized;
    }

    // The CR after 0x1C may arrive in the next read; then it is skipped there as a byte outside any frame.
    private static ReadOnlySequence<byte> SkipCarriageReturn(ReadOnlySequence<byte> after)
    {
        var reader = new SequenceReader<byte>(after);
        return reader.TryPeek(out var next) && next == CarriageReturn ? after.Slice(1) : after;
    }
}
