namespace Engine.Journal.Reading;

/// <summary>
/// Sequence to position: the base sequence of every segment (from the headers, exact) plus a sparse entry every
/// <see cref="Interval"/> records inside the segments a reader has walked. A lookup returns the closest known
/// position at or before a sequence; the reader walks the few records between it and the target.
/// Owned by one reader thread.
/// </summary>
public sealed class SequenceIndex
{
    /// <summary>Records between two sparse entries: a seek walks at most this many records.</summary>
    public const int Interval = 1024;

    private readonly List<long> _segmentIndices = [];
    private readonly List<long> _segmentBases = [];
    private readonly List<long> _sparseSequences = [];
    private readonly List<JournalPosition> _sparsePositions = [];

    public int SegmentCount => _segmentIndices.Count;

    public int SparseEntryCount => _sparseSequences.Count;

    /// <summary>Records a segment's base sequence; segments are added in index order.</summary>
    public void AddSegment(long segmentIndex, long baseSequence)
    {
        if (_segmentIndices.Count > 0 && segmentIndex <= _segmentIndices[^1])
        {
            return;
        }

        _segmentIndices.Add(segmentIndex);
        _segmentBases.Add(baseSequence);
    }

    /// <summary>Called by the reader for every record it walks; keeps one entry per <see cref="Interval"/> sequences.</summary>
    public void OnRecord(long sequence, JournalPosition position)
    {
        if (sequence % Interval != 0 || (_sparseSequences.Count > 0 && sequence <= _sparseSequences[^1]))
        {
            return;
        }

        _sparseSequences.Add(sequence);
        _sparsePositions.Add(position);
    }

    /// <summary>Forgets everything at or after <paramref name="segmentIndex"/> (after a repair or retention).</summary>
    public void Clear()
    {
        _segmentIndices.Clear();
        _segmentBases.Clear();
        _sparseSequences.Clear();
        _sparsePositions.Clear();
    }

    /// <summary>The segment holding <paramref name="sequence"/>: the last one whose base is at or below it.</summary>
    public bool TryFindSegment(long sequence, out long segmentIndex)
    {
        int found = FloorIndex(_segmentBases, sequence);
        segmentIndex = found < 0 ? -1 : _segmentIndices[found];
        return found >= 0;
    }

    /// <summary>The closest sparse entry at or before <paramref name="sequence"/>, if one is known.</summary>
    public bool TryFindFloor(long sequence, out long floorSequence, out JournalPosition position)
    {
        int found = FloorIndex(_sparseSequences, sequence);
        if (found < 0)
        {
            floorSequence = -1;
            position = default;
            return false;
        }

        floorSequence = _sparseSequences[found];
        position = _sparsePositions[found];
        return true;
    }

    private static int FloorIndex(List<long> sorted, long value)
    {
        int low = 0;
        int high = sorted.Count - 1;
        int found = -1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            if (sorted[middle] <= value)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
