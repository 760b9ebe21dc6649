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
        long earliestVenue = long.MaxValue;
        long latestVenue = long.MinValue;
        long venueTimed = 0;
        long firstEngine = 0;
        long lastEngine = 0;
        long undecoded = 0;
        using JournalReader reader = JournalReader.Open(directory);
        IReadOnlyList<SegmentFile> segments = reader.Segments;
        while (reader.TryRead(out JournalRecord record))
        {
            if (records == 0)
            {
                first = record.Sequence;
                firstEngine = record.EngineTime;
            }

            records++;
            last = record.Sequence;
            lastEngine = record.EngineTime;
            if (record.ExchangeTime != 0)
            {
                // Venues' clocks are not ordered across venues (nor always within one), so the range is min..max.
                venueTimed++;
                earliestVenue = Math.Min(earliestVenue, record.ExchangeTime);
                latestVenue = Math.Max(latestVenue, record.ExchangeTime);
            }

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
            EarliestVenueTime = venueTimed == 0 ? 0 : earliestVenue,
            LatestVenueTime = venueTimed == 0 ? 0 : latestVenue,
            VenueTimedRecords = venueTimed,
            FirstEngineTime = firstEngine,
            LastEngineTime = lastEngine,
            RecordsByTemplate = byTemplate,
            Undecoded = undecoded,
            TornTail = reader.TornTail,
        };
    }
}
