using Engine.Core;
using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Npgsql;
using NpgsqlTypes;

namespace Engine.Cli.Auditing;

/// <summary>
/// The ledger projections auditors query with SQL, rebuilt by replaying the journal: <c>ledger_transfers</c> (every
/// accepted transfer, its asset, exact <c>numeric</c> amount at the ledger scale, posting code and the journal
/// sequence of the input that caused it) and <c>ledger_balances</c> (every account's posted and pending totals), plus
/// <c>ledger_projection</c>, one row saying which journal sequence and StateHash the tables show.
/// <para>
/// Idempotent: each run stages the replayed rows with binary COPY and merges them in one transaction; a transfer's
/// immutable fields never change (a row that differs means the tables were built from another journal, and the run
/// is refused), only a pending transfer's state moves on. Running it twice, or after more records were journaled,
/// leaves the tables equal to the ledger at the journal's end.
/// </para>
/// </summary>
public static class LedgerProjection
{
    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS ledger_transfers (
            transfer_id    bigint  PRIMARY KEY,
            debit_account  integer NOT NULL,
            credit_account integer NOT NULL,
            asset          text    NOT NULL,
            amount         numeric NOT NULL,
            code           integer NOT NULL,
            code_name      text    NOT NULL,
            flags          integer NOT NULL,
            state          text    NOT NULL,
            timestamp      bigint  NOT NULL,
            cause_sequence bigint  NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger_balances (
            account         integer PRIMARY KEY,
            owner_kind      text    NOT NULL,
            owner_id        integer NOT NULL,
            asset           text    NOT NULL,
            type            text    NOT NULL,
            debits_posted   numeric NOT NULL,
            credits_posted  numeric NOT NULL,
            debits_pending  numeric NOT NULL,
            credits_pending numeric NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger_projection (
            id            integer PRIMARY KEY CHECK (id = 1),
            last_sequence bigint  NOT NULL,
            state_hash    text    NOT NULL
        );
        """;

    private const string StageSql = """
        CREATE TEMP TABLE stage_transfers (LIKE ledger_transfers) ON COMMIT DROP;
        CREATE TEMP TABLE stage_balances (LIKE ledger_balances) ON COMMIT DROP;
        """;

    private const string ConflictSql = """
        SELECT s.transfer_id FROM stage_transfers s JOIN ledger_transfers t USING (transfer_id)
        WHERE (t.debit_account, t.credit_account, t.asset, t.amount, t.code, t.flags, t.timestamp, t.cause_sequence)
              IS DISTINCT FROM (s.debit_account, s.credit_account, s.asset, s.amount, s.code, s.flags, s.timestamp, s.cause_sequence)
        ORDER BY s.transfer_id LIMIT 1
        """;

    private const string ExtraSql = """
        SELECT t.transfer_id FROM ledger_transfers t LEFT JOIN stage_transfers s USING (transfer_id)
        WHERE s.transfer_id IS NULL ORDER BY t.transfer_id LIMIT 1
        """;

    private const string MergeSql = """
        INSERT INTO ledger_transfers SELECT * FROM stage_transfers
        ON CONFLICT (transfer_id) DO UPDATE SET state = EXCLUDED.state WHERE ledger_transfers.state IS DISTINCT FROM EXCLUDED.state;
        INSERT INTO ledger_balances SELECT * FROM stage_balances
        ON CONFLICT (account) DO UPDATE SET
            owner_kind = EXCLUDED.owner_kind, owner_id = EXCLUDED.owner_id, asset = EXCLUDED.asset, type = EXCLUDED.type,
            debits_posted = EXCLUDED.debits_posted, credits_posted = EXCLUDED.credits_posted,
            debits_pending = EXCLUDED.debits_pending, credits_pending = EXCLUDED.credits_pending;
        INSERT INTO ledger_projection (id, last_sequence, state_hash) VALUES (1, @sequence, @hash)
        ON CONFLICT (id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, state_hash = EXCLUDED.state_hash;
        """;

    /// <summary>Writes the projections of <paramref name="replay"/>; returns the transfers and accounts merged.</summary>
    public static (long Transfers, long Accounts) Write(AuditedReplay replay, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(replay);
        BusinessLogicProcessor processor = replay.Processor;
        Engine.Ledger.Ledger ledger = processor.Ledger;
        AssetTable assets = processor.Assets;
        int scale = assets.Scale;
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute(connection, null, CreateSql);
        using NpgsqlTransaction transaction = connection.BeginTransaction();

        // The projection is rebuilt under one lock, so two concurrent runs cannot interleave their merges.
        Execute(connection, transaction, "LOCK TABLE ledger_transfers, ledger_balances, ledger_projection IN EXCLUSIVE MODE");
        Execute(connection, transaction, StageSql);
        using (NpgsqlBinaryImporter copy = connection.BeginBinaryImport(
            "COPY stage_transfers (transfer_id, debit_account, credit_account, asset, amount, code, code_name, flags, state, timestamp, cause_sequence) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < ledger.TransferCount; i++)
            {
                StoredTransfer stored = ledger.TransferAt(i);
                copy.StartRow();
                copy.Write(stored.Transfer.Id.Value, NpgsqlDbType.Bigint);
                copy.Write(stored.DebitAccount.Value, NpgsqlDbType.Integer);
                copy.Write(stored.CreditAccount.Value, NpgsqlDbType.Integer);
                copy.Write(assets.CodeOf(ledger.KeyOf(stored.DebitAccount).Asset), NpgsqlDbType.Text);
                copy.Write(ToDecimal(stored.Amount, scale), NpgsqlDbType.Numeric);
                copy.Write((int)stored.Transfer.Code, NpgsqlDbType.Integer);
                copy.Write(LedgerReport.CodeName(stored.Transfer.Code), NpgsqlDbType.Text);
                copy.Write((int)stored.Transfer.Flags, NpgsqlDbType.Integer);
                copy.Write(stored.State.ToString(), NpgsqlDbType.Text);
                copy.Write(stored.TimestampNanos, NpgsqlDbType.Bigint);
                copy.Write(LedgerReport.CauseSequence(stored.Transfer.Id), NpgsqlDbType.Bigint);
            }

            copy.Complete();
        }

        using (NpgsqlBinaryImporter copy = connection.BeginBinaryImport(
            "COPY stage_balances (account, owner_kind, owner_id, asset, type, debits_posted, credits_posted, debits_pending, credits_pending) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 1; i <= ledger.AccountCount; i++)
            {
                var id = new LedgerAccountId(i);
                AccountKey key = ledger.KeyOf(id);
                AccountBalance balance = ledger.BalanceOf(id);
                copy.StartRow();
                copy.Write(i, NpgsqlDbType.Integer);
                copy.Write(LedgerReport.OwnerName(key.Owner.Kind), NpgsqlDbType.Text);
                copy.Write(key.Owner.Id, NpgsqlDbType.Integer);
                copy.Write(assets.CodeOf(key.Asset), NpgsqlDbType.Text);
                copy.Write(LedgerReport.TypeName(key.Type), NpgsqlDbType.Text);
                copy.Write(ToDecimal(balance.DebitsPosted, scale), NpgsqlDbType.Numeric);
                copy.Write(ToDecimal(balance.CreditsPosted, scale), NpgsqlDbType.Numeric);
                copy.Write(ToDecimal(balance.DebitsPending, scale), NpgsqlDbType.Numeric);
                copy.Write(ToDecimal(balance.CreditsPending, scale), NpgsqlDbType.Numeric);
            }

            copy.Complete();
        }

        if (Scalar(connection, transaction, ConflictSql) is long differing)
        {
            throw new CommandFailedException(
                $"ledger_transfers holds transfer {differing} with other values than the journal's: the projection was built from another journal (use another database, or drop the ledger_* tables)");
        }

        if (Scalar(connection, transaction, ExtraSql) is long extra)
        {
            throw new CommandFailedException(
                $"ledger_transfers holds transfer {extra}, which replaying the journal does not produce: the projection was built from another (or a longer) journal");
        }

        using (var merge = new NpgsqlCommand(MergeSql, connection, transaction))
        {
            merge.Parameters.AddWithValue("sequence", replay.Result.LastSequence);
            merge.Parameters.AddWithValue("hash", replay.Result.StateHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            merge.ExecuteNonQuery();
        }

        transaction.Commit();
        return (ledger.TransferCount, ledger.AccountCount);
    }

    /// <summary>A ledger amount as an exact decimal (units x 10^-scale; the ledger scale is at most 18, within decimal's 28).</summary>
    public static decimal ToDecimal(long units, int scale)
    {
        ulong magnitude = units < 0 ? (ulong)-(Int128)units : (ulong)units;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, units < 0, (byte)scale);
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static long? Scalar(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        object? value = command.ExecuteScalar();
        return value is long number ? number : null;
    }
}
