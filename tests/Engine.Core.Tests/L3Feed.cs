using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// A BLP over <see cref="CoreFixture"/>'s configuration with a <see cref="MarketDataRecorder"/> strategy, and encoders
/// for the L3 market data messages (103-106). Prices have 2 decimals, BTC quantities 5. Single-threaded.
/// </summary>
public sealed class L3Feed
{
    private readonly byte[] _input = new byte[256];
    private long _time = 1_000_000_000;

    public L3Feed(byte[]? restoreFrom = null, L3Feed? continueFrom = null)
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(CoreFixture.InstrumentsJson, "instruments.json");
        RiskSettings risk = RiskConfig.Parse(CoreFixture.RiskJson, "risk.json", registry);
        Recorder = new MarketDataRecorder();
        MarketDataRecorder recorder = Recorder;
        var definitions = new List<StrategyDefinition> { new(new StrategyId(1), CoreFixture.MakerAccount, "recorder", () => recorder) };
        var settings = new CoreSettings(registry, risk, CoreSettings.DefaultLedgerScale, [], definitions);
        Processor = new BusinessLogicProcessor(settings, new RecordingOutput());
        if (restoreFrom is not null)
        {
            Processor.RestoreSnapshot(new MemoryStream(restoreFrom));
            _time = continueFrom!._time;
        }
    }

    public BusinessLogicProcessor Processor { get; }

    public MarketDataRecorder Recorder { get; }

    public MarketState Market => Processor.Market;

    public void Add(long orderId, Side side, long price, long quantity, InstrumentId? instrument = null)
    {
        var message = Sbe.L3OrderAddedEncoder.WrapAndApplyHeader(_input, 0);
        message.ExchangeTime = _time;
        message.GatewayReceiveTime = _time;
        message.VenueSequence = (ulong)Processor.Sequence;
        message.VenueOrderId = (ulong)orderId;
        message.Price.SetMantissa(price);
        message.Quantity.SetMantissa(quantity);
        message.InstrumentId = (uint)(instrument ?? CoreFixture.Btc).Value;
        message.VenueId = 1;
        message.Side = side == Side.Buy ? Sbe.BookSide.Bid : Sbe.BookSide.Ask;
        Apply(Sbe.EngineSchema.HeaderLength + message.EncodedLength);
    }

    public void Modify(long orderId, Side side, long price, long quantity)
    {
        var message = Sbe.L3OrderModifiedEncoder.WrapAndApplyHeader(_input, 0);
        message.ExchangeTime = _time;
        message.GatewayReceiveTime = _time;
        message.VenueSequence = (ulong)Processor.Sequence;
        message.VenueOrderId = (ulong)orderId;
        message.Price.SetMantissa(price);
        message.Quantity.SetMantissa(quantity);
        message.InstrumentId = (uint)CoreFixture.Btc.Value;
        message.VenueId = 1;
        message.Side = side == Side.Buy ? Sbe.BookSide.Bid : Sbe.BookSide.Ask;
        Apply(Sbe.EngineSchema.HeaderLength + message.EncodedLength);
    }

    public void Delete(long orderId, Side side)
    {
        var message = Sbe.L3OrderDeletedEncoder.WrapAndApplyHeader(_input, 0);
        message.ExchangeTime = _time;
        message.GatewayReceiveTime = _time;
        message.VenueSequence = (ulong)Processor.Sequence;
        message.VenueOrderId = (ulong)orderId;
        message.InstrumentId = (uint)CoreFixture.Btc.Value;
        message.VenueId = 1;
        message.Side = side == Side.Buy ? Sbe.BookSide.Bid : Sbe.BookSide.Ask;
        Apply(Sbe.EngineSchema.HeaderLength + message.EncodedLength);
    }

    /// <summary>An execution of a resting order; <paramref name="price"/> 0 sends the null price (the order's own).</summary>
    public void Execute(long orderId, Side side, long quantity, long price = 0)
    {
        var message = Sbe.L3OrderExecutedEncoder.WrapAndApplyHeader(_input, 0);
        message.ExchangeTime = _time;
        message.GatewayReceiveTime = _time;
        message.VenueSequence = (ulong)Processor.Sequence;
        message.VenueOrderId = (ulong)orderId;
        message.TradeId = (ulong)Processor.Sequence;
        message.Price.SetMantissa(price > 0 ? price : Sbe.PriceOptionalEncoder.MantissaNullValue);
        message.ExecutedQuantity.SetMantissa(quantity);
        message.InstrumentId = (uint)CoreFixture.Btc.Value;
        message.VenueId = 1;
        message.Side = side == Side.Buy ? Sbe.BookSide.Bid : Sbe.BookSide.Ask;
        Apply(Sbe.EngineSchema.HeaderLength + message.EncodedLength);
    }

    private void Apply(int length)
    {
        _time += 1_000_000;
        Processor.Process(Processor.Sequence + 1, _time, _input.AsSpan(0, length));
    }
}
