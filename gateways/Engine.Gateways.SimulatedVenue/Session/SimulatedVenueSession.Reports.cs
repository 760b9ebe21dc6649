using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Exchange;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>The matching engine's events of one action turned into frames, in order: execution reports for the engine's orders, trade prints, and the top of book when it changed.</summary>
public sealed partial class SimulatedVenueSession
{
    /// <summary>Turns the recorded events of one action into frames, in order.</summary>
    private void Translate<TSink>(VenueInstrument instrument, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        for (int i = 0; i < _events.Count; i++)
        {
            ref readonly MatchingEvent e = ref _events[i];
            switch (e.Kind)
            {
                case MatchingEventKind.Accepted:
                    OnAccepted(e.Accepted, now, ref sink);
                    break;
                case MatchingEventKind.Rejected:
                    OnRejected(e.Rejected, now, ref sink);
                    break;
                case MatchingEventKind.Trade:
                    TradeExecuted trade = e.Trade;
                    if (trade.MakerAccount != SimulatedExchange.MarketAccount)
                    {
                        OnClientFill(instrument, trade.MakerOrderId, trade.Price, trade.Quantity, trade.MakerRemaining, Sbe.BooleanType.True, now, ref sink);
                    }

                    if (trade.TakerAccount != SimulatedExchange.MarketAccount)
                    {
                        OnClientFill(instrument, trade.TakerOrderId, trade.Price, trade.Quantity, trade.TakerRemaining, Sbe.BooleanType.False, now, ref sink);
                    }

                    instrument.LastTradePrice = trade.Price.Units;
                    EmitTradePrint(instrument, in trade, now, ref sink);
                    break;
                case MatchingEventKind.Canceled:
                    OnCanceled(e.Canceled, now, ref sink);
                    break;
                case MatchingEventKind.Amended:
                    OnAmended(e.Amended, now, ref sink);
                    break;
                default:
                    // Rested: the order's New report already went out when it was accepted.
                    break;
            }
        }
    }

    private void OnAccepted<TSink>(in OrderAccepted accepted, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (accepted.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(accepted.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];

        // A reduce-only order may have been capped at the position: the accepted quantity is the order's quantity.
        order.Quantity = accepted.Quantity.Units;
        order.Leaves = accepted.Quantity.Units;
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.New, Sbe.OrderStatus.New, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
    }

    private void OnRejected<TSink>(in OrderRejected rejected, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (rejected.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(rejected.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        ResultCode reason = rejected.Code;
        if (_requestIsNewOrder && slot == _requestSlot)
        {
            // The order itself was refused: it never lived.
            order.Leaves = 0;
            EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, reason, now, ref sink);
            _orders.Remove(slot);
            return;
        }

        // A cancel or amend was refused: the order stays as it was.
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Rejected, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, reason, now, ref sink);
    }

    private void OnClientFill<TSink>(VenueInstrument instrument, OrderId venueOrderId, Price price, Quantity quantity, Quantity remaining, Sbe.BooleanType isMaker, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!_orders.TryFindByVenueOrderId(venueOrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        order.Cumulative = checked(order.Cumulative + quantity.Units);
        order.Leaves = remaining.Units;
        instrument.AddFill(new AccountId((int)order.Account), order.Side, quantity.Units);
        Sbe.OrderStatus status = order.Leaves == 0 ? Sbe.OrderStatus.Filled : Sbe.OrderStatus.PartiallyFilled;
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Trade, status, price.Units, quantity.Units, isMaker, ResultCode.Ok, now, ref sink);
        if (order.Leaves == 0)
        {
            _orders.Remove(slot);
        }
    }

    private void OnCanceled<TSink>(in OrderCanceled canceled, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (canceled.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(canceled.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        order.Leaves = 0;
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Canceled, Sbe.OrderStatus.Canceled, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
        _orders.Remove(slot);
    }

    private void OnAmended<TSink>(in OrderAmended amended, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (amended.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(amended.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        order.Price = amended.Price.Units;
        order.Leaves = amended.Remaining.Units;
        order.Quantity = checked(order.Cumulative + order.Leaves);
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Replaced, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
    }

    private void RejectUnknownOrder<TSink>(ulong clientOrderId, ulong origClientOrderId, ulong account, int instrumentIndex, Sbe.Side side, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        var unknown = new ClientOrder
        {
            ClientOrderId = origClientOrderId,
            Account = account,
            InstrumentIndex = instrumentIndex,
            Side = side,
            Price = NullPrice,
        };
        EmitReport(in unknown, clientOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, ResultCode.UnknownOrder, now, ref sink);
    }

    /// <summary>An order request that cannot be decoded: answered, with whatever id could be read, and counted.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RejectInvalid<TSink>(ReadOnlySpan<byte> message, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        InvalidRequests++;

        // Every order request starts its body with clientOrderId.
        const int IdEnd = Sbe.MessageHeaderDecoder.EncodedLength + sizeof(ulong);
        ulong clientOrderId = message.Length >= IdEnd
            ? BinaryPrimitives.ReadUInt64LittleEndian(message[Sbe.MessageHeaderDecoder.EncodedLength..])
            : Sbe.ExecutionReportEncoder.ClientOrderIdNullValue;
        var encoder = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.OrderId = 0;
        encoder.ClientOrderId = clientOrderId;
        encoder.OrigClientOrderId = clientOrderId;
        encoder.AccountId = Sbe.ExecutionReportEncoder.AccountIdNullValue;
        encoder.ExecId = ++_lastExecId;
        encoder.Price.SetMantissa(NullPrice);
        encoder.Quantity.SetMantissa(0);
        encoder.LeavesQuantity.SetMantissa(0);
        encoder.CumulativeQuantity.SetMantissa(0);
        encoder.LastPrice.SetMantissa(NullPrice);
        encoder.LastQuantity.SetMantissa(0);
        encoder.TransactTime = now;
        encoder.InstrumentId = Sbe.ExecutionReportEncoder.InstrumentIdNullValue;
        encoder.StrategyId = Sbe.ExecutionReportEncoder.StrategyIdNullValue;
        encoder.RejectReason = Sbe.ResultCode.InvalidMessage;
        encoder.VenueId = _venueId;
        encoder.ExecType = Sbe.ExecType.Rejected;
        encoder.OrderStatus = Sbe.OrderStatus.Rejected;
        encoder.Side = Sbe.Side.NullValue;
        encoder.OrderType = Sbe.OrderType.NullValue;
        encoder.TimeInForce = Sbe.TimeInForce.NullValue;
        encoder.Flags = 0;
        encoder.IsMaker = Sbe.BooleanType.False;
        encoder.SetText(ResultCodes.Reason(ResultCode.InvalidMessage));
        ExecutionReports++;
        sink.OnFrame(Sbe.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }

    private void EmitReport<TSink>(
        in ClientOrder order,
        ulong clientOrderId,
        Sbe.ExecType execType,
        Sbe.OrderStatus status,
        long lastPrice,
        long lastQuantity,
        Sbe.BooleanType isMaker,
        ResultCode reason,
        long now,
        ref TSink sink)
        where TSink : IFrameSink
    {
        var encoder = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.OrderId = (ulong)order.VenueOrderId;
        encoder.ClientOrderId = clientOrderId;
        encoder.OrigClientOrderId = order.ClientOrderId;
        encoder.AccountId = order.Account;
        encoder.ExecId = ++_lastExecId;
        encoder.Price.SetMantissa(order.Price);
        encoder.Quantity.SetMantissa(order.Quantity);
        encoder.LeavesQuantity.SetMantissa(order.Leaves);
        encoder.CumulativeQuantity.SetMantissa(order.Cumulative);
        encoder.LastPrice.SetMantissa(lastPrice);
        encoder.LastQuantity.SetMantissa(lastQuantity);
        encoder.TransactTime = now;
        encoder.InstrumentId = _instruments[order.InstrumentIndex].WireId;
        encoder.StrategyId = order.StrategyId;
        encoder.RejectReason = reason == ResultCode.Ok ? Sbe.ResultCode.NullValue : (Sbe.ResultCode)reason;
        encoder.VenueId = _venueId;
        encoder.ExecType = execType;
        encoder.OrderStatus = status;
        encoder.Side = order.Side;
        encoder.OrderType = order.OrderType;
        encoder.TimeInForce = order.TimeInForce;
        encoder.Flags = order.Flags;
        encoder.IsMaker = isMaker;
        encoder.SetText(ResultCodes.ReportText(reason));
        ExecutionReports++;
        sink.OnFrame(Sbe.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }

    private void EmitTradePrint<TSink>(VenueInstrument instrument, in TradeExecuted trade, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        var encoder = Sbe.TradeEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.ExchangeTime = now;

        // The venue runs inside its gateway: the gateway has its market data the moment the venue makes it.
        encoder.GatewayReceiveTime = now;
        encoder.VenueSequence = ++instrument.Sequence;
        encoder.TradeId = (ulong)trade.TradeId.Value;
        encoder.Price.SetMantissa(trade.Price.Units);
        encoder.Quantity.SetMantissa(trade.Quantity.Units);
        encoder.InstrumentId = instrument.WireId;
        encoder.VenueId = instrument.VenueWireId;
        encoder.AggressorSide = ToWire(trade.TakerSide);
        MarketDataFrames++;
        sink.OnFrame(Sbe.TradeEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }

    private void PublishTopIfChanged<TSink>(VenueInstrument instrument, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        IL3Book book = instrument.Exchange.Book;
        long bidPrice = NullPrice;
        long bidQuantity = 0;
        long askPrice = NullPrice;
        long askQuantity = 0;
        if (book.TryGetLevel(Side.Buy, 0, out BookLevel bid))
        {
            bidPrice = bid.Price.Units;
            bidQuantity = bid.Quantity.Units;
        }

        if (book.TryGetLevel(Side.Sell, 0, out BookLevel ask))
        {
            askPrice = ask.Price.Units;
            askQuantity = ask.Quantity.Units;
        }

        if (bidPrice == instrument.PublishedBidPrice && bidQuantity == instrument.PublishedBidQuantity
            && askPrice == instrument.PublishedAskPrice && askQuantity == instrument.PublishedAskQuantity)
        {
            return;
        }

        instrument.PublishedBidPrice = bidPrice;
        instrument.PublishedBidQuantity = bidQuantity;
        instrument.PublishedAskPrice = askPrice;
        instrument.PublishedAskQuantity = askQuantity;
        var encoder = Sbe.BestBidOfferEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.ExchangeTime = now;

        // The venue runs inside its gateway: the gateway has its market data the moment the venue makes it.
        encoder.GatewayReceiveTime = now;
        encoder.VenueSequence = ++instrument.Sequence;
        encoder.BidPrice.SetMantissa(bidPrice);
        encoder.BidQuantity.SetMantissa(bidQuantity);
        encoder.AskPrice.SetMantissa(askPrice);
        encoder.AskQuantity.SetMantissa(askQuantity);
        encoder.InstrumentId = instrument.WireId;
        encoder.VenueId = instrument.VenueWireId;
        MarketDataFrames++;
        sink.OnFrame(Sbe.BestBidOfferEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }
}
