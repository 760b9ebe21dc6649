using Engine.Core;
using Engine.Transport;

namespace Engine.Host.Tests;

/// <summary>
/// Tick-to-trade runs from the gateway's receive time of the market data that caused an order (its triggerTime) to
/// the order leaving on egress; a sample that is not a latency on those clocks is counted by why, never recorded.
/// </summary>
[TestFixture]
public sealed class EgressPublisherTests
{
    private const long Hour = 3_600_000_000_000;

    [TestCase(-1_000_000L, "recorded")]
    [TestCase(0L, "no receive time")]
    [TestCase(Hour, "negative")]
    [TestCase(-Hour, "too large")]
    public void OrdersCausedByMarketData_AreSampledOrCountedByWhyNot(long receiveTimeFromNow, string expected)
    {
        string directory = Path.Combine(Path.GetTempPath(), "engine-egress-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            EngineConfig config = EngineConfig.Load(DefaultConfiguration.WriteTo(directory, Path.Combine(directory, "journal"), "unused"));
            var publisher = new EgressPublisher(transmitter: null);
            var processor = new BusinessLogicProcessor(config.CreateCoreSettings(), publisher);
            publisher.Processor = processor;
            long sequence = 0;
            InputFrames.EncodeDeposits(config, processor.Assets, 1, (_, frame, length) => processor.Process(++sequence, 1, frame.AsSpan(0, length)));

            byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.BestBidOfferEncoder.BlockLength];
            var bbo = Codecs.BestBidOfferEncoder.WrapAndApplyHeader(frame, 0);
            bbo.GatewayReceiveTime = receiveTimeFromNow == 0 ? 0 : MonotonicClock.WallNanos() + receiveTimeFromNow;
            bbo.BidPrice.SetMantissa(5_000_000);
            bbo.BidQuantity.SetMantissa(100_000);
            bbo.AskPrice.SetMantissa(5_000_100);
            bbo.AskQuantity.SetMantissa(100_000);
            bbo.InstrumentId = 1;
            bbo.VenueId = 9;
            processor.Process(++sequence, 2, frame);

            long published = processor.Counters.OrdersAccepted;
            Assert.That(published, Is.EqualTo(2), "the market maker quotes both sides on the first book");
            (long Recorded, long Without, long Negative, long TooLarge) counts =
                (publisher.TickToTrade.TotalCount, publisher.TickToTradeWithoutReceiveTime, publisher.TickToTradeNegative, publisher.TickToTradeTooLarge);
            Assert.That(counts, Is.EqualTo(expected switch
            {
                "recorded" => (2L, 0L, 0L, 0L),
                "no receive time" => (0L, 2L, 0L, 0L),
                "negative" => (0L, 0L, 2L, 0L),
                _ => (0L, 0L, 0L, 2L),
            }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
