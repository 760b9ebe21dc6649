using Npgsql;

namespace Engine.Journal.Postgres;

/// <summary>
/// The <c>events</c> table: one row per journal record, keyed by sequence. Times stay int64 nanoseconds (a
/// timestamptz keeps only microseconds); <c>events_readable</c> shows them as timestamps for people. The two times are
/// the journal record's: <c>venue_time</c> is its exchange time (the venue's clock, market data only) and
/// <c>receive_time</c> its engine time (the engine's clock); the column names are those of the first schema, kept so
/// existing event stores stay readable.
/// The ledger projections (transfers, balances) arrive with the ledger issue: they need the ledger's decoder.
/// </summary>
public static class EventStoreSchema
{
    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS events (
            seq          bigint PRIMARY KEY,
            template_id  integer NOT NULL,
            name         text    NOT NULL,
            venue_time   bigint  NOT NULL,
            receive_time bigint  NOT NULL,
            payload      bytea   NOT NULL,
            decoded      jsonb,
            crc          bigint  NOT NULL
        );
        CREATE OR REPLACE VIEW events_readable AS
            SELECT seq, name, template_id,
                   to_timestamp(venue_time / 1e9)   AS venue_time,
                   to_timestamp(receive_time / 1e9) AS receive_time,
                   length(payload) AS payload_length, decoded
            FROM events;
        """;

    public const string CopySql =
        "COPY events (seq, template_id, name, venue_time, receive_time, payload, decoded, crc) FROM STDIN (FORMAT BINARY)";

    public static void EnsureCreated(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = new NpgsqlCommand(CreateSql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The highest stored sequence, or -1 when the table is empty.</summary>
    public static long MaxSequence(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = new NpgsqlCommand("SELECT coalesce(max(seq), -1) FROM events", connection);
        return (long)command.ExecuteScalar()!;
    }
}
