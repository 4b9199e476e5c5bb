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
/// <remarks>
/// With an <see cref="IEventLog"/> (distributed mode) the writer fronts a shared durable log instead:
/// <see cref="WriteAsync"/> drops ids this node has already stored or logged, appends the rest to the log and
/// completes the sender once the log confirms; the events reach this store (and its observers) when the node
/// reads the log back through <see cref="ApplyAsync"/>, as they reach every other node's. The same event sent
/// to two nodes at once is logged twice and stored once: <see cref="ApplyAsync"/> skips ids already stored.
/// </remarks>
public sealed partial class EventWriter : IAsyncDisposable
{
    private readonly BrightStore _store;
    private readonly StoreOptions _options;
    private readonly IReadOnlyList<ICommittedEventsObserver> _observers;
    private readonly IEventLog? _log;
    private readonly ILogger<EventWriter> _logger;
    private readonly Channel<WriteRequest> _queue;
    private readonly EventKeyIndex _index;

    // Ids this node has put in the log but not yet read back from it: a repeat sent meanwhile is a duplicate.
    private readonly HashSet<UInt128> _logged = [];
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private long _committedEvents;

    /// <summary>Loads the dedupe index from the store and starts the writer loop.</summary>
    /// <param name="store">The store events are committed to.</param>
    /// <param name="options">Queue and batch sizes.</param>
    /// <param name="observers">Told of every committed group.</param>
    /// <param name="logger">Where the writer logs.</param>
    /// <param name="log">The shared durable log senders are answered from (distributed mode); null for the embedded mode.</param>
    public EventWriter(BrightStore store, StoreOptions options, IEnumerable<ICommittedEventsObserver> observers, ILogger<EventWriter> logger,
        IEventLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _observers = [.. observers];
        _logger = logger;
        _log = log;
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

    /// <summary>Whether senders are answered from a shared durable log (distributed mode) rather than this store.</summary>
    public bool IsLogFronted => _log is not null;

    /// <summary>
    /// Queues <paramref name="events"/> and completes once they are durable (or found to be duplicates):
    /// committed to this store, or in distributed mode confirmed by the shared log.
    /// Each event must already be validated and carry its <see cref="HospitalEvent.ReceivedAt"/>.
    /// </summary>
    /// <exception cref="StoreWriteException">The commit (or the log) failed; nothing of this request was acknowledged.</exception>
    /// <exception cref="ObjectDisposedException">The writer is shutting down.</exception>
    public ValueTask<WriteResult> WriteAsync(IReadOnlyList<HospitalEvent> events, CancellationToken cancellationToken = default) =>
        EnqueueAsync(events, apply: _log is null, cancellationToken);

    /// <summary>
    /// Commits <paramref name="events"/> read from the shared log to this store, skipping ids already stored, and
    /// tells the observers; completes once committed. Applying the same events again changes nothing. In the
    /// embedded mode this is the same as <see cref="WriteAsync"/>.
    /// </summary>
    /// <exception cref="StoreWriteException">The commit failed; nothing of this request was stored.</exception>
    /// <exception cref="ObjectDisposedException">The writer is shutting down.</exception>
    public ValueTask<WriteResult> ApplyAsync(IReadOnlyList<HospitalEvent> events, CancellationToken cancellationToken = default) =>
        EnqueueAsync(events, apply: true, cancellationToken);

    private async ValueTask<WriteResult> EnqueueAsync(IReadOnlyList<HospitalEvent> events, bool apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return default;
        }

        var request = new WriteRequest(events, apply);
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
        var sends = new List<WriteRequest>();
        using var connection = _store.OpenConnection();
        while (await reader.WaitToReadAsync(_stopping.Token))
        {
            group.Clear();
            sends.Clear();
            var events = 0;
            while (events < _options.MaxBatchEvents && reader.TryRead(out var request))
            {
                (request.Apply ? group : sends).Add(request);
                events += request.Events.Count;
            }

            if (group.Count > 0)
            {
                Commit(connection, group);
            }

            if (sends.Count > 0)
            {
                await LogAsync(sends);
            }
        }
    }

    /// <summary>Distributed mode: appends the group's new events to the shared log, then answers their senders.</summary>
    private async Task LogAsync(List<WriteRequest> group)
    {
        var logged = new List<HospitalEvent>();
        var newKeys = new HashSet<UInt128>();
        var outcomes = new WriteResult[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            int ok = 0, dup = 0;
            foreach (var e in group[i].Events)
            {
                var key = EventKeyIndex.KeyOf(e.EventId);
                if (_index.Contains(key) || _logged.Contains(key) || !newKeys.Add(key))
                {
                    dup++;
                }
                else
                {
                    logged.Add(e);
                    ok++;
                }
            }

            outcomes[i] = new WriteResult(ok, dup);
        }

        try
        {
            if (logged.Count > 0)
            {
                await _log!.AppendAsync(logged, _stopping.Token);
            }
        }
        catch (Exception ex)
        {
            // Whatever the log threw, the senders hear it and the loop carries on: a log outage must not stop the
            // writer, which still applies what other nodes logged once the log is back.
            LogAppendFailed(ex, group.Count, logged.Count);
            var failure = ex as StoreWriteException ?? new StoreWriteException($"The shared event log failed: {ex.Message}", ex);
            foreach (var request in group)
            {
                request.Completion.TrySetException(failure);
            }

            return;
        }

        _logged.UnionWith(newKeys);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Completion.TrySetResult(outcomes[i]);
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

        if (_logged.Count > 0)
        {
            _logged.ExceptWith(newKeys);
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

    private sealed class WriteRequest(IReadOnlyList<HospitalEvent> events, bool apply)
    {
        public IReadOnlyList<HospitalEvent> Events { get; } = events;

        // True: commit to this store. False: append to the shared log (distributed mode's WriteAsync).
        public bool Apply { get; } = apply;

        // RunContinuationsAsynchronously: senders' continuations must not run on the writer's loop.
        public TaskCompletionSource<WriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(1001, LogLevel.Information, "Event dedupe index loaded: {Count} ids in {ElapsedMs:F0} ms")]
    private partial void LogIndexLoaded(int count, double elapsedMs);

    [LoggerMessage(1002, LogLevel.Error, "Group commit of {Requests} requests ({Events} events) failed; senders are told and nothing was stored")]
    private partial void LogCommitFailed(Exception exception, int requests, int events);

    [LoggerMessage(1003, LogLevel.Error, "Appending {Events} events of {Requests} requests to the shared log failed; senders are told and nothing was acknowledged")]
    private partial void LogAppendFailed(Exception exception, int requests, int events);
}
