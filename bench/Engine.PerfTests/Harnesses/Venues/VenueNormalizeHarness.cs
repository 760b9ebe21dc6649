using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.EngineInputs;
using Engine.Gateways.Venues.Recordings;
using Engine.Gateways.Venues.Verification;

namespace Engine.PerfTests.Harnesses.Venues;

/// <summary>
/// venue-normalize: per venue, recorded messages (../shared/data) through the venue's feed: parse from the received
/// bytes, sequence check, apply to the feed's book, encode the engine's SBE inputs. Messages/s, ns per message and
/// price levels/s (a depth update carries many levels), on one core, in steady state: each round starts a fresh
/// feed, runs the messages up to its first live book plus a tenth of the rest unmeasured (the books and buffers reach
/// their size), and times the rest, with the thread's allocations counted over it (must be 0). Baseline, same run:
/// System.Text.Json's <see cref="JsonDocument"/> parsing the same messages and converting every depth level's
/// strings with <see cref="decimal.Parse(string, IFormatProvider)"/>. Then the depth events alone (with the snapshot:
/// a valid stream), for depth levels/s, beside a bare Utf8JsonReader walk over the same bytes (the floor of a
/// Utf8JsonReader-based feed). Verified: no gap, no crossed book, no bad input, every bookTicker check equal.
/// <para>
/// Each measurement is also taken in the thread's CPU time (<c>cpu*</c> figures, <see cref="ThreadCpuClock"/>): on a
/// machine shared with other work the wall clock counts the time this thread waited for a core, and the CPU time does
/// not (it still pays for caches the other work evicted).
/// </para>
/// </summary>
public sealed class VenueNormalizeHarness : IHarness
{
    private static readonly (string Name, string Venue, string[] Files)[] s_sessions =
    [
        ("binance-spot", "binance", ["binance/raw/spot_btcusdt_20240808.gz"]),
        ("binance-usdm", "binance-usdm", ["binance/raw/usdm_btcusdt_20240808.gz"]),
        ("binance-coinm", "binance-coinm", ["binance/raw/cm_btcusd_perp_20240808.gz"]),
    ];

    public string Name => "venue-normalize";

    public string Description => "recorded venue messages: parse + sequence + book + SBE encode per message; baseline: JsonDocument + decimal.Parse";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int rounds = context.Quick ? 3 : 7;
        foreach ((string name, string venue, string[] files) in s_sessions)
        {
            List<(byte[] Json, long Nanos)> messages = Load(files.Select(SharedDataFiles.Find).ToArray());
            Measure(context, venue, messages, warmUp: true);
            var perMessage = new List<double>();
            var cpuPerMessage = new List<double>();
            var levelsPerSecond = new List<double>();
            long measuredMessages = 0;
            long measuredLevels = 0;
            for (int round = 0; round < rounds; round++)
            {
                (double seconds, double cpuSeconds, long count, long levels, long allocated) = Measure(context, venue, messages, warmUp: false);
                if (allocated != 0)
                {
                    throw new HarnessVerificationException($"{name}: {allocated} B allocated over {count} messages in steady state; the feed must allocate nothing");
                }

                perMessage.Add(seconds * 1e9 / count);
                cpuPerMessage.Add(cpuSeconds * 1e9 / count);
                levelsPerSecond.Add(levels / seconds);
                measuredMessages = count;
                measuredLevels = levels;
                context.Log.WriteLine($"  {name} round {round}: {count / seconds / 1e6:F2} M messages/s, {levels / seconds / 1e6:F1} M levels/s; CPU time {cpuSeconds * 1e9 / count:F0} ns/message");
            }

            (double baselineSeconds, double baselineCpuSeconds) = Baseline(messages);
            (double secondSeconds, double secondCpuSeconds) = Baseline(messages);
            baselineSeconds = Math.Min(baselineSeconds, secondSeconds);
            baselineCpuSeconds = Math.Min(baselineCpuSeconds, secondCpuSeconds);
            double nsPerMessage = Median(perMessage);
            double messagesPerSecond = 1e9 / nsPerMessage;
            double baselinePerSecond = messages.Count / baselineSeconds;

            // Depth alone (the depth events and the snapshot: a valid stream on its own), for levels/s, beside the
            // tokenizer's own walk over the same bytes: the floor any Utf8JsonReader-based feed stands on.
            List<(byte[] Json, long Nanos)> depth = messages.Where(m => IsDepth(m.Json)).ToList();
            var depthLevelsPerSecond = new List<double>();
            var depthLevelsPerCpuSecond = new List<double>();
            var depthPerMessage = new List<double>();
            var walkPerMessage = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                (double seconds, double cpuSeconds, long count, long levels, _) = Measure(context, venue, depth, warmUp: false);
                depthLevelsPerSecond.Add(levels / seconds);
                depthLevelsPerCpuSecond.Add(levels / cpuSeconds);
                depthPerMessage.Add(seconds * 1e9 / count);
                walkPerMessage.Add(Walk(depth) * 1e9 / depth.Count);
            }

            context.Report(new HarnessResult($"{Name}-{name}", messagesPerSecond, "messages/s", "jsondocument-decimal", baselinePerSecond)
            {
                Extra = new Dictionary<string, double>
                {
                    ["nsPerMessage"] = nsPerMessage,
                    ["levelsPerSecond"] = Median(levelsPerSecond),
                    ["messages"] = measuredMessages,
                    ["levels"] = measuredLevels,
                    ["ratio"] = messagesPerSecond / baselinePerSecond,
                    ["depthLevelsPerSecond"] = Median(depthLevelsPerSecond),
                    ["depthNsPerMessage"] = Median(depthPerMessage),
                    ["tokenizerWalkNsPerDepthMessage"] = Median(walkPerMessage),
                    ["cpuNsPerMessage"] = Median(cpuPerMessage),
                    ["cpuRatio"] = baselineCpuSeconds * 1e9 / messages.Count / Median(cpuPerMessage),
                    ["depthLevelsPerCpuSecond"] = Median(depthLevelsPerCpuSecond),
                    ["allocatedBytes"] = 0,
                },
            });
        }
    }

    private static bool IsDepth(byte[] json) =>
        json.AsSpan().IndexOf("\"depthUpdate\""u8) >= 0 || json.AsSpan().IndexOf("\"lastUpdateId\""u8) >= 0;

    /// <summary>Seconds to walk every token of the messages with Utf8JsonReader and do nothing else.</summary>
    private static double Walk(List<(byte[] Json, long Nanos)> messages)
    {
        long tokens = 0;
        long started = Stopwatch.GetTimestamp();
        foreach ((byte[] json, _) in messages)
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                tokens++;
            }
        }

        double seconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        return tokens == 0 ? double.NaN : seconds;
    }

    private static (double Seconds, double CpuSeconds, long Messages, long Levels, long Allocated) Measure(HarnessContext context, string venue, List<(byte[] Json, long Nanos)> messages, bool warmUp)
    {
        var instruments = new FeedInstruments
        {
            Discover = symbol => new FeedInstrument(symbol, 1, 1, VenueFeeds.DiscoveryScales(venue).Price, VenueFeeds.DiscoveryScales(venue).Quantity),
        };
        var counters = new FeedCounters { Log = context.Log.WriteLine };
        var encoder = new SbeMarketDataEncoder<CountingFrameSink>(default);
        VenueFeed feed = VenueFeeds.Create(venue, instruments, encoder, counters);
        int next = 0;
        while (next < messages.Count && (instruments.Count == 0 || instruments[0].State != BookState.Live))
        {
            feed.OnMessage(messages[next].Json, messages[next].Nanos);
            next++;
        }

        for (int settle = next + ((messages.Count - next) / 10); next < settle; next++)
        {
            feed.OnMessage(messages[next].Json, messages[next].Nanos);
        }

        long levelsBefore = counters.LevelsApplied;
        int first = next;
        double cpuBefore = ThreadCpuClock.Nanos();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        for (; next < messages.Count; next++)
        {
            feed.OnMessage(messages[next].Json, messages[next].Nanos);
        }

        long elapsed = Stopwatch.GetTimestamp() - started;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double cpuSeconds = (ThreadCpuClock.Nanos() - cpuBefore) / 1e9;
        if (!warmUp && (counters.Gaps != 0 || counters.CrossedBooks != 0 || counters.BadInputTotal != 0 || counters.BookTickerMismatches != 0 || encoder.Sink.Frames == 0))
        {
            throw new HarnessVerificationException($"{venue}: gaps {counters.Gaps}, crossed {counters.CrossedBooks}, bad input {counters.BadInputTotal}, bookTicker mismatches {counters.BookTickerMismatches}, frames {encoder.Sink.Frames}");
        }

        return (elapsed / (double)Stopwatch.Frequency, cpuSeconds, messages.Count - first, counters.LevelsApplied - levelsBefore, allocated);
    }

    /// <summary>The same messages through JsonDocument, every depth level's price and quantity parsed as decimals.</summary>
    private static (double Seconds, double CpuSeconds) Baseline(List<(byte[] Json, long Nanos)> messages)
    {
        decimal sum = 0;
        double cpuBefore = ThreadCpuClock.Nanos();
        long started = Stopwatch.GetTimestamp();
        foreach ((byte[] json, _) in messages)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            JsonElement data = root.TryGetProperty("data", out JsonElement wrapped) ? wrapped : root;
            foreach (string side in (ReadOnlySpan<string>)["b", "a", "bids", "asks"])
            {
                if (data.TryGetProperty(side, out JsonElement levels) && levels.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement level in levels.EnumerateArray())
                    {
                        sum += decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture) + decimal.Parse(level[1].GetString()!, CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        double seconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        double cpuSeconds = (ThreadCpuClock.Nanos() - cpuBefore) / 1e9;
        return sum == decimal.MinusOne ? (double.NaN, double.NaN) : (seconds, cpuSeconds);
    }

    private static List<(byte[] Json, long Nanos)> Load(string[] files)
    {
        var messages = new List<(byte[], long)>();
        RecordingReader.Read(files, (in RecordedFrame frame) => messages.Add((frame.Payload.ToArray(), frame.ReceiveNanos)));
        return messages;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>Counts the frames the encoder hands on (what the gateway would write into ingress).</summary>
    private struct CountingFrameSink : IFrameSink
    {
        public long Frames;
        public long Bytes;

        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
        {
            Frames++;
            Bytes += sbeMessage.Length;
        }
    }
}
