using Bright.Server.Jobs;

namespace Bright.Server.Tests.Jobs;

[TestFixture]
public sealed class HeavyJobGateTests
{
    [Test]
    public async Task A_second_heavy_job_waits_until_the_first_hands_on_its_turn()
    {
        using var gate = new HeavyJobGate();
        var first = await gate.EnterAsync(CancellationToken.None);

        var second = gate.EnterAsync(CancellationToken.None);
        Assert.That(second.IsCompleted, Is.False, "the first job still holds the turn");

        first.Dispose();
        first.Dispose();
        using var turn = await second;
        var third = gate.EnterAsync(CancellationToken.None);
        Assert.That(third.IsCompleted, Is.False, "disposing the first turn twice hands on one turn only");
        turn.Dispose();
        (await third).Dispose();
    }

    [Test]
    public async Task Cancelling_a_wait_gives_up_the_turn_and_leaves_the_gate_usable()
    {
        using var gate = new HeavyJobGate();
        var held = await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync(cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        held.Dispose();
        (await gate.EnterAsync(CancellationToken.None)).Dispose();
    }
}
