using Engine.Journal.Format;
using Engine.Journal.Segments;
using Engine.Journal.Writing;

namespace Engine.Journal.Recovery;

/// <summary>
/// Brings a journal directory to a clean state before a writer appends to it. Every segment is walked and every
/// record's checksum and sequence verified (hardware CRC32C reads several GB/s, so this is bounded by the disk).
/// <list type="bullet">
/// <item>A bad record or garbage at the very end of the last segment, with no valid record after it, is a torn
/// tail: a write the crash interrupted, never acknowledged. It is zeroed and reported.</item>
/// <item>Anything else (a bad record followed by valid ones, a damaged closed segment, a broken sequence between
/// segments) is corruption in the middle: refused with file, offset and sequence, unless
/// <see cref="JournalOptions.Repair"/> asks to truncate there.</item>
/// </list>
/// Runs on the thread that opens the writer, before any other thread sees the journal.
/// </summary>
internal static unsafe class JournalRecovery
{
    public static RecoveredJournal Recover(string directory, JournalOptions options)
    {
        Directory.CreateDirectory(directory);
        JournalDirectory.DeleteTemporaryFiles(directory);
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(directory);
        if (segments.Count == 0)
        {
            var created = new RecoveryReport
            {
                Directory = directory,
                CreatedNew = true,
                FirstSequence = options.FirstSequence,
                LastSequence = options.FirstSequence - 1,
            };
            return new RecoveredJournal(created, null, 0, options.FirstSequence, 0);
        }

        long expected = -1;
        long firstSequence = -1;
        string? tornFile = null;
        long tornOffset = 0;
        long tornBytes = 0;
        string? repairedFile = null;
        long repairedOffset = 0;
        string? repairReason = null;
        int discarded = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            SegmentFile segment = segments[i];
            bool isLast = i == segments.Count - 1;
            SegmentImage image = SegmentImage.Open(segment, writable: isLast && !segment.Compressed);
            bool keepOpen = false;
            try
            {
                CheckHeader(image, segment, options, expected);
                if (firstSequence < 0)
                {
                    firstSequence = image.Header.BaseSequence;
                }

                SegmentScan scan = SegmentScan.Run(image);
                if (scan.HasDamage)
                {
                    bool laterRecord = RecordValidator.TryFindRecordAfter(
                        image.Address, image.Length, scan.EndOffset + RecordDescriptor.Alignment, scan.NextSequence, out int foundOffset, out long foundSequence);
                    string reason = scan.End == SegmentScanEnd.Invalid
                        ? RecordValidator.Explain(image.Address, image.Length, scan.EndOffset, scan.NextSequence)
                        : "non-zero bytes after the last record";
                    if (isLast && !laterRecord)
                    {
                        tornFile = segment.Path;
                        tornOffset = scan.EndOffset;
                        tornBytes = scan.DirtyEnd - scan.EndOffset;
                        Truncate(image, scan.EndOffset, scan.DirtyEnd);
                    }
                    else if (options.Repair)
                    {
                        if (segment.Compressed)
                        {
                            throw new JournalCorruptionException(segment.Path, scan.EndOffset, scan.NextSequence, reason + "; an archived segment cannot be repaired in place");
                        }

                        if (!isLast)
                        {
                            image.Dispose();
                            image = SegmentImage.Open(segment, writable: true);
                        }

                        Truncate(image, scan.EndOffset, scan.DirtyEnd);
                        for (int j = i + 1; j < segments.Count; j++)
                        {
                            File.Delete(segments[j].Path);
                            discarded++;
                        }

                        repairedFile = segment.Path;
                        repairedOffset = scan.EndOffset;
                        repairReason = laterRecord ? $"{reason}; valid record {foundSequence} follows at offset {foundOffset}" : reason;
                        isLast = true;
                        segments = segments.Take(i + 1).ToList();
                        scan = scan with { End = SegmentScanEnd.Open, DirtyEnd = scan.EndOffset };
                    }
                    else
                    {
                        string detail = laterRecord
                            ? $"{reason}, and a valid record (sequence {foundSequence}) follows at offset {foundOffset}"
                            : $"{reason}, in a segment that is not the last";
                        throw new JournalCorruptionException(segment.Path, scan.EndOffset, scan.NextSequence, detail);
                    }
                }

                expected = scan.NextSequence;
                if (isLast)
                {
                    var report = new RecoveryReport
                    {
                        Directory = directory,
                        SegmentCount = segments.Count,
                        FirstSequence = firstSequence,
                        LastSequence = expected - 1,
                        TornTailFile = tornFile,
                        TornTailOffset = tornOffset,
                        TornTailBytes = tornBytes,
                        RepairedFile = repairedFile,
                        RepairedOffset = repairedOffset,
                        RepairReason = repairReason,
                        DiscardedSegments = discarded,
                    };
                    if (!segment.Compressed && scan.End == SegmentScanEnd.Open)
                    {
                        keepOpen = true;
                        return new RecoveredJournal(report, image, scan.EndOffset, expected, segment.Index + 1);
                    }

                    return new RecoveredJournal(report, null, 0, expected, segment.Index + 1);
                }
            }
            finally
            {
                if (!keepOpen)
                {
                    image.Dispose();
                }
            }
        }

        throw new InvalidOperationException("unreachable: the loop returns at the last segment");
    }

    private static void CheckHeader(SegmentImage image, SegmentFile segment, JournalOptions options, long expectedBase)
    {
        SegmentHeader header = image.Header;
        if (header.SegmentIndex != segment.Index)
        {
            throw new JournalFormatException($"{segment.Path}: header says segment {header.SegmentIndex}, the file name says {segment.Index}");
        }

        if (header.SchemaId != options.SchemaId)
        {
            throw new JournalFormatException($"{segment.Path}: journal of SBE schema {header.SchemaId}, this writer writes schema {options.SchemaId}");
        }

        if (header.SchemaVersion > options.SchemaVersion)
        {
            throw new JournalFormatException(
                $"{segment.Path}: written with SBE schema version {header.SchemaVersion}, newer than this engine's version {options.SchemaVersion}; upgrade the engine");
        }

        if (expectedBase >= 0 && header.BaseSequence != expectedBase)
        {
            throw new JournalCorruptionException(
                segment.Path, SegmentDescriptor.HeaderLength, expectedBase, $"segment starts at sequence {header.BaseSequence}, the previous segment ends at {expectedBase - 1}");
        }
    }

    private static void Truncate(SegmentImage image, int from, int dirtyEnd)
    {
        if (dirtyEnd <= from)
        {
            return;
        }

        new Span<byte>(image.Address + from, dirtyEnd - from).Clear();
        image.Mapped!.Sync(from, dirtyEnd - from);
    }
}
