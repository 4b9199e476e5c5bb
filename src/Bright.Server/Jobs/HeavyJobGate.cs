namespace Bright.Server.Jobs;

/// <summary>
/// Lets one heavy store job run at a time (the KPI SPC recompute, forecast retraining and refreshing): each reads
/// a large part of the event history, and run together on a large store they would compete for the store's one
/// memory limit and spill to disk. The others wait their turn; cancelling a wait gives up the job's turn.
/// </summary>
internal sealed class HeavyJobGate : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for the turn; disposing the answer hands it on.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        return new Turn(_turn);
    }

    /// <inheritdoc />
    public void Dispose() => _turn.Dispose();

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
