using Engine.Codecs;

namespace Engine.Host.Tests.Fills;

/// <summary>Hand-made market-data messages (with their SBE header) of instrument 1 on venue 1, for the fill-model tests.</summary>
internal static class MarketFrames
{
    public static byte[] Snapshot((long Price, long Quantity)[] bids, (long Price, long Quantity)[] asks)
    {
        byte[] frame = new byte[1024];
        var snapshot = L2SnapshotEncoder.WrapAndApplyHeader(frame, 0);
        snapshot.InstrumentId = 1;
        snapshot.VenueId = 1;
        var bidGroup = snapshot.BidsCount(bids.Length);
        foreach ((long price, long quantity) in bids)
        {
            bidGroup.Next();
            bidGroup.Price.SetMantissa(price);
            bidGroup.Quantity.SetMantissa(quantity);
            bidGroup.OrderCount = 0;
        }

        var askGroup = snapshot.AsksCount(asks.Length);
        foreach ((long price, long quantity) in asks)
        {
            askGroup.Next();
            askGroup.Price.SetMantissa(price);
            askGroup.Quantity.SetMantissa(quantity);
            askGroup.OrderCount = 0;
        }

        return frame[..snapshot.Limit];
    }

    public static byte[] Level(BookSide side, long price, long quantity)
    {
        byte[] frame = new byte[256];
        var update = L2UpdateEncoder.WrapAndApplyHeader(frame, 0);
        update.InstrumentId = 1;
        update.VenueId = 1;
        var levels = update.LevelsCount(1);
        levels.Next();
        levels.Price.SetMantissa(price);
        levels.Quantity.SetMantissa(quantity);
        levels.Side = side;
        levels.Action = quantity == 0 ? UpdateAction.Delete : UpdateAction.Change;
        return frame[..update.Limit];
    }

    public static byte[] Trade(long price, long quantity, Side aggressor)
    {
        byte[] frame = new byte[128];
        var trade = TradeEncoder.WrapAndApplyHeader(frame, 0);
        trade.TradeId = 1;
        trade.Price.SetMantissa(price);
        trade.Quantity.SetMantissa(quantity);
        trade.InstrumentId = 1;
        trade.VenueId = 1;
        trade.AggressorSide = aggressor;
        return frame[..trade.Limit];
    }

    public static byte[] Bar(long open, long high, long low, long close)
    {
        byte[] frame = new byte[256];
        var bar = BarEncoder.WrapAndApplyHeader(frame, 0);
        bar.Interval = 60_000_000_000;
        bar.Open.SetMantissa(open);
        bar.High.SetMantissa(high);
        bar.Low.SetMantissa(low);
        bar.Close.SetMantissa(close);
        bar.Volume.SetMantissa(1);
        bar.InstrumentId = 1;
        bar.VenueId = 1;
        return frame[..bar.Limit];
    }
}
