using Engine.Primitives;

namespace Engine.Core.Tests;

/// <summary>The counters in a snapshot: a snapshot written before AdminRefused existed still restores.</summary>
[TestFixture]
public sealed class EngineCountersSnapshotTests
{
    [Test]
    public void SnapshotOfTheCountersBeforeAdminRefused_Restores_WithAdminRefusedZero()
    {
        var snapshot = new MemoryStream();
        var writer = new SnapshotWriter(snapshot);
        writer.BeginSection("counters");
        long[] older = new long[24];
        older[0] = 7;       // Inputs
        older[14] = 3;      // AdminInputs
        writer.WriteArray<long>(older);
        snapshot.Position = 0;
        var counters = new EngineCounters { AdminRefused = 5 };

        counters.RestoreSnapshot(new SnapshotReader(snapshot));

        Assert.That((counters.Inputs, counters.AdminInputs, counters.AdminRefused), Is.EqualTo((7L, 3L, 0L)));
    }

    [Test]
    public void Counters_RoundTripThroughASnapshot_AdminRefusedIncluded()
    {
        var snapshot = new MemoryStream();
        new EngineCounters { AdminRefused = 4, MalformedInputs = 1 }.WriteSnapshot(new SnapshotWriter(snapshot));
        snapshot.Position = 0;
        var restored = new EngineCounters();

        restored.RestoreSnapshot(new SnapshotReader(snapshot));

        Assert.That((restored.AdminRefused, restored.MalformedInputs), Is.EqualTo((4L, 1L)));
    }
}
