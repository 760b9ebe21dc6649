using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Journal.Repair;

/// <summary>What <see cref="JournalRepair"/> found and did: where the journal now ends, and exactly what it lost.</summary>
public sealed record JournalRepairReport
{
    public required string Directory { get; init; }

    /// <summary>The first damage; null when the journal needed no repair (nothing was changed).</summary>
    public JournalDamage? Damage { get; init; }

    /// <summary>The folder holding the original bytes, the quarantine and this report; null when nothing was changed.</summary>
    public string? RepairFolder { get; init; }

    /// <summary>The last sequence the journal still holds (the one before the damage); -1 when it holds none.</summary>
    public long LastKeptSequence { get; init; } = -1;

    /// <summary>The segment truncated at the damage (its original copied into <see cref="RepairFolder"/>), or null.</summary>
    public string? TruncatedSegment { get; init; }

    /// <summary>Bytes zeroed in <see cref="TruncatedSegment"/> from the damage's offset on.</summary>
    public long ZeroedBytes { get; init; }

    /// <summary>Segments taken out of the journal whole (moved into <see cref="RepairFolder"/>).</summary>
    public IReadOnlyList<string> RemovedSegments { get; init; } = [];

    /// <summary>Snapshots of state that included lost records (moved into <see cref="RepairFolder"/>).</summary>
    public IReadOnlyList<string> RemovedSnapshots { get; init; } = [];

    /// <summary>Closed segments cut short only after their end marker, restored to their full size (nothing lost).</summary>
    public IReadOnlyList<string> RestoredSegments { get; init; } = [];

    /// <summary>Readable records after the damage, in the order found, written to <see cref="QuarantineFile"/>.</summary>
    public IReadOnlyList<QuarantinedRecord> Quarantined { get; init; } = [];

    /// <summary>Sequence ranges (inclusive) from the damage on of which no readable record was found.</summary>
    public IReadOnlyList<(long First, long Last)> Unreadable { get; init; } = [];

    public string? QuarantineFile { get; init; }

    public string? ReportFile { get; init; }

    public bool Repaired => Damage is not null;

    /// <summary>The first and last sequence taken out of the journal (the damage's up to the last quarantined one).</summary>
    public (long First, long Last) LostRange
    {
        get
        {
            if (Damage is null)
            {
                return (0, -1);
            }

            long last = Damage.ExpectedSequence;
            foreach (QuarantinedRecord record in Quarantined)
            {
                last = Math.Max(last, record.Sequence);
            }

            return (Damage.ExpectedSequence, last);
        }
    }

    /// <summary>The report a person reads: one fact per line.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (string segment in RestoredSegments)
        {
            yield return $"restored: {segment} to its full size (it was cut short after its last record; nothing lost)";
        }

        if (Damage is not { } damage)
        {
            yield return RestoredSegments.Count == 0
                ? $"journal {Directory}: no damage found; nothing changed"
                : $"journal {Directory}: no damage found";
            yield break;
        }

        string where = damage.WholeSegment
            ? $"segment {damage.SegmentIndex} ({damage.File ?? "missing"})"
            : $"{damage.File} at offset {damage.Offset}";
        yield return $"journal {Directory}: damage in {where}, expected sequence {damage.ExpectedSequence}: {damage.Reason}";
        yield return LastKeptSequence < 0 ? "kept: no record" : $"kept: every record up to sequence {LastKeptSequence}";
        (long first, long last) = LostRange;
        yield return $"lost from the journal: sequences {first}..{last} and anything after them the damage hid";
        yield return Quarantined.Count == 0
            ? $"quarantined: none (no readable record follows the damage; sequence {first} may never have been written completely)"
            : $"quarantined: {Quarantined.Count} readable records (sequences {Ranges(Quarantined.Select(r => (r.Sequence, r.Sequence)))}) in {QuarantineFile}";
        yield return Unreadable.Count == 0 ? "unreadable: none" : $"unreadable: sequences {Ranges(Unreadable)}";
        if (TruncatedSegment is not null)
        {
            yield return $"truncated: {TruncatedSegment} at offset {damage.Offset} ({ZeroedBytes} bytes zeroed; the original is in {RepairFolder})";
        }

        foreach (string segment in RemovedSegments)
        {
            yield return $"removed segment: {segment} (moved to {RepairFolder})";
        }

        foreach (string snapshot in RemovedSnapshots)
        {
            yield return $"removed snapshot: {snapshot} (state after a lost record; moved to {RepairFolder})";
        }

        yield return $"report: {ReportFile}";
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("directory", Directory);
        if (Damage is { } damage)
        {
            writer.WriteStartObject("damage");
            writer.WriteNumber("segmentIndex", damage.SegmentIndex);
            writer.WriteString("file", damage.File);
            writer.WriteNumber("offset", damage.Offset);
            writer.WriteNumber("expectedSequence", damage.ExpectedSequence);
            writer.WriteString("reason", damage.Reason);
            writer.WriteBoolean("wholeSegment", damage.WholeSegment);
            writer.WriteEndObject();
            (long first, long last) = LostRange;
            writer.WriteNumber("lastKeptSequence", LastKeptSequence);
            writer.WriteStartObject("lost");
            writer.WriteNumber("firstSequence", first);
            writer.WriteNumber("lastSequence", last);
            writer.WriteNumber("quarantinedRecords", Quarantined.Count);
            writer.WriteStartArray("unreadableSequences");
            foreach ((long from, long to) in Unreadable)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(from);
                writer.WriteNumberValue(to);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString("truncatedSegment", TruncatedSegment);
            writer.WriteNumber("zeroedBytes", ZeroedBytes);
            WriteStrings(writer, "removedSegments", RemovedSegments);
            WriteStrings(writer, "removedSnapshots", RemovedSnapshots);
            WriteStrings(writer, "restoredSegments", RestoredSegments);
            writer.WriteString("repairFolder", RepairFolder);
            writer.WriteString("quarantineFile", QuarantineFile);
        }
        else
        {
            writer.WriteNull("damage");
        }

        writer.WriteEndObject();
    }

    /// <summary>"3..5, 9" for the inclusive ranges given in order.</summary>
    internal static string Ranges(IEnumerable<(long First, long Last)> ranges)
    {
        var text = new StringBuilder();
        long start = 0;
        long end = -2;
        foreach ((long first, long last) in ranges)
        {
            if (first == end + 1 && end >= start)
            {
                end = last;
                continue;
            }

            Append(text, start, end);
            start = first;
            end = last;
        }

        Append(text, start, end);
        return text.ToString();

        static void Append(StringBuilder text, long start, long end)
        {
            if (end < start)
            {
                return;
            }

            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(start == end
                ? start.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start}..{end}"));
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
