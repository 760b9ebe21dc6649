using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Core;
using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;

namespace Engine.Cli.Auditing;

/// <summary>
/// What <c>engine journal ledger</c> prints: the per-asset trial balance, every account's balances and (in JSON)
/// every transfer, from a ledger rebuilt by replay. Amounts are exact decimals at the ledger scale; assets are named
/// by their codes (<see cref="AssetTable"/>); accounts are ordered by ledger id, transfers in applied order, assets
/// by id, so the same journal always prints the same bytes.
/// </summary>
public static class LedgerReport
{
    // Transfers are streamed: the JSON writer's buffer is handed to the output every this many transfers, so a
    // journal of millions of transfers never holds its whole document in memory.
    private const int FlushEveryTransfers = 4096;

    public static void WriteText(TextWriter output, BusinessLogicProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(processor);
        Ledger.Ledger ledger = processor.Ledger;
        AssetTable assets = processor.Assets;
        int scale = assets.Scale;
        TrialBalance trial = ledger.ComputeTrialBalance();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ledger: {ledger.AccountCount} accounts, {ledger.TransferCount} transfers, amounts at {scale} decimals"));
        output.WriteLine("trial balance:");
        output.WriteLine($"  {"asset",-24} {"debits posted",24} {"credits posted",24} {"debits pending",24} {"credits pending",24}");
        foreach ((AssetId asset, TrialBalance.AssetTotals totals) in trial.Totals)
        {
            output.WriteLine(
                $"  {assets.CodeOf(asset),-24} {LedgerAmounts.Format(totals.DebitsPosted, scale),24} {LedgerAmounts.Format(totals.CreditsPosted, scale),24} " +
                $"{LedgerAmounts.Format(totals.DebitsPending, scale),24} {LedgerAmounts.Format(totals.CreditsPending, scale),24}  {(totals.IsBalanced ? "balanced" : "NOT BALANCED")}");
        }

        output.WriteLine("client accounts (balance = credits posted - debits posted; available = balance - debits pending):");
        output.WriteLine($"  {"account",-8} {"asset",-24} {"type",-12} {"balance",24} {"available",24} {"debits pending",24} {"credits pending",24}");
        for (int i = 1; i <= ledger.AccountCount; i++)
        {
            var id = new LedgerAccountId(i);
            AccountKey key = ledger.KeyOf(id);
            if (key.Owner.Kind != OwnerKind.Client)
            {
                continue;
            }

            AccountBalance balance = ledger.BalanceOf(id);
            output.WriteLine(
                $"  {key.Owner.Id.ToString(CultureInfo.InvariantCulture),-8} {assets.CodeOf(key.Asset),-24} {TypeName(key.Type),-12} " +
                $"{LedgerAmounts.Format((Int128)balance.CreditsPosted - balance.DebitsPosted, scale),24} " +
                $"{LedgerAmounts.Format((Int128)balance.CreditsPosted - balance.DebitsPosted - balance.DebitsPending, scale),24} " +
                $"{LedgerAmounts.Format(balance.DebitsPending, scale),24} {LedgerAmounts.Format(balance.CreditsPending, scale),24}");
        }

        output.WriteLine($"trial balance: {(trial.IsBalanced ? "zero" : "NOT ZERO")}");
    }

    /// <summary>One JSON document: <c>ledgerScale</c>, <c>balanced</c>, <c>trialBalance</c>, <c>accounts</c>, <c>transfers</c>.</summary>
    public static void WriteJson(TextWriter output, BusinessLogicProcessor processor, long lastSequence, ulong stateHash)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(processor);
        Ledger.Ledger ledger = processor.Ledger;
        AssetTable assets = processor.Assets;
        int scale = assets.Scale;
        TrialBalance trial = ledger.ComputeTrialBalance();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("lastSequence", lastSequence);
            json.WriteString("stateHash", stateHash.ToString("x16", CultureInfo.InvariantCulture));
            json.WriteNumber("ledgerScale", scale);
            json.WriteBoolean("balanced", trial.IsBalanced);

            json.WriteStartObject("trialBalance");
            foreach ((AssetId asset, TrialBalance.AssetTotals totals) in trial.Totals)
            {
                json.WriteStartObject(assets.CodeOf(asset));
                json.WriteString("debits", LedgerAmounts.Format(totals.DebitsPosted, scale));
                json.WriteString("credits", LedgerAmounts.Format(totals.CreditsPosted, scale));
                json.WriteString("debitsPending", LedgerAmounts.Format(totals.DebitsPending, scale));
                json.WriteString("creditsPending", LedgerAmounts.Format(totals.CreditsPending, scale));
                json.WriteBoolean("balanced", totals.IsBalanced);
                json.WriteEndObject();
            }

            json.WriteEndObject();

            json.WriteStartArray("accounts");
            for (int i = 1; i <= ledger.AccountCount; i++)
            {
                var id = new LedgerAccountId(i);
                AccountKey key = ledger.KeyOf(id);
                AccountBalance balance = ledger.BalanceOf(id);
                json.WriteStartObject();
                json.WriteNumber("id", i);
                json.WriteString("ownerKind", OwnerName(key.Owner.Kind));
                json.WriteNumber("ownerId", key.Owner.Id);
                json.WriteString("asset", assets.CodeOf(key.Asset));
                json.WriteString("type", TypeName(key.Type));
                json.WriteString("debitsPosted", LedgerAmounts.Format(balance.DebitsPosted, scale));
                json.WriteString("creditsPosted", LedgerAmounts.Format(balance.CreditsPosted, scale));
                json.WriteString("debitsPending", LedgerAmounts.Format(balance.DebitsPending, scale));
                json.WriteString("creditsPending", LedgerAmounts.Format(balance.CreditsPending, scale));
                json.WriteString("balance", LedgerAmounts.Format((Int128)balance.CreditsPosted - balance.DebitsPosted, scale));
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("transfers");
            for (int i = 0; i < ledger.TransferCount; i++)
            {
                ref readonly StoredTransfer stored = ref ledger.TransferAt(i);
                json.WriteStartObject();
                json.WriteNumber("id", stored.Transfer.Id.Value);
                json.WriteNumber("debitAccount", stored.DebitAccount.Value);
                json.WriteNumber("creditAccount", stored.CreditAccount.Value);
                json.WriteString("asset", assets.CodeOf(ledger.KeyOf(stored.DebitAccount).Asset));
                json.WriteString("amount", LedgerAmounts.Format(stored.Amount, scale));
                json.WriteNumber("code", stored.Transfer.Code);
                json.WriteString("codeName", CodeName(stored.Transfer.Code));
                json.WriteNumber("flags", (int)stored.Transfer.Flags);
                json.WriteString("state", stored.State.ToString());
                json.WriteNumber("timestamp", stored.TimestampNanos);
                json.WriteNumber("causeSequence", CauseSequence(stored.Transfer.Id));
                json.WriteEndObject();
                if (i % FlushEveryTransfers == FlushEveryTransfers - 1)
                {
                    Drain(json, buffer, output);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            Drain(json, buffer, output);
        }

        output.WriteLine();
    }

    /// <summary>The journal sequence of the input that caused a transfer (see <see cref="TransferIds"/>).</summary>
    public static long CauseSequence(TransferId id) => TransferIds.CauseSequence(id);

    public static string OwnerName(OwnerKind kind) => kind switch
    {
        OwnerKind.Client => "client",
        OwnerKind.Venue => "venue",
        OwnerKind.World => "world",
        _ => "unknown",
    };

    public static string TypeName(AccountType type) => type switch
    {
        AccountType.Cash => "cash",
        AccountType.Position => "position",
        AccountType.Fees => "fees",
        AccountType.RealisedPnL => "realised-pnl",
        AccountType.Margin => "margin",
        AccountType.FundingPnL => "funding-pnl",
        _ => "unknown",
    };

    public static string CodeName(ushort code) => Enum.IsDefined((PostingCode)code) ? ((PostingCode)code).ToString() : "unknown";

    private static void Drain(Utf8JsonWriter json, MemoryStream buffer, TextWriter output)
    {
        json.Flush();
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        buffer.SetLength(0);
    }
}
