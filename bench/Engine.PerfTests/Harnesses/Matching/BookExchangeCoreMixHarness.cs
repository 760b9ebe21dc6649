using System.Diagnostics;
using System.Runtime.CompilerServices;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>
/// book-exchange-core-mix: exchange-core's published order-book workload (9% GTC, 3% IOC, 6% cancel, 82% move;
/// about 1,000 resting orders over several hundred price levels; seeded) through <see cref="MatchingEngine"/> over
/// the fast L3 book, on one thread. The commands are generated first by running them through a second engine over
/// the reference book (so every cancel and move names a live order); the timed runs replay the same array into
/// fresh fast engines. Figures: throughput, the median of five untimed-per-op runs; per-operation latency percentiles
/// of another run (each operation bracketed by two clock reads, which add ~20-30 ns), and bytes allocated per operation.
/// Baseline, same run: the same commands through the reference (SortedDictionary) book. Verified: both fast runs
/// end in the generator's StateHash (a differential check against the reference book), with the same trade
/// checksum, no rejects, and zero bytes allocated.
/// </summary>
public sealed class BookExchangeCoreMixHarness : IHarness
{
    private const long Center = 1_000_000;
    private const int PriceRange = 600;
    private const int TargetOrders = 1_000;
    private const int Accounts = 100;
    private const int ThroughputRounds = 5;

    public string Name => "book-exchange-core-mix";

    public string Description => "exchange-core GTC/IOC/cancel/move mix through the fast L3 book + matching; baseline: reference book";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int operations = context.Quick ? 1_000_000 : 5_000_000;
        context.Log.WriteLine($"{Name}: generating {operations:N0} commands through the reference book");
        (MixCommand[] commands, ulong expectedHash, double averageOrders, double averageLevels, long[] mix) = Generate(operations, seed: 1);

        // Warm the JIT on a separate engine so tier-1 code is in place before the timed runs.
        Replay(NewFastEngine(), commands, Math.Min(200_000, operations), out _);

        // Throughput: the median of several untimed-per-op runs, each into a fresh engine (one run is about a second,
        // short enough for the shared VM's neighbours to move a single figure by 20%).
        var rates = new List<double>();
        long allocated = 0;
        ChecksumSink throughputSink = default;
        for (int round = 0; round < ThroughputRounds; round++)
        {
            MatchingEngine fast = NewFastEngine();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long started = Stopwatch.GetTimestamp();
            throughputSink = Replay(fast, commands, commands.Length, out _);
            long elapsed = Stopwatch.GetTimestamp() - started;
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Verify(fast, throughputSink, expectedHash, "throughput run");
            rates.Add(operations * (double)Stopwatch.Frequency / elapsed);
            context.Log.WriteLine($"  round {round}: {rates[^1] / 1e6:F2} M ops/s");
        }

        MatchingEngine timed = NewFastEngine();
        var recorder = new LatencyRecorder();
        ChecksumSink latencySink = ReplayTimed(timed, commands, recorder);
        Verify(timed, latencySink, expectedHash, "latency run");
        if (latencySink.TradedQuantity != throughputSink.TradedQuantity)
        {
            throw new HarnessVerificationException("the two fast runs traded different quantities");
        }

        if (allocated != 0)
        {
            throw new HarnessVerificationException($"the steady-state runs allocated {allocated} bytes; expected 0");
        }

        var reference = new MatchingEngine(TradingRules.Unit(), new ReferenceL3Book());
        long referenceStarted = Stopwatch.GetTimestamp();
        ChecksumSink referenceSink = Replay(reference, commands, commands.Length, out _);
        long referenceElapsed = Stopwatch.GetTimestamp() - referenceStarted;
        if (reference.StateHash() != expectedHash || referenceSink.TradedQuantity != throughputSink.TradedQuantity)
        {
            throw new HarnessVerificationException("the reference replay disagrees with the generator");
        }

        double opsPerSecond = Rings.RoundStatistics.Median(rates);
        double referenceOpsPerSecond = operations * (double)Stopwatch.Frequency / referenceElapsed;
        Dictionary<string, double> extra = recorder.PercentilesMicroseconds();
        extra["bytesPerOp"] = (double)allocated / (operations * (double)ThroughputRounds);
        extra["rounds"] = ThroughputRounds;
        extra["operations"] = operations;
        extra["trades"] = throughputSink.Trades;
        extra["avgRestingOrders"] = averageOrders;
        extra["avgPriceLevels"] = averageLevels;
        extra["pctGtc"] = 100.0 * mix[(int)MixCommandKind.Gtc] / operations;
        extra["pctIoc"] = 100.0 * mix[(int)MixCommandKind.Ioc] / operations;
        extra["pctCancel"] = 100.0 * mix[(int)MixCommandKind.Cancel] / operations;
        extra["pctMove"] = 100.0 * mix[(int)MixCommandKind.Move] / operations;
        context.Report(new HarnessResult(Name, opsPerSecond, "ops/s", "reference-l3-book", referenceOpsPerSecond) { Extra = extra });
    }

    private static MatchingEngine NewFastEngine() =>
        new(TradingRules.Unit(), new FastL3Book(orderCapacity: 16_384, levelCapacity: 4_096));

    private static void Verify(MatchingEngine engine, ChecksumSink sink, ulong expectedHash, string run)
    {
        engine.Book.ValidateInternalState();
        if (sink.Rejects != 0)
        {
            throw new HarnessVerificationException($"{run}: {sink.Rejects} commands were rejected");
        }

        if (engine.StateHash() != expectedHash)
        {
            throw new HarnessVerificationException($"{run}: final StateHash differs from the reference generator's");
        }
    }

    private static ChecksumSink Replay(MatchingEngine engine, MixCommand[] commands, int count, out long trades)
    {
        var sink = new ChecksumSink();
        for (int i = 0; i < count; i++)
        {
            Dispatch(engine, ref commands[i], ref sink);
        }

        trades = sink.Trades;
        return sink;
    }

    private static ChecksumSink ReplayTimed(MatchingEngine engine, MixCommand[] commands, LatencyRecorder recorder)
    {
        var sink = new ChecksumSink();
        for (int i = 0; i < commands.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Dispatch(engine, ref commands[i], ref sink);
            recorder.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        return sink;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dispatch<TSink>(MatchingEngine engine, ref MixCommand command, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        switch (command.Kind)
        {
            case MixCommandKind.Gtc:
                engine.Submit(new NewOrder(new OrderId(command.OrderId), new AccountId(command.Account), command.Side, OrderType.Limit, TimeInForce.Gtc, new Price(command.Price), new Quantity(command.Quantity)), ref sink);
                break;
            case MixCommandKind.Ioc:
                engine.Submit(new NewOrder(new OrderId(command.OrderId), new AccountId(command.Account), command.Side, OrderType.Limit, TimeInForce.Ioc, new Price(command.Price), new Quantity(command.Quantity)), ref sink);
                break;
            case MixCommandKind.Cancel:
                engine.Cancel(new CancelOrder(new OrderId(command.OrderId), new AccountId(command.Account)), ref sink);
                break;
            default:
                engine.Amend(new AmendOrder(new OrderId(command.OrderId), new AccountId(command.Account), new Price(command.Price), new Quantity(command.Quantity)), ref sink);
                break;
        }
    }

    private static (MixCommand[] Commands, ulong Hash, double AverageOrders, double AverageLevels, long[] Mix) Generate(int operations, ulong seed)
    {
        var commands = new MixCommand[operations];
        var tracker = new LiveOrderTracker();
        var sink = new TrackingSink(tracker);
        var engine = new MatchingEngine(TradingRules.Unit(), new ReferenceL3Book());
        var mix = new long[4];
        ulong state = seed;
        long nextId = 1;
        double orderSum = 0;
        double levelSum = 0;
        int samples = 0;

        // Fill the book to its working size first (these GTCs are part of the stream, so replays start empty too).
        int index = 0;
        while (index < operations)
        {
            uint dice = Next(ref state) % 100;
            MixCommandKind kind = dice switch
            {
                < 9 => MixCommandKind.Gtc,
                < 12 => MixCommandKind.Ioc,
                < 18 => MixCommandKind.Cancel,
                _ => MixCommandKind.Move,
            };

            // Keep the book near its working size: exchange-core's generator does the same by construction.
            if (tracker.Count < TargetOrders * 9 / 10 && kind != MixCommandKind.Gtc)
            {
                kind = tracker.Count < TargetOrders / 2 || kind == MixCommandKind.Cancel ? MixCommandKind.Gtc : kind;
            }
            else if (tracker.Count > TargetOrders * 11 / 10 && kind == MixCommandKind.Gtc)
            {
                kind = MixCommandKind.Cancel;
            }

            if (tracker.Count == 0 && kind is MixCommandKind.Cancel or MixCommandKind.Move)
            {
                kind = MixCommandKind.Gtc;
            }

            ref MixCommand command = ref commands[index];
            command.Kind = kind;
            switch (kind)
            {
                case MixCommandKind.Gtc:
                {
                    command.OrderId = nextId++;
                    command.Account = 1 + (int)(Next(ref state) % Accounts);
                    command.Side = (Next(ref state) & 1) == 0 ? Side.Buy : Side.Sell;
                    command.Price = RestingPrice(command.Side, ref state, crossChance: 2);
                    command.Quantity = 1 + (Next(ref state) % 100);
                    break;
                }

                case MixCommandKind.Ioc:
                {
                    command.OrderId = nextId++;
                    command.Account = 1 + (int)(Next(ref state) % Accounts);
                    command.Side = (Next(ref state) & 1) == 0 ? Side.Buy : Side.Sell;
                    long reach = 1 + (Next(ref state) % 20);
                    command.Price = command.Side == Side.Buy ? Center + reach : Center - reach;
                    command.Quantity = 1 + (Next(ref state) % 200);
                    break;
                }

                case MixCommandKind.Cancel:
                {
                    long id = tracker.IdAt((int)(Next(ref state) % (uint)tracker.Count));
                    command.OrderId = id;
                    command.Account = tracker.Details(id).Account;
                    break;
                }

                default:
                {
                    long id = tracker.IdAt((int)(Next(ref state) % (uint)tracker.Count));
                    var details = tracker.Details(id);
                    command.OrderId = id;
                    command.Account = details.Account;
                    command.Side = details.Side;
                    command.Quantity = details.Quantity;
                    command.Price = RestingPrice(details.Side, ref state, crossChance: 1);
                    if (command.Price == details.Price)
                    {
                        command.Price += details.Side == Side.Buy ? -1 : 1;
                    }

                    break;
                }
            }

            mix[(int)kind]++;
            TrackingSink s = sink;
            Dispatch(engine, ref command, ref s);
            index++;
            if ((index & 1023) == 0)
            {
                orderSum += engine.Book.OrderCount;
                levelSum += engine.Book.LevelCount(Side.Buy) + engine.Book.LevelCount(Side.Sell);
                samples++;
            }
        }

        return (commands, engine.StateHash(), orderSum / samples, levelSum / samples, mix);
    }

    /// <summary>A passive price on the side's half of the range; with a small chance (percent), one that crosses.</summary>
    private static long RestingPrice(Side side, ref ulong state, int crossChance)
    {
        bool cross = Next(ref state) % 100 < (uint)crossChance;
        long distance = cross ? -(long)(Next(ref state) % 10) : 1 + (long)(Next(ref state) % PriceRange);
        return side == Side.Buy ? Center - distance : Center + distance;
    }

    private static uint Next(ref ulong state)
    {
        // 64-bit LCG (Knuth's MMIX constants); the high bits are the good ones.
        state = (state * 6364136223846793005UL) + 1442695040888963407UL;
        return (uint)(state >> 33);
    }
}
