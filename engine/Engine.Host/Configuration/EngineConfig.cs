using System.Globalization;
using System.Text.Json;
using Engine.Core;
using Engine.Journal.Writing;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// The engine's configuration, parsed strictly from engine.json and the instrument and risk files it names (paths
/// relative to engine.json's folder). Unknown, missing and duplicate keys, wrong types and inexact decimals are
/// errors of the form <c>engine.json: $.journal.fsync: what is wrong</c>.
/// <code>
/// { "instruments": "instruments.json", "risk": "risk.json", "ledgerScale": 8,
///   "ledgerTransferCapacity": 65536,   // transfers the ledger allocates up front (it grows past them off the BLP thread)
///   "fees": [ { "venue": "SIM", "makerBps": 1, "takerBps": 5 } ],
///   "strategyAssemblies": [ "../my-strategies/bin/Release/net10.0/MyStrategies.dll" ],   // a user's strategies (docs/STRATEGIES.md)
///   "strategies": [ { "id": 1, "kind": "market-maker", "account": 1, "instrument": "BTC-USDT",
///       "parameters": { "quoteSize": "0.01", "halfSpreadTicks": 100, "skewTicksPerQuote": 20,
///                       "maxPosition": "0.05", "requoteTicks": 50 } } ],
///   "deposits": [ { "account": 1, "asset": "USDT", "amount": "1000000" } ],   // journaled admin inputs, first start only
///   "journal": { "directory": "journal", "fsync": "batch", "segmentSizeMiB": 64,     // fsync: none | batch | record
///                "checkpointInterval": 1048576 },   // a StateHash checkpoint every N inputs (0: on snapshots only)
///   "transport": { "directory": "/dev/shm", "name": "engine-ipc" },
///   "pipeline": { "ringSize": 8192, "timerIntervalMillis": 100,
///                 "waitStrategy": "yielding",     // busy-spin | yielding | sleeping | blocking (see docs/CORE.md, "The engine process")
///                 "threading": "dedicated" },     // dedicated | shared (see PipelineThreading)
///   "replicator": { "connectionEnvironmentVariable": "ENGINE_PG",   // or "connection": "Host=...;Database=..."
///                   "batchSize": 8192 },                             // optional: no key, no PostgreSQL
///   "mode": "live",                                   // live (default) | paper: see PaperTradingConfig
///   "paper": { "venues": [ "BINANCE" ] } }            // paper mode only (PaperTradingConfig)
/// </code>
/// Immutable.
/// </summary>
public sealed class EngineConfig
{
    private static readonly string[] s_rootKeys = ["instruments", "risk", "ledgerScale", "ledgerTransferCapacity", "fees", "strategyAssemblies", "strategies", "deposits", "journal", "transport", "pipeline", "replicator", "mode", "paper"];
    private static readonly string[] s_feeKeys = ["venue", "makerBps", "takerBps"];
    private static readonly string[] s_depositKeys = ["account", "asset", "amount"];
    private static readonly string[] s_journalKeys = ["directory", "fsync", "segmentSizeMiB", "checkpointInterval"];
    private static readonly string[] s_transportKeys = ["directory", "name"];
    private static readonly string[] s_pipelineKeys = ["ringSize", "timerIntervalMillis", "waitStrategy", "threading"];
    private static readonly string[] s_replicatorKeys = ["connection", "connectionEnvironmentVariable", "batchSize"];

    private readonly Func<IReadOnlyList<StrategyDefinition>> _strategies;

    private EngineConfig(
        string path,
        InstrumentRegistry registry,
        RiskSettings risk,
        int ledgerScale,
        IReadOnlyList<VenueFees> fees,
        Func<IReadOnlyList<StrategyDefinition>> strategies,
        IReadOnlyList<Deposit> deposits,
        string journalDirectory,
        JournalOptions journal,
        long checkpointInterval,
        TransportOptions transport,
        int ringSize,
        long timerIntervalNanos,
        WaitKind wait,
        PipelineThreading threading,
        ReplicatorConfig? replicator,
        IReadOnlyList<string> files)
    {
        Path = path;
        Registry = registry;
        Risk = risk;
        LedgerScale = ledgerScale;
        Fees = fees;
        _strategies = strategies;
        Deposits = deposits;
        JournalDirectory = journalDirectory;
        Journal = journal;
        CheckpointInterval = checkpointInterval;
        Transport = transport;
        RingSize = ringSize;
        TimerIntervalNanos = timerIntervalNanos;
        Wait = wait;
        Threading = threading;
        Replicator = replicator;
        Files = files;
    }

    /// <summary>A deposit the engine journals as an admin input when it starts on an empty journal (ledger units).</summary>
    public readonly record struct Deposit(AccountId Account, string Asset, Amount Amount);

    public string Path { get; }

    public InstrumentRegistry Registry { get; }

    public RiskSettings Risk { get; }

    public int LedgerScale { get; }

    /// <summary>The strategies this configuration can name: the registry it was loaded with, plus those of its <c>strategyAssemblies</c>.</summary>
    public StrategyRegistry Strategies { get; private init; } = StrategyRegistry.Default;

    /// <summary>Transfers the ledger allocates (and faults in) at start; see <see cref="CoreSettings.LedgerTransferCapacity"/>.</summary>
    public int LedgerTransferCapacity { get; private init; } = CoreSettings.DefaultLedgerTransferCapacity;

    public IReadOnlyList<VenueFees> Fees { get; }

    public IReadOnlyList<Deposit> Deposits { get; }

    public string JournalDirectory { get; }

    public JournalOptions Journal { get; }

    /// <summary>Inputs between StateHash checkpoints journaled for replays to verify against (0: only after snapshot requests).</summary>
    public long CheckpointInterval { get; }

    public TransportOptions Transport { get; }

    public int RingSize { get; }

    public long TimerIntervalNanos { get; }

    /// <summary>How the pipeline's threads wait for work: the latency/CPU trade-off.</summary>
    public WaitKind Wait { get; }

    /// <summary>Whether the receiver, journaller and BLP have a thread each or share one.</summary>
    public PipelineThreading Threading { get; }

    /// <summary>The PostgreSQL replicator the engine runs beside the journal, or null (no PostgreSQL).</summary>
    public ReplicatorConfig? Replicator { get; }

    /// <summary>Live (the venue gateways execute orders) or paper (the engine fills the paper venues' orders itself).</summary>
    public TradingMode Mode { get; private init; } = TradingMode.Live;

    /// <summary>The paper venues and their fill simulation; null in live mode.</summary>
    public PaperTradingConfig? Paper { get; private init; }

    /// <summary>The config files read (engine.json first), so they can be kept next to the journal for replay.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The instrument file engine.json names (<c>$.instruments</c>), for gateways that serve its listings.</summary>
    public string InstrumentsFile => Files[1];

    /// <summary>How the engine's kernel keeps snapshots and checkpoints under this configuration.</summary>
    public KernelOptions KernelOptions(Action<string> log) => new() { JournalDirectory = JournalDirectory, CheckpointInterval = CheckpointInterval, Log = log };

    /// <summary>Fresh settings for one BLP: each call builds new strategy instances, so a replay shares nothing with a live run.</summary>
    public CoreSettings CreateCoreSettings() => new(Registry, Risk, LedgerScale, Fees, _strategies()) { LedgerTransferCapacity = LedgerTransferCapacity };

    /// <summary>
    /// This configuration with the journal (and so its snapshots and configuration copy) in another directory: how
    /// <c>engine run --data-dir</c> and the demo place it. The files read stay the same.
    /// </summary>
    public EngineConfig WithJournalDirectory(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        return Copy(System.IO.Path.GetFullPath(journalDirectory), Transport, Replicator);
    }

    /// <summary>This configuration attached to another shared-memory transport file (the demo's own, per process).</summary>
    public EngineConfig WithTransport(TransportOptions transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return Copy(JournalDirectory, transport, Replicator);
    }

    /// <summary>This configuration without the PostgreSQL replicator (the demo needs nothing but the .NET SDK).</summary>
    public EngineConfig WithoutReplicator() => Copy(JournalDirectory, Transport, null);

    private EngineConfig Copy(string journalDirectory, TransportOptions transport, ReplicatorConfig? replicator) =>
        new(Path, Registry, Risk, LedgerScale, Fees, _strategies, Deposits, journalDirectory, Journal, CheckpointInterval, transport, RingSize, TimerIntervalNanos, Wait, Threading, replicator, Files)
        {
            LedgerTransferCapacity = LedgerTransferCapacity,
            Strategies = Strategies,
            Mode = Mode,
            Paper = Paper,
        };

    /// <summary>Loads and validates engine.json and the files it names; strategies are looked up in <paramref name="strategies"/> (default: the engine's samples).</summary>
    public static EngineConfig Load(string path, StrategyRegistry? strategies = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        string name = System.IO.Path.GetFileName(fullPath);
        string folder = System.IO.Path.GetDirectoryName(fullPath)!;
        JsonDocument document = ParseJson(ReadFile(fullPath, name), name);
        using (document)
        {
            JsonElement root = document.RootElement;
            var reader = new StrictJsonReader(name, message => new EngineConfigException(message));
            reader.RequireObject(root, "$", s_rootKeys);
            string instrumentsFile = ResolvePath(folder, reader.RequireString(root, "$", "instruments"));
            string riskFile = ResolvePath(folder, reader.RequireString(root, "$", "risk"));
            InstrumentRegistry registry;
            RiskSettings risk;
            try
            {
                registry = InstrumentConfig.Parse(ReadFile(instrumentsFile, name + ": $.instruments"), System.IO.Path.GetFileName(instrumentsFile));
                risk = RiskConfig.Parse(ReadFile(riskFile, name + ": $.risk"), System.IO.Path.GetFileName(riskFile), registry);
            }
            catch (Exception e) when (e is InstrumentConfigException or RiskConfigException)
            {
                throw new EngineConfigException(e.Message, e);
            }

            int ledgerScale = root.TryGetProperty("ledgerScale", out _) ? reader.RequireInt(root, "$", "ledgerScale", 0, FixedPointMath.MaxScale) : CoreSettings.DefaultLedgerScale;
            IReadOnlyList<VenueFees> fees = ParseFees(root, reader, registry);
            StrategyRegistry catalog = StrategyConfig.ParseAssemblies(root, reader, folder, strategies ?? StrategyRegistry.Default);
            Func<IReadOnlyList<StrategyDefinition>> strategyFactories = StrategyConfig.Parse(root, reader, risk, registry, catalog);
            IReadOnlyList<Deposit> deposits = ParseDeposits(root, reader, ledgerScale);

            JsonElement journal = reader.Require(root, "$", "journal");
            reader.RequireObject(journal, "$.journal", s_journalKeys);
            string journalDirectory = ResolvePath(folder, reader.RequireString(journal, "$.journal", "directory"));
            FsyncPolicy fsync = reader.RequireString(journal, "$.journal", "fsync") switch
            {
                "none" => FsyncPolicy.None,
                "batch" => FsyncPolicy.PerBatch,
                "record" => FsyncPolicy.EveryRecord,
                string other => throw reader.Error("$.journal.fsync", $"'{other}' is not one of none, batch, record"),
            };
            int segmentMiB = journal.TryGetProperty("segmentSizeMiB", out _) ? reader.RequireInt(journal, "$.journal", "segmentSizeMiB", 1, 1024) : 64;
            long checkpointInterval = journal.TryGetProperty("checkpointInterval", out _)
                ? reader.RequireInt(journal, "$.journal", "checkpointInterval", 0, int.MaxValue)
                : Host.KernelOptions.DefaultCheckpointInterval;
            var journalOptions = new JournalOptions
            {
                FsyncPolicy = fsync,
                SegmentSize = segmentMiB * 1024 * 1024,
                SchemaId = Engine.Codecs.EngineSchema.Id,
                SchemaVersion = Engine.Codecs.EngineSchema.Version,
            };

            JsonElement transport = reader.Require(root, "$", "transport");
            reader.RequireObject(transport, "$.transport", s_transportKeys);
            var transportOptions = new TransportOptions
            {
                Directory = transport.TryGetProperty("directory", out _) ? reader.RequireString(transport, "$.transport", "directory") : TransportOptions.DefaultDirectory,
                Name = reader.RequireString(transport, "$.transport", "name"),
            };
            if (transportOptions.Name.Contains('/', StringComparison.Ordinal) || transportOptions.Name.Contains('\\', StringComparison.Ordinal))
            {
                throw reader.Error("$.transport.name", "is a file name, not a path (use $.transport.directory for the folder)");
            }

            JsonElement pipeline = reader.Require(root, "$", "pipeline");
            reader.RequireObject(pipeline, "$.pipeline", s_pipelineKeys);
            int ringSize = reader.RequireInt(pipeline, "$.pipeline", "ringSize", 64, 1 << 22);
            if ((ringSize & (ringSize - 1)) != 0)
            {
                throw reader.Error("$.pipeline.ringSize", $"{ringSize} is not a power of two");
            }

            int timerMillis = reader.RequireInt(pipeline, "$.pipeline", "timerIntervalMillis", 1, 60_000);
            WaitKind wait = !pipeline.TryGetProperty("waitStrategy", out _) ? WaitKind.Yielding : reader.RequireString(pipeline, "$.pipeline", "waitStrategy") switch
            {
                "busy-spin" => WaitKind.BusySpin,
                "yielding" => WaitKind.Yielding,
                "sleeping" => WaitKind.Sleeping,
                "blocking" => WaitKind.Blocking,
                string other => throw reader.Error("$.pipeline.waitStrategy", $"'{other}' is not one of busy-spin, yielding, sleeping, blocking"),
            };
            PipelineThreading threading = !pipeline.TryGetProperty("threading", out _) ? PipelineThreading.Dedicated : reader.RequireString(pipeline, "$.pipeline", "threading") switch
            {
                "dedicated" => PipelineThreading.Dedicated,
                "shared" => PipelineThreading.Shared,
                string other => throw reader.Error("$.pipeline.threading", $"'{other}' is not one of dedicated, shared"),
            };
            (TradingMode mode, PaperTradingConfig? paper) = PaperTradingConfig.Parse(root, reader, registry);
            int transferCapacity = root.TryGetProperty("ledgerTransferCapacity", out _)
                ? reader.RequireInt(root, "$", "ledgerTransferCapacity", 1, CoreSettings.MaxLedgerTransferCapacity)
                : CoreSettings.DefaultLedgerTransferCapacity;
            return new EngineConfig(
                fullPath, registry, risk, ledgerScale, fees, strategyFactories, deposits, journalDirectory, journalOptions, checkpointInterval, transportOptions,
                ringSize, timerMillis * 1_000_000L, wait, threading, ParseReplicator(root, reader), [fullPath, instrumentsFile, riskFile])
            {
                LedgerTransferCapacity = transferCapacity,
                Strategies = catalog,
                Mode = mode,
                Paper = paper,
            };
        }
    }

    /// <summary>
    /// The optional <c>replicator</c> object. The connection string comes from the file or, so that a password
    /// need not live in a config file (or in the journal's copy of it), from a named environment variable read
    /// here, at start-up; exactly one of the two is given.
    /// </summary>
    private static ReplicatorConfig? ParseReplicator(JsonElement root, StrictJsonReader reader)
    {
        if (!root.TryGetProperty("replicator", out _))
        {
            return null;
        }

        const string Path = "$.replicator";
        JsonElement element = reader.Require(root, "$", "replicator");
        reader.RequireObject(element, Path, s_replicatorKeys);
        bool inline = element.TryGetProperty("connection", out _);
        bool fromEnvironment = element.TryGetProperty("connectionEnvironmentVariable", out _);
        if (inline == fromEnvironment)
        {
            throw reader.Error(Path, "give exactly one of connection and connectionEnvironmentVariable");
        }

        string connection;
        if (inline)
        {
            connection = reader.RequireString(element, Path, "connection");
        }
        else
        {
            string variable = reader.RequireString(element, Path, "connectionEnvironmentVariable");
            connection = Environment.GetEnvironmentVariable(variable) ?? string.Empty;
            if (connection.Length == 0)
            {
                throw reader.Error(Path + ".connectionEnvironmentVariable", $"the environment variable {variable} is not set");
            }
        }

        int batchSize = element.TryGetProperty("batchSize", out _) ? reader.RequireInt(element, Path, "batchSize", 1, 1 << 20) : ReplicatorConfig.DefaultBatchSize;
        return new ReplicatorConfig(connection, batchSize);
    }

    private static IReadOnlyList<VenueFees> ParseFees(JsonElement root, StrictJsonReader reader, InstrumentRegistry registry)
    {
        var fees = new List<VenueFees>();
        if (!root.TryGetProperty("fees", out _))
        {
            return fees;
        }

        int index = 0;
        foreach (JsonElement element in reader.RequireArray(root, "$", "fees").EnumerateArray())
        {
            string path = $"$.fees[{index++}]";
            reader.RequireObject(element, path, s_feeKeys);
            string venueCode = reader.RequireString(element, path, "venue");
            if (!registry.TryGetVenue(venueCode, out Venue? venue))
            {
                throw reader.Error(path + ".venue", $"unknown venue '{venueCode}'");
            }

            if (fees.Exists(f => f.Venue == venue.Id))
            {
                throw reader.Error(path + ".venue", $"fees of {venueCode} are given twice");
            }

            fees.Add(new VenueFees(venue.Id, reader.RequireInt(element, path, "makerBps", 0, 1000), reader.RequireInt(element, path, "takerBps", 0, 1000)));
        }

        return fees;
    }

    private static IReadOnlyList<Deposit> ParseDeposits(JsonElement root, StrictJsonReader reader, int ledgerScale)
    {
        var deposits = new List<Deposit>();
        if (!root.TryGetProperty("deposits", out _))
        {
            return deposits;
        }

        int index = 0;
        foreach (JsonElement element in reader.RequireArray(root, "$", "deposits").EnumerateArray())
        {
            string path = $"$.deposits[{index++}]";
            reader.RequireObject(element, path, s_depositKeys);
            var account = new AccountId(reader.RequireInt(element, path, "account", 1, int.MaxValue));
            string asset = reader.RequireString(element, path, "asset");
            string text = reader.RequireString(element, path, "amount");
            if (!Amount.TryParse(text, ledgerScale, out Amount amount) || !amount.IsPositive)
            {
                throw reader.Error(path + ".amount", $"'{text}' is not a positive decimal with at most {ledgerScale} decimals");
            }

            deposits.Add(new Deposit(account, asset, amount));
        }

        return deposits;
    }

    // ------------------------------------------------------------------------------------------------ JSON helpers

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineConfigException($"{what}: cannot read {path}: {e.Message}", e);
        }
    }

    private static JsonDocument ParseJson(string text, string file)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new EngineConfigException($"{file}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }

    private static string ResolvePath(string folder, string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path));

}
