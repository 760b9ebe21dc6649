using Engine.Journal.Format;
using Engine.Journal.Segments;

namespace Engine.Journal.Repair;

/// <summary>
/// Finds where a journal stops being trustworthy, walking its segments as a reader would (headers, sequence
/// continuity between segments, every record's length, CRC32C and sequence) but reading damaged files instead of
/// refusing them. Read-only; used by <see cref="JournalRepair"/> on the repairing thread.
/// </summary>
internal static unsafe class DamageScan
{
    /// <summary>The segment files by index; unlike <see cref="JournalDirectory.List"/>, a missing segment is damage to report, not an error.</summary>
    public static List<SegmentFile> ListSegments(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: journal directory not found");
        }

        var byIndex = new SortedDictionary<long, SegmentFile>();
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            if (SegmentDescriptor.TryParseFileName(Path.GetFileName(path), out long index, out bool compressed) &&
                !(byIndex.TryGetValue(index, out SegmentFile? existing) && !existing.Compressed))
            {
                byIndex[index] = new SegmentFile(index, path, compressed);
            }
        }

        if (byIndex.Count == 0)
        {
            throw new JournalFormatException($"{directory}: not a journal (no {SegmentDescriptor.FilePrefix}*{SegmentDescriptor.FileExtension} segment files)");
        }

        return [.. byIndex.Values];
    }

    /// <summary>Walks the segments as a reader would and stops at the first damage: its description, the segment's position in the list and its bytes.</summary>
    /// <remarks>A closed segment cut short only in the zero slack after its end marker is no damage: it is added to <paramref name="shortened"/>.</remarks>
    public static (JournalDamage? Damage, int Position, SegmentContent? Content) Find(List<SegmentFile> segments, List<SegmentContent> shortened)
    {
        long expected = -1;
        for (int i = 0; i < segments.Count; i++)
        {
            SegmentFile segment = segments[i];
            if (i > 0 && segment.Index != segments[i - 1].Index + 1)
            {
                var missing = new JournalDamage(segments[i - 1].Index + 1, null, SegmentDescriptor.HeaderLength, expected, $"segment {segments[i - 1].Index + 1} is missing", true);
                return (missing, i - 1, null);
            }

            SegmentContent content = SegmentContent.Load(segment);
            string? headerProblem = content.Problem;
            if (content.Header is { } header && headerProblem is null)
            {
                if (header.SegmentIndex != segment.Index)
                {
                    headerProblem = $"header says segment {header.SegmentIndex}, the file name says {segment.Index}";
                }
                else if (expected >= 0 && header.BaseSequence != expected)
                {
                    headerProblem = $"segment starts at sequence {header.BaseSequence}, the previous segment ends at {expected - 1}";
                }
            }

            if (headerProblem is not null)
            {
                if (i == 0)
                {
                    throw new JournalFormatException(
                        $"{segment.Path}: {headerProblem}; it is the journal's first segment, so a repair would keep nothing (move the directory aside instead)");
                }

                return (new JournalDamage(segment.Index, segment.Path, SegmentDescriptor.HeaderLength, expected, headerProblem, true), i, content);
            }

            SegmentHeader valid = content.Header!.Value;
            expected = valid.BaseSequence;
            (int offset, RecordStatus status) = Walk(content, ref expected);
            bool isLast = i == segments.Count - 1;
            string? reason = null;
            if (status == RecordStatus.Invalid)
            {
                fixed (byte* bytes = content.Bytes)
                {
                    reason = content.Length - offset >= RecordDescriptor.Alignment && *(int*)(bytes + offset) > content.Length - offset && content.IsTruncated
                        ? $"the record runs past the end of the file, which is {content.FileLength} bytes but its header says {valid.SegmentSize} (truncated)"
                        : RecordValidator.Explain(bytes, content.Length, offset, expected);
                }
            }
            else if (status == RecordStatus.Empty && content.IsTruncated)
            {
                reason = $"the file is {content.FileLength} bytes but its header says {valid.SegmentSize} (truncated)";
            }
            else if (status == RecordStatus.Empty && DirtyEnd(content, offset) > offset)
            {
                reason = "non-zero bytes after the last record";
            }
            else if (status == RecordStatus.EndOfSegment && content.IsTruncated)
            {
                shortened.Add(content);
            }

            if (reason is not null)
            {
                return (new JournalDamage(segment.Index, segment.Path, offset, expected, reason, false), i, content);
            }
        }

        return (null, -1, null);
    }

    /// <summary>Reads valid records in sequence from the first one; returns where and how the walk stopped.</summary>
    private static (int Offset, RecordStatus Status) Walk(SegmentContent content, ref long sequence)
    {
        fixed (byte* bytes = content.Bytes)
        {
            int offset = SegmentDescriptor.HeaderLength;
            while (true)
            {
                RecordStatus status = RecordValidator.Check(bytes, content.Length, offset, sequence, out int length);
                if (status != RecordStatus.Valid)
                {
                    return (offset, status);
                }

                offset += RecordDescriptor.Align(length);
                sequence++;
            }
        }
    }

    private static int DirtyEnd(SegmentContent content, int from)
    {
        fixed (byte* bytes = content.Bytes)
        {
            return RecordValidator.DirtyEnd(bytes, content.Length, from);
        }
    }
}
