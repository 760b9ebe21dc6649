using Engine.Journal.Reading;
using Npgsql;

namespace Engine.Journal.Postgres;

/// <summary>
/// Proves the event store matches the journal: counts, gaps and duplicates by SQL, then every stored row compared
/// column by column with the journal record of the same sequence (streamed, so any size fits in memory).
/// Read-only on both sides.
/// </summary>
public static class EventStoreVerifier
{
    public static EventStoreVerification Verify(string journalDirectory, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        ArgumentNullException.ThrowIfNull(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        EventStoreSchema.EnsureCreated(connection);
        long count;
        long distinct;
        long first;
        long last;
        using (var summary = new NpgsqlCommand("SELECT count(*), count(DISTINCT seq), coalesce(min(seq), -1), coalesce(max(seq), -1) FROM events", connection))
        using (NpgsqlDataReader row = summary.ExecuteReader())
        {
            row.Read();
            count = row.GetInt64(0);
            distinct = row.GetInt64(1);
            first = row.GetInt64(2);
            last = row.GetInt64(3);
        }

        long gaps = count == 0 ? 0 : (last - first + 1) - distinct;
        using JournalReader journal = JournalReader.Open(journalDirectory);
        long journalFirst = -1;
        if (journal.TryRead(out JournalRecord head))
        {
            journalFirst = head.Sequence;
        }

        long matched = 0;
        string? mismatch = null;
        if (count > 0)
        {
            long start = Math.Max(first, journalFirst);
            if (journalFirst < 0 || !journal.Seek(start))
            {
                mismatch = $"the event store holds sequences {first}..{last} but the journal has none of them";
            }
            else
            {
                using var rows = new NpgsqlCommand(
                    "SELECT seq, template_id, venue_time, receive_time, payload, crc FROM events WHERE seq >= $1 ORDER BY seq", connection);
                rows.Parameters.Add(new NpgsqlParameter { Value = start, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
                using NpgsqlDataReader reader = rows.ExecuteReader();
                while (mismatch is null && reader.Read())
                {
                    long sequence = reader.GetInt64(0);
                    if (!journal.TryRead(out JournalRecord record))
                    {
                        mismatch = $"the event store holds sequence {sequence} but the journal ends at {journal.NextSequence - 1}";
                        break;
                    }

                    mismatch = Compare(record, sequence, reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<byte[]>(4), reader.GetInt64(5));
                    if (mismatch is null)
                    {
                        matched++;
                    }
                }
            }
        }

        long journalLast = journalFirst;
        while (journal.TryRead(out JournalRecord rest))
        {
            journalLast = rest.Sequence;
        }

        journalLast = Math.Max(journalLast, journal.NextSequence - 1);
        return new EventStoreVerification
        {
            JournalFirst = journalFirst,
            JournalLast = journalFirst < 0 ? -1 : journalLast,
            StoredCount = count,
            StoredFirst = first,
            StoredLast = last,
            Gaps = gaps,
            Duplicates = count - distinct,
            Matched = matched,
            FirstMismatch = mismatch,
        };
    }

    private static string? Compare(JournalRecord record, long sequence, int templateId, long exchangeTime, long engineTime, byte[] payload, long crc)
    {
        if (record.Sequence != sequence)
        {
            return $"the event store has sequence {sequence} where the journal has {record.Sequence} (a gap in the store)";
        }

        if (record.TemplateId != templateId || record.ExchangeTime != exchangeTime || record.EngineTime != engineTime ||
            record.Checksum != crc || !record.Payload.SequenceEqual(payload))
        {
            return $"record {sequence} differs between the event store and the journal (template {templateId} vs {record.TemplateId}, " +
                   $"CRC32C 0x{crc:X8} vs 0x{record.Checksum:X8}, payload {payload.Length} vs {record.Payload.Length} bytes)";
        }

        return null;
    }
}
