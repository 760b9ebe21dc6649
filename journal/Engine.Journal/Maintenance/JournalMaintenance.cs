using Engine.Journal.Recovery;
using Engine.Journal.Segments;
using K4os.Compression.LZ4;

namespace Engine.Journal.Maintenance;

/// <summary>
/// Housekeeping of closed segments, safe to run on a maintenance thread or process while the writer appends:
/// it touches only segments that carry the end-of-segment marker and are not the newest, which the writer never
/// writes again. Archiving and deletion are crash-safe (see <see cref="SegmentCompression"/>).
/// </summary>
public static class JournalMaintenance
{
    /// <summary>LZ4-archives every closed plain segment; returns how many were archived.</summary>
    public static int CompressClosedSegments(string directory, LZ4Level level = LZ4Level.L00_FAST)
    {
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(directory);
        int archived = 0;
        for (int i = 0; i < segments.Count - 1; i++)
        {
            SegmentFile segment = segments[i];
            if (segment.Compressed)
            {
                continue;
            }

            int contentLength;
            using (SegmentImage image = SegmentImage.Open(segment))
            {
                SegmentScan scan = SegmentScan.Run(image);
                if (scan.End != SegmentScanEnd.EndMarker || scan.HasDamage)
                {
                    // Not closed (yet) or damaged: leave it for the writer's recovery or for verify to report.
                    continue;
                }

                contentLength = scan.DirtyEnd;
            }

            SegmentCompression.Compress(segment, contentLength, level);
            archived++;
        }

        return archived;
    }

    /// <summary>
    /// Deletes the oldest closed segments whose records all precede <paramref name="keepFromSequence"/> (a sequence
    /// a snapshot covers, or one every consumer has passed); the newest segment is always kept. Returns how many.
    /// </summary>
    public static int DeleteSegmentsBefore(string directory, long keepFromSequence)
    {
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(directory);
        int deleted = 0;
        for (int i = 0; i < segments.Count - 1; i++)
        {
            // Segment i ends where segment i + 1 begins.
            long nextBase = ReadBase(segments[i + 1]);
            if (nextBase > keepFromSequence)
            {
                break;
            }

            File.Delete(segments[i].Path);
            deleted++;
        }

        if (deleted > 0)
        {
            Durability.FileDurability.SyncDirectory(directory);
        }

        return deleted;
    }

    private static long ReadBase(SegmentFile segment)
    {
        if (segment.Compressed)
        {
            return SegmentCompression.ReadIdentity(segment.Path).BaseSequence;
        }

        using SegmentImage image = SegmentImage.Open(segment);
        return image.Header.BaseSequence;
    }
}
