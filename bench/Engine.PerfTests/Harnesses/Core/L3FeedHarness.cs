using System.Diagnostics;
using System.IO.Compression;
using Engine.Core;
using Engine.Matching;
using Engine.Matching.Lobster;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Wire = Engine.Codecs;

namespace Engine.PerfTests.Harnesses.Core;

/// <summary>
/// blp-l3-feed: the GOOG 2012-06-21 10-level LOBSTER day as SBE L3 frames (L3OrderAdded / Modified / Deleted /
/// Executed, Trade for hidden executions) through the BLP: decode, L3 mirror, L2 levels and top, per-message latency
/// percentiles and bytes allocated per message. The frames are encoded in memory first; only the BLP is timed.
/// Orders from before the file started are unknown to the mirror (counted, as the BLP does in production). Baseline,
/// same run: the same operations applied straight to a bare FastL3Book (no SBE, no BLP). Verified: the BLP's mirror
/// hash equals the baseline book's, every frame counts as market data, and after the first 10% of the day the BLP
/// allocates nothing. Single-threaded.
/// </summary>
public sealed class L3FeedHarness : IHarness, IEngineOutput
{
    private const string Zip = "LOBSTER_SampleFile_GOOG_2012-06-21_10.zip";

    private const string InstrumentsJson = """
        {
          "venues": [ { "code": "NASDAQ", "name": "NASDAQ", "symbolFormat": "dash" } ],
          "instruments": [ { "symbol": "GOOG-USD", "base": "GOOG", "quote": "USD", "settle": "USD", "kind": "spot" } ],
          "listings": [
            { "venue": "NASDAQ", "instrument": "GOOG-USD", "symbol": "GOOG", "symbolOverride": true, "priceScale": 4, "quantityScale": 0, "tickSize": "0.01", "lotSize": "1", "minQuantity": "1", "minNotional": "0", "contractMultiplier": "1" }
          ]
        }
        """;

    private const string RiskJson = """
        {
          "valuation": { "asset": "USD", "scale": 8 },
          "maxAccountId": 4,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 0,
          "instruments": [],
          "accountDefaults": { "maxGrossExposure": "unlimited", "maxDailyLoss": "unlimited", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    private long _outputs;

    public string Name => "blp-l3-feed";

    public string Description => "GOOG 10-level LOBSTER day as SBE L3 frames through the BLP (L3 mirror, L2, top), per-message percentiles and B/msg; baseline: the same operations on a bare FastL3Book";

    public void Publish(int templateId, ReadOnlySpan<byte> message) => _outputs++;

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LobsterMessage[] messages = Load(FindZip());
        var frames = new List<byte[]>(messages.Length);
        var operations = new List<(int Template, LobsterMessage Message, long Quantity)>(messages.Length);
        Encode(messages, frames, operations);
        int passes = context.Quick ? 3 : 10;
        double best = double.MaxValue;
        LatencyRecorder? latencies = null;
        long allocatedLate = 0;
        ulong mirrorHash = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            var recorder = new LatencyRecorder();
            (double seconds, long allocated, ulong hash) = RunBlp(frames, recorder, context);
            if (seconds < best)
            {
                best = seconds;
                latencies = recorder;
            }

            allocatedLate = Math.Max(allocatedLate, allocated);
            mirrorHash = hash;
        }

        double baselineBest = double.MaxValue;
        ulong baselineHash = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            (double seconds, ulong hash) = RunBareBook(operations);
            baselineBest = Math.Min(baselineBest, seconds);
            baselineHash = hash;
        }

        if (mirrorHash != baselineHash)
        {
            throw new HarnessVerificationException($"the BLP's L3 mirror (hash {mirrorHash:x16}) differs from the bare book fed the same operations ({baselineHash:x16})");
        }

        if (allocatedLate != 0)
        {
            throw new HarnessVerificationException($"the BLP allocated {allocatedLate} B over the last 90% of the day; steady state must allocate nothing");
        }

        Dictionary<string, double> extra = latencies!.PercentilesMicroseconds();
        extra["frames"] = frames.Count;
        extra["passes"] = passes;
        extra["allocated_bytes_per_message_after_warmup"] = 0;
        extra["nsPerMessage"] = best * 1e9 / frames.Count;
        context.Report(new HarnessResult(Name, frames.Count / best, "messages/s", "bare-fast-l3-book", operations.Count / baselineBest) { Extra = extra });
    }

    private (double Seconds, long AllocatedLate, ulong Hash) RunBlp(List<byte[]> frames, LatencyRecorder latencies, HarnessContext context)
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(InstrumentsJson, "instruments.json");
        RiskSettings risk = RiskConfig.Parse(RiskJson, "risk.json", registry);
        var processor = new BusinessLogicProcessor(new CoreSettings(registry, risk, CoreSettings.DefaultLedgerScale, [], []), this);
        processor.Start();
        int warm = frames.Count / 10;
        long allocatedBefore = 0;
        long started = Stopwatch.GetTimestamp();
        long time = 1_340_236_800_000_000_000;
        for (int i = 0; i < frames.Count; i++)
        {
            if (i == warm)
            {
                allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            }

            long before = Stopwatch.GetTimestamp();
            processor.Process(i + 1, time + i, frames[i]);
            latencies.RecordTicks(Stopwatch.GetTimestamp() - before);
        }

        long elapsed = Stopwatch.GetTimestamp() - started;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (processor.Counters.MarketData != frames.Count)
        {
            throw new HarnessVerificationException($"{frames.Count} frames, but the BLP counted {processor.Counters.MarketData} as market data");
        }

        IL3Book book = processor.Market.L3Book(new ListingId(1)) ?? throw new HarnessVerificationException("the BLP built no L3 mirror");
        book.ValidateInternalState();
        context.Log.WriteLine($"  {frames.Count:N0} frames, {book.OrderCount:N0} orders left, {processor.Market.UnknownL3Orders:N0} naming orders from before the file, {allocated} B allocated after warm-up");
        return (elapsed / (double)Stopwatch.Frequency, allocated, book.StateHash());
    }

    /// <summary>The baseline: the BLP's L3 rules (see MarketState) applied straight to a book.</summary>
    private static (double Seconds, ulong Hash) RunBareBook(List<(int Template, LobsterMessage Message, long Quantity)> operations)
    {
        var book = new FastL3Book(orderCapacity: 1 << 14, levelCapacity: 1024);
        long started = Stopwatch.GetTimestamp();
        foreach ((int template, LobsterMessage message, long quantity) in operations)
        {
            var id = new OrderId(message.OrderId);
            switch (template)
            {
                case Wire.L3OrderAddedEncoder.TemplateId:
                    book.Add(new BookOrder(id, default, message.Side, new Price(message.Price), new Quantity(quantity)));
                    break;
                case Wire.L3OrderModifiedEncoder.TemplateId:
                    if (book.TryGetOrder(id, out BookOrder current))
                    {
                        book.Reduce(id, new Quantity(quantity));
                    }

                    break;
                case Wire.L3OrderDeletedEncoder.TemplateId:
                    book.Remove(id, out _);
                    break;
                case Wire.L3OrderExecutedEncoder.TemplateId:
                    if (book.TryGetOrder(id, out BookOrder resting))
                    {
                        if (resting.Quantity.Units > quantity)
                        {
                            book.Reduce(id, new Quantity(resting.Quantity.Units - quantity));
                        }
                        else
                        {
                            book.Remove(id, out _);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        long elapsed = Stopwatch.GetTimestamp() - started;
        return (elapsed / (double)Stopwatch.Frequency, book.StateHash());
    }

    /// <summary>
    /// One frame per message: new → Added; partial cancel → Modified to the remaining quantity (tracked here; a
    /// cancel of an unknown order becomes a Modified the BLP counts as unknown); delete → Deleted; visible execution →
    /// Executed; hidden execution and cross → Trade; halts are skipped.
    /// </summary>
    private static void Encode(LobsterMessage[] messages, List<byte[]> frames, List<(int Template, LobsterMessage Message, long Quantity)> operations)
    {
        var remaining = new Dictionary<long, long>();
        var buffer = new byte[256];
        long tradeId = 0;
        foreach (LobsterMessage message in messages)
        {
            Wire.BookSide side = message.Side == Side.Buy ? Wire.BookSide.Bid : Wire.BookSide.Ask;
            int length;
            int template;
            long quantity = message.Size;
            switch (message.Type)
            {
                case LobsterEventType.NewOrder:
                    remaining[message.OrderId] = message.Size;
                    var added = Wire.L3OrderAddedEncoder.WrapAndApplyHeader(buffer, 0);
                    added.ExchangeTime = message.TimeNanos;
                    added.VenueOrderId = (ulong)message.OrderId;
                    added.Price.SetMantissa(message.Price);
                    added.Quantity.SetMantissa(message.Size);
                    added.InstrumentId = 1;
                    added.VenueId = 1;
                    added.Side = side;
                    (template, length) = (Wire.L3OrderAddedEncoder.TemplateId, added.EncodedLength);
                    break;
                case LobsterEventType.PartialCancel:
                    quantity = remaining.TryGetValue(message.OrderId, out long left) ? Math.Max(0, left - message.Size) : 0;
                    remaining[message.OrderId] = quantity;
                    var modified = Wire.L3OrderModifiedEncoder.WrapAndApplyHeader(buffer, 0);
                    modified.ExchangeTime = message.TimeNanos;
                    modified.VenueOrderId = (ulong)message.OrderId;
                    modified.Price.SetMantissa(message.Price);
                    modified.Quantity.SetMantissa(quantity);
                    modified.InstrumentId = 1;
                    modified.VenueId = 1;
                    modified.Side = side;
                    (template, length) = (Wire.L3OrderModifiedEncoder.TemplateId, modified.EncodedLength);
                    if (quantity == 0)
                    {
                        // The BLP removes an order modified to 0; the bare book's Reduce would refuse it.
                        template = Wire.L3OrderDeletedEncoder.TemplateId;
                        operations.Add((template, message, quantity));
                        frames.Add(buffer.AsSpan(0, Wire.EngineSchema.HeaderLength + length).ToArray());
                        continue;
                    }

                    break;
                case LobsterEventType.Delete:
                    remaining.Remove(message.OrderId);
                    var deleted = Wire.L3OrderDeletedEncoder.WrapAndApplyHeader(buffer, 0);
                    deleted.ExchangeTime = message.TimeNanos;
                    deleted.VenueOrderId = (ulong)message.OrderId;
                    deleted.InstrumentId = 1;
                    deleted.VenueId = 1;
                    deleted.Side = side;
                    (template, length) = (Wire.L3OrderDeletedEncoder.TemplateId, deleted.EncodedLength);
                    break;
                case LobsterEventType.VisibleExecution:
                    if (remaining.TryGetValue(message.OrderId, out long open))
                    {
                        remaining[message.OrderId] = Math.Max(0, open - message.Size);
                    }

                    var executed = Wire.L3OrderExecutedEncoder.WrapAndApplyHeader(buffer, 0);
                    executed.ExchangeTime = message.TimeNanos;
                    executed.VenueOrderId = (ulong)message.OrderId;
                    executed.TradeId = (ulong)++tradeId;
                    executed.Price.SetMantissa(message.Price);
                    executed.ExecutedQuantity.SetMantissa(message.Size);
                    executed.InstrumentId = 1;
                    executed.VenueId = 1;
                    executed.Side = side;
                    (template, length) = (Wire.L3OrderExecutedEncoder.TemplateId, executed.EncodedLength);
                    break;
                case LobsterEventType.HiddenExecution:
                case LobsterEventType.CrossTrade:
                    var trade = Wire.TradeEncoder.WrapAndApplyHeader(buffer, 0);
                    trade.ExchangeTime = message.TimeNanos;
                    trade.TradeId = (ulong)++tradeId;
                    trade.Price.SetMantissa(message.Price);
                    trade.Quantity.SetMantissa(message.Size);
                    trade.InstrumentId = 1;
                    trade.VenueId = 1;
                    trade.AggressorSide = Wire.Side.NullValue;
                    (template, length) = (Wire.TradeEncoder.TemplateId, trade.EncodedLength);
                    break;
                default:
                    continue;
            }

            operations.Add((template, message, quantity));
            frames.Add(buffer.AsSpan(0, Wire.EngineSchema.HeaderLength + length).ToArray());
        }
    }

    private static LobsterMessage[] Load(string zipPath)
    {
        using ZipArchive archive = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader(archive.Entries.Single(e => e.Name.Contains("_message_", StringComparison.Ordinal)).Open());
        var messages = new List<LobsterMessage>(150_000);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            messages.Add(LobsterFormat.ParseMessage(line));
        }

        return [.. messages];
    }

    private static string FindZip() => SharedDataFiles.Find("lobster/" + Zip);
}
