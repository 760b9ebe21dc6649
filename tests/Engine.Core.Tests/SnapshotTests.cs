namespace Engine.Core.Tests;

/// <summary>
/// A snapshot is the whole BLP state between two inputs: a fresh processor restored from it has the same StateHash,
/// and snapshot + the rest of the stream ends exactly where the full stream ends.
/// </summary>
[TestFixture]
public sealed class SnapshotTests
{
    [Test]
    public void SnapshotPlusTail_EqualsFullReplay()
    {
        var full = new CoreFixture();
        var fullVenue = new ScriptedVenue(full, seed: 21);
        var tail = new CoreFixture();
        var tailVenue = new ScriptedVenue(tail, seed: 21);
        for (int step = 0; step < 1_500; step++)
        {
            fullVenue.Step();
            tailVenue.Step();
        }

        using var snapshot = new MemoryStream();
        tail.Processor.WriteSnapshot(snapshot);
        var restored = new CoreFixture(restoreFrom: snapshot.ToArray(), continueFrom: tail);
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(tail.Processor.StateHash()), "restored state differs");
        Assert.That(restored.Processor.Orders.Count, Is.EqualTo(tail.Processor.Orders.Count));
        Assert.That(restored.Processor.Counters.Fills, Is.GreaterThan(0));

        var restoredVenue = tailVenue.MoveTo(restored);
        for (int step = 0; step < 1_500; step++)
        {
            fullVenue.Step();
            restoredVenue.Step();
        }

        Assert.That(restored.Processor.StateHash(), Is.EqualTo(full.Processor.StateHash()));
        Assert.That(restored.Processor.Sequence, Is.EqualTo(full.Processor.Sequence));
        restored.AssertTrialBalanceIsZero();
    }

    [Test]
    public void TruncatedSnapshot_IsRefusedWithAFormatError()
    {
        var fixture = new CoreFixture();
        var venue = new ScriptedVenue(fixture, seed: 3);
        for (int step = 0; step < 200; step++)
        {
            venue.Step();
        }

        using var snapshot = new MemoryStream();
        fixture.Processor.WriteSnapshot(snapshot);
        byte[] truncated = snapshot.ToArray()[..(int)(snapshot.Length / 2)];

        var fresh = new CoreFixture();
        Assert.That(() => fresh.Processor.RestoreSnapshot(new MemoryStream(truncated)), Throws.InstanceOf<Engine.Primitives.SnapshotFormatException>().Or.InstanceOf<EndOfStreamException>());
    }
}
