using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Recordings;
using Engine.Gateways.Venues.Verification;
using Engine.Matching;
using Engine.Matching.Tests;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// Each venue's parser fed real messages from its recording with mutated copies mixed in (cut short, a byte
/// changed, a digit made a letter, a sign added, a byte dropped, a message repeated): nothing throws, no live book is
/// ever crossed, and at the end every live book the engine built from what the feed passed on equals the feed's own.
/// </summary>
[TestFixture]
public sealed class FeedFuzzTests
{
    private const int MessagesPerVenue = 4_000;

    [TestCase("binance", "binance/raw", "spot_btcusdt_20240808.gz")]
    [TestCase("binance-usdm", "binance/raw", "usdm_btcusdt_20240808.gz")]
    [TestCase("okx", "venues/cryptofeed", "OKX.ws.1.0")]
    [TestCase("kraken", "venues/cryptofeed", "KRAKEN.ws.50.0")]
    [TestCase("coinbase", "venues/cryptofeed", "COINBASE.ws.28.0")]
    [TestCase("deribit", "venues/cryptofeed", "DERIBIT.ws.1.0")]
    [TestCase("bybit", "venues/cryptofeed", "BYBIT.ws.25.0")]
    public void MutatedRealMessages_NeverThrow_NeverLeaveALiveBookWrong(string venue, string folder, string file)
    {
        List<byte[]> messages = Load(Path.Combine(SharedData.Folder(folder), file));
        (int priceScale, int quantityScale) = VenueFeeds.DiscoveryScales(venue);
        int nextId = 1;
        var instruments = new FeedInstruments { Discover = symbol => new FeedInstrument(symbol, nextId++, 1, priceScale, quantityScale) };
        var counters = new FeedCounters();
        var mirror = new EngineBookMirror();
        VenueFeed feed = VenueFeeds.Create(venue, instruments, mirror, counters);
        var random = new Random(venue.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        long mutated = 0;

        // Small recordings are played again (their snapshots resync the books) until enough mutations went in.
        for (int pass = 0; pass < 20 && mutated < 300; pass++)
        {
            for (int i = 0; i < messages.Count; i++)
            {
                feed.OnMessage(messages[i], i);
                if ((pass > 0 || i > messages.Count / 10) && random.Next(4) == 0)
                {
                    feed.OnMessage(Mutate(messages[i], random), i);
                    mutated++;
                }

                AssertNoLiveBookCrossed(instruments, i);
            }
        }

        Assert.That(mutated, Is.GreaterThanOrEqualTo(300));

        Assert.That(counters.BadInputTotal + counters.Gaps + counters.ChecksumMismatches + counters.DuplicatesDropped + counters.UpdatesDropped, Is.GreaterThan(0), "the mutations were noticed");
        foreach (FeedInstrument instrument in instruments.All.Where(i => i.State == BookState.Live))
        {
            FastL2Book engine = mirror.BookOf(instrument);
            foreach (Side side in new[] { Side.Buy, Side.Sell })
            {
                Assert.That(engine.LevelCount(side), Is.EqualTo(instrument.Book.LevelCount(side)), $"{instrument.Symbol} {side} levels");
                for (int depth = 0; instrument.Book.TryGetLevel(side, depth, out long price, out long quantity); depth++)
                {
                    Assert.That(engine.TryGetLevel(side, depth, out BookLevel level), Is.True);
                    Assert.That((level.Price.Units, level.Quantity.Units), Is.EqualTo((price, quantity)), $"{instrument.Symbol} {side} depth {depth}");
                }
            }
        }
    }

    private static void AssertNoLiveBookCrossed(FeedInstruments instruments, int message)
    {
        foreach (FeedInstrument instrument in instruments.All)
        {
            if (instrument.State == BookState.Live && instrument.Book.IsCrossed)
            {
                Assert.Fail($"{instrument.Symbol} live and crossed after message {message}");
            }
        }
    }

    private static byte[] Mutate(byte[] message, Random random)
    {
        byte[] copy = (byte[])message.Clone();
        int at = random.Next(Math.Max(1, copy.Length));
        switch (random.Next(6))
        {
            case 0:
                return copy[..at];
            case 1:
                copy[at] = (byte)random.Next(32, 127);
                return copy;
            case 2:
                int digit = Array.FindIndex(copy, at, b => b is >= (byte)'0' and <= (byte)'9');
                if (digit >= 0)
                {
                    copy[digit] = (byte)'x';
                }

                return copy;
            case 3:
                int number = Array.FindIndex(copy, at, b => b is >= (byte)'0' and <= (byte)'9');
                return number < 0 ? copy : [.. copy[..number], (byte)'-', .. copy[number..]];
            case 4:
                return [.. copy[..at], .. copy[Math.Min(copy.Length, at + 1)..]];
            default:
                return copy;
        }
    }

    private static List<byte[]> Load(string file)
    {
        var messages = new List<byte[]>();
        RecordingReader.Read([file], (in RecordedFrame frame) =>
        {
            if (frame.Kind == RecordedFrameKind.WebSocket && messages.Count < MessagesPerVenue)
            {
                messages.Add(frame.Payload.ToArray());
            }
        });
        return messages;
    }
}
