using Engine.Journal.Format;
using Engine.Journal.Segments;

namespace Engine.Journal.Recovery;

/// <summary>The result of walking every record of one segment image, validating each.</summary>
internal readonly record struct SegmentScan(
    SegmentScanEnd End,
    int EndOffset,
    long NextSequence,
    long Records,
    int DirtyEnd)
{
    /// <summary>Walks from the first record until the data ends, the end marker, or the first invalid record.</summary>
    public static unsafe SegmentScan Run(SegmentImage image)
    {
        byte* address = image.Address;
        int limit = image.Length;
        int offset = SegmentDescriptor.HeaderLength;
        long sequence = image.Header.BaseSequence;
        long records = 0;
        while (true)
        {
            RecordStatus status = RecordValidator.Check(address, limit, offset, sequence, out int length);
            switch (status)
            {
                case RecordStatus.Valid:
                    offset += RecordDescriptor.Align(length);
                    sequence++;
                    records++;
                    continue;
                case RecordStatus.EndOfSegment:
                    return new SegmentScan(SegmentScanEnd.EndMarker, offset, sequence, records, offset + RecordDescriptor.Alignment);
                case RecordStatus.Empty:
                    return new SegmentScan(SegmentScanEnd.Open, offset, sequence, records, RecordValidator.DirtyEnd(address, limit, offset));
                default:
                    return new SegmentScan(SegmentScanEnd.Invalid, offset, sequence, records, RecordValidator.DirtyEnd(address, limit, offset));
            }
        }
    }

    /// <summary>True when bytes follow the last valid record that are not a clean end (a bad record or garbage).</summary>
    public bool HasDamage => End == SegmentScanEnd.Invalid || (End == SegmentScanEnd.Open && DirtyEnd > EndOffset);
}
