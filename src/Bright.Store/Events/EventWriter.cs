using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace Bright.Store.Events;

/// <summary>
/// The store's only writer of events. Senders queue requests on a bounded channel; one loop drains every
/// waiting request, skips ids already stored, appends the rest through DuckDB's appender in one
/// transaction (group commit), and completes each sender only after that commit. Thread-safe.
/// </summary>
public sealed partial class EventWriter : IAsyncDisposable
{
    private readonly BrightStore _store;
    private readonly StoreOptions _options;
    private readonly IReadOnlyList<ICommittedEventsObserver> _observers;
    private readonly ILogger<EventWriter> _logger;
    private readonly Channel<WriteRequest> _queue;
    private readonly EventKeyIndex _index;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private long _committedEvents;

    /// <summary>Loads the dedupe index from the store and starts the writer loop.</summary>
    public EventWriter(BrightStore store, StoreOptions options, IEnumerable<ICommittedEventsObserver> observers, ILogger<EventWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _observers = [.. observers];
        _logger = logger;
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(options.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var started = Stopwatch.GetTimestamp();
        _index = LoadIndex(store);
        LogIndexLoaded(_index.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Events committed by this writer since it started.</summary>
    public long CommittedEvents => Interlocked.Read(ref _committedEvents);

    /// <summary>Whether the writer loop is running (for readiness checks).</summary>
    public bool IsRunning => !_loop.IsCompleted;

    /// <summary>
    /// Queues <paramref name="events"/> and completes once they are durable (or found to be duplicates).
    /// Each event must already be validated and carry its <see cref="HospitalEvent.ReceivedAt"/>.
    /// </summary>
    /// <exception cref="StoreWriteException">The commit failed; nothing of this request was stored.</exception>
    /// <exception cref="ObjectDisposedException">The writer is shutting down.</exception>
    public async ValueTask<WriteResult> WriteAsync(IReadOnlyList<HospitalEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return default;
        }

        var request = new WriteRequest(events);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException("The event writer is shutting down; retry against a running BRIGHT.", ex);
        }

        // Once queued, the request is committed or failed by the loop whatever the caller does next; the
        // caller may stop waiting, but the outcome is not undone.
        return await request.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The bulk path for backfills and file drops: writes <paramref name="events"/> in large groups through
    /// the same loop, reporting the running count of events handled.
    /// </summary>
    public async Task<WriteResult> WriteBulkAsync(IEnumerable<HospitalEvent> events, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        int accepted = 0, duplicates = 0;
        long handled = 0;
        var chunk = new List<HospitalEvent>(_options.BulkBatchEvents);
        foreach (var e in events)
        {
            chunk.Add(e);
            if (chunk.Count == _options.BulkBatchEvents)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        return new WriteResult(accepted, duplicates);

        async Task FlushAsync()
        {
            if (chunk.Count == 0)
            {
                return;
            }

            var result = await WriteAsync(chunk.ToArray(), cancellationToken);
            accepted += result.Accepted;
            duplicates += result.Duplicates;
            handled += chunk.Count;
            chunk.Clear();
            progress?.Report(handled);
        }
    }

    /// <summary>Stops taking requests, commits what is queued, and waits for the loop to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        _stopping.Dispose();
    }

    private static EventKeyIndex LoadIndex(BrightStore store)
    {
        using var connection = store.OpenConnection();
        var count = connection.ExecuteScalar<long>("SELECT count(*) FROM events");
        var index = new EventKeyIndex((int)Math.Min(count + 1024, int.MaxValue / 2));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id FROM events";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            index.Add(EventKeyIndex.KeyOf(reader.GetString(0)));
        }

        return index;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var group = new List<WriteRequest>();
        using var connection = _store.OpenConnection();
        while (await reader.WaitToReadAsync(_stopping.Token))
        {
            group.Clear();
            var events = 0;
            while (events < _options.MaxBatchEvents && reader.TryRead(out var request))
            {
                group.Add(request);
                events += request.Events.Count;
            }

            Commit(connection, group);
        }
    }

    private void Commit(DuckDBConnection connection, List<WriteRequest> group)
    {
        var accepted = new List<HospitalEvent>();
        var newKeys = new HashSet<UInt128>();
        var outcomes = new WriteResult[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            int ok = 0, dup = 0;
            foreach (var e in group[i].Events)
            {
                var key = EventKeyIndex.KeyOf(e.EventId);
                if (_index.Contains(key) || !newKeys.Add(key))
                {
                    dup++;
                }
                else
                {
                    accepted.Add(e);
                    ok++;
                }
            }

            outcomes[i] = new WriteResult(ok, dup);
        }

        try
        {
            if (accepted.Count > 0)
            {
                EventAppender.AppendInTransaction(connection, accepted);
            }
        }
        catch (Exception ex) when (ex is DuckDBException or InvalidOperationException or ArgumentException)
        {
            LogCommitFailed(ex, group.Count, accepted.Count);
            var failure = new StoreWriteException($"The store could not commit {accepted.Count} events: {ex.Message}", ex);
            foreach (var request in group)
            {
                request.Completion.TrySetException(failure);
            }

            return;
        }

        foreach (var key in newKeys)
        {
            _index.Add(key);
        }

        Interlocked.Add(ref _committedEvents, accepted.Count);

        // Observers hear first, so that once a sender is answered its events are in the live figures too.
        if (accepted.Count > 0)
        {
            foreach (var observer in _observers)
            {
                observer.OnCommitted(accepted);
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Completion.TrySetResult(outcomes[i]);
        }
    }

    private sealed class WriteRequest(IReadOnlyList<HospitalEvent> events)
    {
        public IReadOnlyList<HospitalEvent> Events { get; } = events;

        // RunContinuationsAsynchronously: senders' continuations must not run on the writer's loop.
        public TaskCompletionSource<WriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(1001, LogLevel.Information, "Event dedupe index loaded: {Count} ids in {ElapsedMs:F0} ms")]
    private partial void LogIndexLoaded(int count, double elapsedMs);

    [LoggerMessage(1002, LogLevel.Error, "Group commit of {Requests} requests ({Events} events) failed; senders are told and nothing was stored")]
    private partial void LogCommitFailed(Exception exception, int requests, int events);
}
