using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Engine.Journal.Durability;
using Engine.Journal.Format;
using Engine.Journal.Segments;
using Engine.Journal.Snapshots;

namespace Engine.Journal.Repair;

/// <summary>
/// Repairs a journal that damage in the middle (a bad record followed by valid ones, a damaged or missing segment,
/// a broken sequence, a truncated file) keeps every reader and the engine from opening. The journal is cut at the
/// first bad record, so every record before it stays and the journal verifies and replays again; nothing is
/// destroyed: the original bytes of the cut segment and every segment after it go to
/// <c>DIR/repair-&lt;UTC time&gt;/</c> with <c>quarantine.jsonl</c> (the readable records after the cut) and
/// <c>repair.json</c> (where, why, and the sequences lost). Snapshots of state that included lost records go
/// there too, so the engine cannot restore them. Copies are made durable before the journal is changed; a crash
/// part-way leaves a journal that a second repair finishes.
/// Runs with the journal's writer lock held, so never while the engine writes. Owned by the calling thread.
/// </summary>
public static unsafe class JournalRepair
{
    public const string FolderPrefix = "repair-";
    public const string QuarantineFileName = "quarantine.jsonl";
    public const string ReportFileName = "repair.json";

    /// <summary>Finds the first damage without changing anything; null when the journal is intact.</summary>
    public static JournalDamage? FindDamage(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return DamageScan.Find(DamageScan.ListSegments(directory), []).Damage;
    }

    /// <summary>Repairs the journal in <paramref name="directory"/>; a journal without damage is left untouched.</summary>
    public static JournalRepairReport Repair(string directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(directory);
        using FileStream writerLock = AcquireWriterLock(directory);
        JournalDirectory.DeleteTemporaryFiles(directory);
        List<SegmentFile> segments = DamageScan.ListSegments(directory);
        var shortened = new List<SegmentContent>();
        (JournalDamage? damage, int position, SegmentContent? damaged) = DamageScan.Find(segments, shortened);
        var restored = new List<string>();
        foreach (SegmentContent complete in shortened)
        {
            // Every record and the end marker are there; only the zero slack after them was cut off.
            using var stream = new FileStream(complete.File.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(complete.Header!.Value.SegmentSize);
            stream.Flush(flushToDisk: true);
            restored.Add(complete.File.Path);
        }

        if (damage is null)
        {
            return new JournalRepairReport { Directory = directory, RestoredSegments = restored };
        }

        var quarantined = new List<QuarantinedRecord>();
        int zeroFrom = damage.Offset;
        int dirtyEnd = damage.Offset;
        if (damaged is not null && damaged.Length > 0)
        {
            // From the bad record itself: one with a valid CRC32C but the wrong sequence is still evidence worth keeping.
            int salvageFrom = damage.WholeSegment ? SegmentDescriptor.HeaderLength : damage.Offset;
            Salvage(damaged, salvageFrom, quarantined);
            fixed (byte* bytes = damaged.Bytes)
            {
                dirtyEnd = RecordValidator.DirtyEnd(bytes, damaged.Length, zeroFrom);
            }
        }

        for (int i = position + 1; i < segments.Count; i++)
        {
            SegmentContent later = SegmentContent.Load(segments[i]);
            if (later.Length > 0)
            {
                Salvage(later, SegmentDescriptor.HeaderLength, quarantined);
            }
        }

        string folder = CreateFolder(directory, now);
        var removedSegments = new List<string>();
        var removedSnapshots = new List<string>();
        string? truncated = null;

        // 1. Copies first, made durable, so the originals survive whatever happens next.
        if (damage.File is not null)
        {
            CopyDurably(damage.File, Path.Combine(folder, Path.GetFileName(damage.File)));
        }

        for (int i = position + 1; i < segments.Count; i++)
        {
            CopyDurably(segments[i].Path, Path.Combine(folder, Path.GetFileName(segments[i].Path)));
        }

        List<string> laterSnapshots = SnapshotsFrom(directory, damage.ExpectedSequence);
        if (laterSnapshots.Count > 0)
        {
            string snapshotFolder = Path.Combine(folder, SnapshotStore.FolderName);
            Directory.CreateDirectory(snapshotFolder);
            foreach (string snapshot in laterSnapshots)
            {
                CopyDurably(snapshot, Path.Combine(snapshotFolder, Path.GetFileName(snapshot)));
            }
        }

        var report = new JournalRepairReport
        {
            Directory = directory,
            Damage = damage,
            RestoredSegments = restored,
            RepairFolder = folder,
            LastKeptSequence = damage.ExpectedSequence - 1,
            Quarantined = quarantined,
            Unreadable = Unreadable(damage.ExpectedSequence, quarantined),
            QuarantineFile = Path.Combine(folder, QuarantineFileName),
            ReportFile = Path.Combine(folder, ReportFileName),
        };
        WriteQuarantine(report.QuarantineFile, quarantined);

        // 2. Then the journal: later segments and snapshots out, the damaged segment cut (or out when it cannot be kept).
        for (int i = segments.Count - 1; i > position; i--)
        {
            File.Delete(segments[i].Path);
            removedSegments.Insert(0, segments[i].Path);
        }

        foreach (string snapshot in laterSnapshots)
        {
            File.Delete(snapshot);
            removedSnapshots.Add(snapshot);
        }

        long zeroed = 0;
        if (damage.File is not null && damage.WholeSegment)
        {
            File.Delete(damage.File);
            removedSegments.Insert(0, damage.File);
        }
        else if (damaged is not null)
        {
            truncated = Cut(damaged, zeroFrom, dirtyEnd, directory);
            zeroed = dirtyEnd - zeroFrom;
        }

        FileDurability.SyncDirectory(directory);
        report = report with { TruncatedSegment = truncated, ZeroedBytes = zeroed, RemovedSegments = removedSegments, RemovedSnapshots = removedSnapshots };
        WriteReport(report);
        return report;
    }

    /// <summary>Adds every readable record (plausible length, valid CRC32C) at an aligned offset from <paramref name="from"/> on.</summary>
    private static void Salvage(SegmentContent content, int from, List<QuarantinedRecord> into)
    {
        fixed (byte* bytes = content.Bytes)
        {
            int position = from;
            while (RecordValidator.TryFindRecordAfter(bytes, content.Length, position, long.MinValue, out int found, out long sequence))
            {
                byte* record = bytes + found;
                int length = Unsafe.ReadUnaligned<int>(record + RecordDescriptor.LengthOffset);
                into.Add(new QuarantinedRecord(
                    content.File.Index,
                    found,
                    sequence,
                    Unsafe.ReadUnaligned<int>(record + RecordDescriptor.TemplateIdOffset),
                    Unsafe.ReadUnaligned<long>(record + RecordDescriptor.VenueTimeOffset),
                    Unsafe.ReadUnaligned<long>(record + RecordDescriptor.ReceiveTimeOffset),
                    Unsafe.ReadUnaligned<uint>(record + RecordDescriptor.ChecksumOffset),
                    new ReadOnlySpan<byte>(record + RecordDescriptor.HeaderLength, length - RecordDescriptor.HeaderLength).ToArray()));
                position = found + RecordDescriptor.Align(length);
            }
        }
    }

    /// <summary>The sequences from the damage up to the last quarantined one that no readable record carries.</summary>
    private static List<(long First, long Last)> Unreadable(long from, List<QuarantinedRecord> quarantined)
    {
        var found = new SortedSet<long>();
        foreach (QuarantinedRecord record in quarantined)
        {
            if (record.Sequence >= from)
            {
                found.Add(record.Sequence);
            }
        }

        var gaps = new List<(long First, long Last)>();
        long next = from;
        foreach (long sequence in found)
        {
            if (sequence > next)
            {
                gaps.Add((next, sequence - 1));
            }

            next = sequence + 1;
        }

        if (found.Count == 0)
        {
            gaps.Add((from, from));
        }

        return gaps;
    }

    /// <summary>
    /// Ends the segment at the damage: zeroes its bytes from there (restoring a truncated file's full size), or, for
    /// an archive, replaces it by a plain segment holding what precedes the damage (the archive's copy is kept).
    /// </summary>
    private static string Cut(SegmentContent content, int from, int dirtyEnd, string directory)
    {
        SegmentHeader header = content.Header!.Value;
        if (!content.File.Compressed)
        {
            using var stream = new FileStream(content.File.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            if (stream.Length < header.SegmentSize)
            {
                stream.SetLength(header.SegmentSize);
            }

            if (dirtyEnd > from)
            {
                stream.Position = from;
                stream.Write(new byte[dirtyEnd - from]);
            }

            stream.Flush(flushToDisk: true);
            return content.File.Path;
        }

        string plain = Path.Combine(directory, SegmentDescriptor.FileName(content.File.Index));
        string temporary = plain + SegmentDescriptor.TemporaryFileExtension;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.SetLength(header.SegmentSize);
            stream.Write(content.Bytes, 0, from);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, plain);
        File.Delete(content.File.Path);
        return plain;
    }

    private static List<string> SnapshotsFrom(string directory, long firstLostSequence)
    {
        var later = new List<string>();
        foreach (string path in SnapshotStore.List(directory))
        {
            if (SnapshotStore.TryParseSequence(path, out long sequence) && sequence >= firstLostSequence)
            {
                later.Add(path);
            }
        }

        return later;
    }

    private static FileStream AcquireWriterLock(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: journal directory not found");
        }

        string path = Path.Combine(directory, SegmentDescriptor.WriterLockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"{directory}: the journal is open by a writer ({path} is locked); stop the engine before repairing it", e);
        }
    }

    private static string CreateFolder(string directory, DateTimeOffset now)
    {
        string name = FolderPrefix + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string folder = Path.Combine(directory, name);
        for (int attempt = 2; Directory.Exists(folder); attempt++)
        {
            folder = Path.Combine(directory, name + "-" + attempt.ToString(CultureInfo.InvariantCulture));
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void CopyDurably(string source, string destination)
    {
        File.Copy(source, destination, overwrite: false);
        using var stream = new FileStream(destination, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }

    private static void WriteQuarantine(string path, List<QuarantinedRecord> records)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var writer = new Utf8JsonWriter(stream))
        {
            foreach (QuarantinedRecord record in records)
            {
                writer.Reset(stream);
                writer.WriteStartObject();
                writer.WriteNumber("seq", record.Sequence);
                writer.WriteNumber("segment", record.SegmentIndex);
                writer.WriteNumber("offset", record.Offset);
                writer.WriteNumber("templateId", record.TemplateId);
                writer.WriteNumber("venueTime", record.VenueTime);
                writer.WriteNumber("receiveTime", record.ReceiveTime);
                writer.WriteString("crc32c", record.Checksum.ToString("x8", CultureInfo.InvariantCulture));
                writer.WriteNumber("length", record.Payload.Length);
                writer.WriteString("payload", Convert.ToHexStringLower(record.Payload));
                writer.WriteEndObject();
                writer.Flush();
                stream.WriteByte((byte)'\n');
            }
        }

        stream.Flush(flushToDisk: true);
    }

    private static void WriteReport(JournalRepairReport report)
    {
        using var stream = new FileStream(report.ReportFile!, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            report.WriteJson(writer);
        }

        stream.Flush(flushToDisk: true);
    }
}
