using System.Buffers;
using System.Text.Json;
using Engine.Journal.Decoding;
using Engine.Journal.Reading;
using Engine.Journal.Segments;

namespace Engine.Journal.Verification;

/// <summary>
/// Checks a journal independently of the engine: every segment header, every record's CRC32C, the continuity of
/// sequences across segments, and that every record decodes. Damage throws
/// <see cref="Format.JournalCorruptionException"/> or <see cref="Format.JournalFormatException"/> (file, offset,
/// sequence); a torn tail is reported, not thrown (the next writer truncates it). Read-only.
/// </summary>
public static class JournalVerifier
{
    public static VerificationReport Verify(string directory, IRecordDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        decoder ??= TemplateIdRecordDecoder.Instance;
        var byTemplate = new SortedDictionary<int, long>();
        var json = new ArrayBufferWriter<byte>(1024);
        using var jsonWriter = new Utf8JsonWriter(json);
        long records = 0;
        long first = -1;
        long last = -1;
        long bytes = 0;
        long firstVenue = 0;
        long lastVenue = 0;
        long undecoded = 0;
        using JournalReader reader = JournalReader.Open(directory);
        IReadOnlyList<SegmentFile> segments = reader.Segments;
        while (reader.TryRead(out JournalRecord record))
        {
            if (records == 0)
            {
                first = record.Sequence;
                firstVenue = record.ExchangeTime;
            }

            records++;
            last = record.Sequence;
            lastVenue = record.ExchangeTime;
            bytes += record.Payload.Length;
            byTemplate[record.TemplateId] = byTemplate.GetValueOrDefault(record.TemplateId) + 1;
            json.ResetWrittenCount();
            jsonWriter.Reset(json);
            bool decoded;
            try
            {
                decoded = decoder.TryWriteJson(record.TemplateId, record.Payload, jsonWriter);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw new InvalidDataException(
                    $"{directory}: record {record.Sequence} (template {record.TemplateId}, segment {record.Position.SegmentIndex}, offset {record.Position.Offset}) does not decode: {e.Message}", e);
            }

            if (!decoded)
            {
                undecoded++;
            }
        }

        int compressed = 0;
        foreach (SegmentFile segment in segments)
        {
            if (segment.Compressed)
            {
                compressed++;
            }
        }

        return new VerificationReport
        {
            Directory = directory,
            Segments = segments.Count,
            CompressedSegments = compressed,
            Records = records,
            FirstSequence = first,
            LastSequence = last,
            PayloadBytes = bytes,
            FirstVenueTime = firstVenue,
            LastVenueTime = lastVenue,
            RecordsByTemplate = byTemplate,
            Undecoded = undecoded,
            TornTail = reader.TornTail,
        };
    }
}
