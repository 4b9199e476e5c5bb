using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Bright.Pipelines.Hl7;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines.Mllp;

/// <summary>
/// Kestrel's handler for HL7 v2 over MLLP. Each connection reads frames as they arrive and answers every
/// message in the order it was sent, however many a pipelining sender has in flight: messages are processed
/// concurrently (so the store's group commit takes them together) while their ACKs are written strictly in
/// order. Reading pauses when <see cref="MllpOptions.MaxInFlight"/> messages await their ACK.
/// </summary>
public sealed partial class MllpConnectionHandler : ConnectionHandler
{
    private readonly MllpMessageProcessor _processor;
    private readonly MllpOptions _options;
    private readonly ILogger<MllpConnectionHandler> _logger;

    /// <summary>Creates the handler (one per server, shared by every connection).</summary>
    public MllpConnectionHandler(MllpMessageProcessor processor, IOptions<MllpOptions> options, ILogger<MllpConnectionHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(options);
        _processor = processor;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        LogConnected(connection.ConnectionId, connection.RemoteEndPoint?.ToString() ?? "unknown");
        var closed = connection.ConnectionClosed;
        var pending = Channel.CreateBounded<Task<string>>(new BoundedChannelOptions(_options.MaxInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var answering = AnswerInOrderAsync(pending.Reader, connection.Transport.Output, closed);
        var messages = 0L;
        try
        {
            messages = await ReadFramesAsync(connection.Transport.Input, pending.Writer, closed);
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The sender hung up; messages already taken still finish (the store completes what it queued).
        }
        catch (ConnectionResetException)
        {
            // As above: a reset is a hang-up.
        }
        finally
        {
            pending.Writer.TryComplete();
            await answering;
            LogClosed(connection.ConnectionId, messages);
        }
    }

    private async Task<long> ReadFramesAsync(PipeReader input, ChannelWriter<Task<string>> pending, CancellationToken closed)
    {
        var framer = new MllpFrameReader(_options.MaxMessageBytes);
        var messages = 0L;
        while (true)
        {
            var read = await input.ReadAsync(closed);
            var buffer = read.Buffer;
            try
            {
                while (true)
                {
                    var status = framer.TryRead(ref buffer, out var payload, out var oversized, out var length);
                    if (status == MllpFrameStatus.NeedMore)
                    {
                        break;
                    }

                    // The payload is decoded before the pipe is advanced: the processor owns a string, not pipe memory.
                    var work = status == MllpFrameStatus.Frame
                        ? _processor.ProcessAsync(DecodePayload(payload), closed)
                        : _processor.RefuseOversizedAsync(oversized, length, _options.MaxMessageBytes, closed);
                    messages++;
                    await pending.WriteAsync(work, closed);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                await input.CompleteAsync();
                return messages;
            }
        }
    }

    private static string DecodePayload(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return Hl7Parser.Decode(payload.FirstSpan);
        }

        var rented = ArrayPool<byte>.Shared.Rent(checked((int)payload.Length));
        try
        {
            payload.CopyTo(rented);
            return Hl7Parser.Decode(rented.AsSpan(0, (int)payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static async Task AnswerInOrderAsync(ChannelReader<Task<string>> pending, PipeWriter output, CancellationToken closed)
    {
        try
        {
            while (await pending.WaitToReadAsync(CancellationToken.None))
            {
                // Write every ACK already due, then flush once: a pipelining sender gets them in batches.
                while (pending.TryRead(out var work))
                {
                    var ack = await work;
                    output.Write(MllpMessageProcessor.Frame(ack));
                    if (pending.Count == 0 || output.UnflushedBytes > 64 * 1024)
                    {
                        var flushed = await output.FlushAsync(closed);
                        if (flushed.IsCompleted)
                        {
                            return;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The sender hung up before its ACKs could be written; what was durable stays durable.
        }
        catch (ConnectionResetException)
        {
            // As above.
        }
        finally
        {
            await output.CompleteAsync();
        }
    }

    [LoggerMessage(3001, LogLevel.Information, "MLLP connection {ConnectionId} opened from {Remote}")]
    private partial void LogConnected(string connectionId, string remote);

    [LoggerMessage(3002, LogLevel.Information, "MLLP connection {ConnectionId} closed after {Messages} messages")]
    private partial void LogClosed(string connectionId, long messages);
}
