namespace Engine.Journal.Snapshots;

/// <summary>A verified snapshot: the journal sequence it was taken after, the state hash it must restore to, and its bytes.</summary>
public sealed record SnapshotFile(string Path, long Sequence, ulong StateHash, byte[] Payload);
