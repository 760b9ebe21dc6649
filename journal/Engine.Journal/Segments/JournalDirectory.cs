using Engine.Journal.Format;

namespace Engine.Journal.Segments;

/// <summary>
/// The segment files of a journal directory, in index order. Indices must be contiguous (retention removes the
/// oldest segments only); a hole is reported as corruption. Files that are not segments are ignored.
/// </summary>
public static class JournalDirectory
{
    /// <summary>Lists the segments; throws a one-line error when the directory is missing, a file, or has holes.</summary>
    public static IReadOnlyList<SegmentFile> List(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
        {
            throw new JournalFormatException($"{directory}: is a file, not a journal directory");
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: journal directory not found");
        }

        var byIndex = new SortedDictionary<long, SegmentFile>();
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            string name = System.IO.Path.GetFileName(path);
            if (!SegmentDescriptor.TryParseFileName(name, out long index, out bool compressed))
            {
                continue;
            }

            // A crash between writing the archive and deleting the plain file leaves both: the plain one wins.
            if (byIndex.TryGetValue(index, out SegmentFile? existing) && !existing.Compressed)
            {
                continue;
            }

            byIndex[index] = new SegmentFile(index, path, compressed);
        }

        var segments = new List<SegmentFile>(byIndex.Count);
        foreach (SegmentFile segment in byIndex.Values)
        {
            if (segments.Count > 0 && segment.Index != segments[^1].Index + 1)
            {
                throw new JournalFormatException(
                    $"{directory}: segment {segments[^1].Index + 1} is missing between {segments[^1].Path} and {segment.Path} " +
                    $"(run 'engine journal repair {directory}' to end the journal before it)");
            }

            segments.Add(segment);
        }

        return segments;
    }

    /// <summary>Like <see cref="List"/>, but an empty directory is an error (for readers and tools).</summary>
    public static IReadOnlyList<SegmentFile> ListExisting(string directory)
    {
        IReadOnlyList<SegmentFile> segments = List(directory);
        if (segments.Count == 0)
        {
            throw new JournalFormatException($"{directory}: not a journal (no {SegmentDescriptor.FilePrefix}*{SegmentDescriptor.FileExtension} segment files)");
        }

        return segments;
    }

    /// <summary>
    /// The validated header of the journal's first segment (it names the schema the payloads were written with), or
    /// null when the directory holds no segment. A damaged header is a <see cref="JournalFormatException"/>.
    /// </summary>
    public static SegmentHeader? ReadFirstHeader(string directory)
    {
        IReadOnlyList<SegmentFile> segments = Directory.Exists(directory) ? List(directory) : [];
        if (segments.Count == 0)
        {
            return null;
        }

        using SegmentImage first = SegmentImage.Open(segments[0]);
        return first.Header;
    }

    /// <summary>Removes files a crashed writer or archiver left half-written (they were never renamed into place).</summary>
    public static void DeleteTemporaryFiles(string directory)
    {
        foreach (string path in Directory.EnumerateFiles(directory, SegmentDescriptor.FilePrefix + "*" + SegmentDescriptor.TemporaryFileExtension))
        {
            File.Delete(path);
        }
    }
}
