using System.Buffers.Binary;
using System.Globalization;
using Engine.Journal.Durability;
using Engine.Journal.Format;

namespace Engine.Journal.Snapshots;

/// <summary>
/// Snapshots of the engine's state beside its journal (<c>&lt;journal&gt;/snapshots/snapshot-&lt;sequence&gt;.snap</c>).
/// The store moves opaque bytes (the journal never sees domain types): a 40-byte header (magic <c>ENGSNAP1</c>,
/// format version, journal sequence, state hash, payload length, payload CRC32C) and the payload. A snapshot is
/// written to a temporary file, fsynced and renamed into place, so a crash leaves either the whole file or none;
/// a damaged one is skipped with the reason, and recovery falls back to an older one or to the journal's start.
/// Used by the engine's controlling thread (start-up, shutdown) and the BLP thread (snapshot requests).
/// </summary>
public static class SnapshotStore
{
    public const string FolderName = "snapshots";
    public const int FormatVersion = 1;
    private const int HeaderLength = 40;
    private const string Extension = ".snap";
    private static ReadOnlySpan<byte> Magic => "ENGSNAP1"u8;

    public static string Folder(string journalDirectory) => Path.Combine(journalDirectory, FolderName);

    /// <summary>Writes a snapshot durably and keeps only the newest <paramref name="keep"/>; returns its path.</summary>
    public static string Write(string journalDirectory, long sequence, ulong stateHash, ReadOnlySpan<byte> payload, int keep = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        string folder = Folder(journalDirectory);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName(sequence));
        string temporary = path + ".tmp";
        byte[] header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12), sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(20), stateHash);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(32), RecordChecksum.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(36), RecordChecksum.Compute(header.AsSpan(0, 36)));
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(header);
            stream.Write(payload);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        if (FileDurability.IsSupported)
        {
            FileDurability.SyncDirectory(folder);
        }

        string[] all = List(journalDirectory);
        for (int i = 0; i < all.Length - keep; i++)
        {
            File.Delete(all[i]);
        }

        return path;
    }

    /// <summary>
    /// The newest snapshot taken at or before <paramref name="maxSequence"/> that reads back intact, or null;
    /// each snapshot skipped and why goes to <paramref name="skipped"/>.
    /// </summary>
    public static SnapshotFile? TryLoadNewest(string journalDirectory, long maxSequence, ICollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        string[] all = List(journalDirectory);
        for (int i = all.Length - 1; i >= 0; i--)
        {
            string? problem = TryRead(all[i], out SnapshotFile? snapshot);
            if (problem is not null)
            {
                skipped.Add($"{all[i]}: {problem}");
                continue;
            }

            if (snapshot!.Sequence > maxSequence)
            {
                skipped.Add($"{all[i]}: taken after sequence {snapshot.Sequence}, beyond the journal's last record {maxSequence}");
                continue;
            }

            return snapshot;
        }

        return null;
    }

    /// <summary>The snapshot files, oldest first.</summary>
    public static string[] List(string journalDirectory)
    {
        string folder = Folder(journalDirectory);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        string[] files = Directory.GetFiles(folder, "snapshot-*" + Extension);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>The journal sequence a snapshot file was taken after, read from its name (false for other files).</summary>
    public static bool TryParseSequence(string path, out long sequence)
    {
        string name = Path.GetFileName(path);
        sequence = -1;
        return name.StartsWith("snapshot-", StringComparison.Ordinal) && name.EndsWith(Extension, StringComparison.Ordinal) &&
            long.TryParse(name.AsSpan(9, name.Length - 9 - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    private static string FileName(long sequence) => "snapshot-" + sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    private static string? TryRead(string path, out SnapshotFile? snapshot)
    {
        snapshot = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            return e.Message;
        }

        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            return "not a snapshot file";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(36)) != RecordChecksum.Compute(bytes.AsSpan(0, 36)))
        {
            return "header checksum mismatch";
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != FormatVersion)
        {
            return $"format version {version}, this build reads {FormatVersion}";
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28));
        if (length < 0 || HeaderLength + (long)length != bytes.Length)
        {
            return $"payload of {length} bytes does not match the file size {bytes.Length}";
        }

        byte[] payload = bytes.AsSpan(HeaderLength).ToArray();
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(32)) != RecordChecksum.Compute(payload))
        {
            return "payload checksum mismatch";
        }

        snapshot = new SnapshotFile(path, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(20)), payload);
        return null;
    }
}
