namespace Engine.Codecs.Tests;

/// <summary>Sample messages shared by the round-trip and allocation tests.</summary>
public static class MessageSamples
{
    public static int EncodeNewOrder(Span<byte> buffer, ulong clientOrderId)
    {
        var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.ClientOrderId = clientOrderId;
        order.AccountId = 7;
        order.Price.SetMantissa(1_234_500);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(3_000);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.SendingTime = 1_700_000_000_000_000_000;
        order.InstrumentId = 11;
        order.StrategyId = 3;
        order.Side = Side.Sell;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = TimeInForce.GoodTillCancel;
        order.Flags = OrderFlags.PostOnly | OrderFlags.ReduceOnly;
        return EngineCodecs.HeaderLength + order.EncodedLength;
    }

    public static int EncodeL2Update(Span<byte> buffer, int levels, ulong sequence)
    {
        var update = L2UpdateEncoder.WrapAndApplyHeader(buffer, 0);
        update.ExchangeTime = 1_700_000_000_000_000_000;
        update.GatewayReceiveTime = 1_700_000_000_000_500_000;
        update.VenueSequence = sequence;
        update.InstrumentId = 11;
        update.VenueId = 2;
        var group = update.LevelsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            group.Next();
            group.Price.SetMantissa(100_000 + i);
            group.Quantity.SetMantissa(10L * (i + 1));
            group.Side = i % 2 == 0 ? BookSide.Bid : BookSide.Ask;
            group.Action = i == 9 ? UpdateAction.Delete : UpdateAction.Change;
        }

        return EngineCodecs.HeaderLength + update.EncodedLength;
    }
}
