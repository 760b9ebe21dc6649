using System.Globalization;
using System.Text.Json;
using Engine.Core;
using Engine.Host;
using Engine.Journal.Format;
using Engine.Journal.Maintenance;
using Engine.Journal.Reading;
using Engine.Journal.Writing;
using Engine.Ledger.Accounts;
using Engine.Primitives;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine journal replay</c> and <c>engine journal ledger</c>, run as the real <c>engine</c> process over real
/// journals of SBE inputs written the way the engine journals a session (see <see cref="SessionJournal"/>).
/// </summary>
[TestFixture]
public sealed class JournalReplayCommandTests
{
    private TemporaryDirectory _temporary = null!;
    private string _root = string.Empty;

    [SetUp]
    public void CreateRoot()
    {
        _temporary = new TemporaryDirectory("engine-cli-replay");
        _root = _temporary.Path;
    }

    [TearDown]
    public void DeleteRoot() => _temporary.Dispose();

    [Test]
    public void Replay_SessionJournal_PrintsTheInProcessStateHash_TwiceInARow()
    {
        (string journal, ulong live, long fills) = WriteSession(books: 3000);
        Assert.That(fills, Is.GreaterThan(0), "the session should have filled some quotes");
        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(journal));
        JournalReplayer.Result inProcess = JournalReplayer.Replay(journal, recorded, new JournalReplayer.CountingOutput());
        Assert.That(inProcess.StateHash, Is.EqualTo(live), "an in-process replay reproduces the live BLP");
        string expected = "StateHash: " + live.ToString("x16", CultureInfo.InvariantCulture);

        EngineRun first = EngineProcess.Run("journal", "replay", journal);
        EngineRun second = EngineProcess.Run("journal", "replay", journal);

        foreach (EngineRun run in new[] { first, second })
        {
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            string[] lines = run.StandardOutput.TrimEnd().Split('\n');
            Assert.That(lines[^1].TrimEnd(), Is.EqualTo(expected));
            Assert.That(run.StandardOutput, Does.Contain($"records: {inProcess.Records} (last sequence {inProcess.LastSequence})"));
            Assert.That(run.StandardOutput, Does.Contain($"fills: {fills};").And.Contain("market data 3000").And.Contain("trial balance zero"));
        }
    }

    [Test]
    public void Replay_JournalWithLz4ArchivedSegments_ReproducesTheLiveStateHash()
    {
        (string journal, ulong live, _) = WriteSession(books: 12_000);
        int archived = JournalMaintenance.CompressClosedSegments(journal);
        Assert.That(Directory.GetFiles(journal, "*.lz4"), Is.Not.Empty, $"the session should span several 1 MiB segments ({archived} archived)");

        EngineRun run = EngineProcess.Run("journal", "replay", journal);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput.TrimEnd(), Does.EndWith("StateHash: " + live.ToString("x16", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Replay_TornTail_IsReported_AndTheRecordsBeforeItReplay()
    {
        (string journal, _, _) = WriteSession(books: 200);
        long records = 0;
        JournalPosition last = default;
        using (JournalReader reader = JournalReader.Open(journal))
        {
            while (reader.TryRead(out JournalRecord record))
            {
                records++;
                last = record.Position;
            }
        }

        // Damage the last record's payload: a bad CRC at the very end is a crashed writer's unacknowledged record.
        using (var stream = new FileStream(Path.Combine(journal, SegmentDescriptor.FileName(last.SegmentIndex)), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = last.Offset + RecordDescriptor.HeaderLength + 2;
            int value = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(value ^ 0xFF));
        }

        EngineRun run = EngineProcess.Run("journal", "replay", journal);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain($"records: {records - 1} (last sequence {records - 1})").And.Contain("torn tail: "));
    }

    [Test]
    public void Replay_WithExplicitConfig_UsesIt_AndMatches()
    {
        using SessionJournal session = SessionJournal.Create(_root);
        session.Trade(books: 500, seed: 3);
        ulong live = session.Processor.StateHash();

        EngineRun run = EngineProcess.Run("journal", "replay", session.Directory, "--config", session.ConfigSourceFile);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("config: " + session.ConfigSourceFile));
        Assert.That(run.StandardOutput.TrimEnd(), Does.EndWith("StateHash: " + live.ToString("x16", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Ledger_Json_HasZeroTrialBalance_AndTheLiveBalances()
    {
        using SessionJournal session = SessionJournal.Create(_root);
        session.Trade(books: 3000, seed: 7);
        BusinessLogicProcessor live = session.Processor;

        EngineRun run = EngineProcess.Run("journal", "ledger", session.Directory, "--json");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        using JsonDocument document = JsonDocument.Parse(run.StandardOutput);
        JsonElement root = document.RootElement;
        Assert.That(root.GetProperty("balanced").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("stateHash").GetString(), Is.EqualTo(live.StateHash().ToString("x16", CultureInfo.InvariantCulture)));

        // Per asset: debits equal credits, and both equal the sum over the transfers of that asset.
        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (JsonElement transfer in root.GetProperty("transfers").EnumerateArray())
        {
            string asset = transfer.GetProperty("asset").GetString()!;
            decimal amount = decimal.Parse(transfer.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);
            if (transfer.GetProperty("state").GetString() == "Posted")
            {
                sums[asset] = sums.GetValueOrDefault(asset) + amount;
            }

            Assert.That(transfer.GetProperty("causeSequence").GetInt64(), Is.InRange(1, live.Sequence));
        }

        Assert.That(root.GetProperty("transfers").GetArrayLength(), Is.EqualTo(live.Ledger.TransferCount));
        JsonElement trial = root.GetProperty("trialBalance");
        Assert.That(trial.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "BTC", "USDT" }));
        foreach (JsonProperty asset in trial.EnumerateObject())
        {
            Assert.That(asset.Value.GetProperty("debits").GetString(), Is.EqualTo(asset.Value.GetProperty("credits").GetString()), asset.Name);
            Assert.That(asset.Value.GetProperty("debitsPending").GetString(), Is.EqualTo(asset.Value.GetProperty("creditsPending").GetString()), asset.Name);
        }

        Assert.That(decimal.Parse(trial.GetProperty("USDT").GetProperty("debits").GetString()!, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1_000_000m));

        // Every account's balance equals the live BLP's, digit for digit.
        int accounts = 0;
        foreach (JsonElement account in root.GetProperty("accounts").EnumerateArray())
        {
            var id = new LedgerAccountId(account.GetProperty("id").GetInt32());
            AccountBalance expected = live.Ledger.BalanceOf(id);
            Assert.That(account.GetProperty("creditsPosted").GetString(), Is.EqualTo(FixedPointMath.Format(expected.CreditsPosted, 8)));
            Assert.That(account.GetProperty("debitsPosted").GetString(), Is.EqualTo(FixedPointMath.Format(expected.DebitsPosted, 8)));
            Assert.That(account.GetProperty("debitsPending").GetString(), Is.EqualTo(FixedPointMath.Format(expected.DebitsPending, 8)));
            accounts++;
        }

        Assert.That(accounts, Is.EqualTo(live.Ledger.AccountCount));
        long btcCash = live.Ledger.BalanceOf(live.Ledger.FindAccount(new AccountKey(LedgerOwner.Client(new AccountId(1)), live.Assets["BTC"], AccountType.Cash))).NetCredit;
        Assert.That(btcCash, Is.Not.EqualTo(10_00000000L), "fills moved the client's BTC");
        Assert.That(session.Fills, Is.GreaterThan(0));
    }

    [Test]
    public void Ledger_Text_ShowsTrialBalanceAndClientBalances()
    {
        using SessionJournal session = SessionJournal.Create(_root);
        session.Deposit("USDT", 250_000);
        session.Deposit("BTC", 2);

        EngineRun run = EngineProcess.Run("journal", "ledger", session.Directory);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("250000.00000000").And.Contain("2.00000000").And.Contain("trial balance: zero"));
        Assert.That(run.StandardOutput, Does.Match(@"\n  1 +USDT +cash +250000\.00000000 +250000\.00000000"));
    }

    [Test]
    public void Replay_MissingConfigCopy_IsAOneLineError()
    {
        (string journal, _, _) = WriteSession(books: 50);
        File.Delete(JournalConfigCopy.EngineFile(journal));

        EngineRun run = EngineProcess.Run("journal", "replay", journal);

        AssertOneLineError(run, "keeps no configuration");
    }

    [Test]
    public void Replay_CorruptConfig_IsAOneLineErrorNamingTheFile()
    {
        (string journal, _, _) = WriteSession(books: 50);
        File.WriteAllText(JournalConfigCopy.EngineFile(journal), "{ \"instruments\": ");

        EngineRun run = EngineProcess.Run("journal", "ledger", journal);

        AssertOneLineError(run, "engine.json: not valid JSON");
        Assert.That(run.StandardError, Does.Contain(JournalConfigCopy.EngineFile(journal)));
    }

    [Test]
    public void Replay_ConfigWithUnknownKey_IsAOneLineErrorNamingTheKey()
    {
        (string journal, _, _) = WriteSession(books: 50);
        string bad = Path.Combine(Path.GetDirectoryName(JournalConfigCopy.EngineFile(journal))!, "bad.json");
        File.WriteAllText(bad, SessionJournal.EngineJson.Replace("\"ledgerScale\"", "\"ledgerScael\"", StringComparison.Ordinal));

        EngineRun run = EngineProcess.Run("journal", "replay", journal, "--config", bad);

        AssertOneLineError(run, "$.ledgerScael: unknown key");
    }

    [Test]
    public void Replay_MissingExplicitConfig_IsAOneLineError()
    {
        (string journal, _, _) = WriteSession(books: 10);
        string missing = Path.Combine(_root, "none.json");

        EngineRun run = EngineProcess.Run("journal", "replay", journal, "--config", missing);

        AssertOneLineError(run, $"--config {missing}: file not found");
    }

    [Test]
    public void Replay_MissingDirectory_IsAOneLineError()
    {
        string missing = Path.Combine(_root, "nope");
        EngineRun run = EngineProcess.Run("journal", "replay", missing);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: error: {missing}: journal directory not found"));
    }

    [Test]
    public void Replay_JournalOfAnotherSchema_IsRefused()
    {
        string journal = Path.Combine(_root, "foreign");
        using (JournalWriter writer = JournalWriter.Open(journal, new JournalOptions { SegmentSize = 64 * 1024, FsyncPolicy = FsyncPolicy.None, SchemaId = 1, SchemaVersion = 0 }))
        {
            writer.Append(1, 1, 1, 1, [1, 2, 3, 4]);
            writer.Commit();
        }

        EngineRun run = EngineProcess.Run("journal", "replay", journal);

        AssertOneLineError(run, "a journal of SBE schema 1, not the engine's schema");
    }

    [Test]
    public void Replay_JournalFromANewerSchemaVersion_AsksToUpgrade()
    {
        string journal = Path.Combine(_root, "future");
        var options = new JournalOptions { SegmentSize = 64 * 1024, FsyncPolicy = FsyncPolicy.None, SchemaId = Engine.Codecs.EngineSchema.Id, SchemaVersion = Engine.Codecs.EngineSchema.Version + 1 };
        using (JournalWriter writer = JournalWriter.Open(journal, options))
        {
            writer.Append(1, 1, 1, 1, [1, 2, 3, 4]);
            writer.Commit();
        }

        EngineRun run = EngineProcess.Run("journal", "ledger", journal);

        AssertOneLineError(run, "upgrade the engine");
    }

    private static void AssertOneLineError(EngineRun run, string expected)
    {
        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError, Does.StartWith("engine: error: ").And.Contain(expected));
    }

    private (string Journal, ulong LiveHash, long Fills) WriteSession(int books)
    {
        using SessionJournal session = SessionJournal.Create(_root);
        session.Trade(books, seed: 11);
        Assert.That(session.Processor.Ledger.ComputeTrialBalance().IsBalanced, Is.True);
        return (session.Directory, session.Processor.StateHash(), session.Fills);
    }
}
