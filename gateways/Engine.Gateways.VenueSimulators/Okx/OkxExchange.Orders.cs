using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Side = Engine.Primitives.Side;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// The book side of the account: new orders and amendments into the matching engine, its events back into orders,
/// balances and positions. As OKX documents, a post-only order that would take is accepted and then canceled
/// (cancelSource 31), an FOK that cannot fill entirely is canceled (13), an IOC's or a market order's remainder is
/// canceled (14); a spot market buy is sized in quote currency unless <c>tgtCcy</c> says base.
/// </summary>
public sealed partial class OkxExchange
{
    /// <summary>Places an order of the API account; the order (possibly already filled or canceled), or the error OKX answers.</summary>
    public OkxError? Place(OkxArgs args, long nowMillis, out OkxSimOrder? placed)
    {
        ArgumentNullException.ThrowIfNull(args);
        placed = null;
        OkxError? error = ReadNewOrder(args, out NewOrderRequest request);
        if (error is not null)
        {
            return error;
        }

        OkxInstrument instrument = request.Instrument;
        MatchingEngine engine = _books[instrument.InstId].Engine;
        bool buy = request.Side == "buy";
        bool market = request.OrdType == "market";
        OkxPosition? position = instrument.IsSwap ? _positions[instrument.InstId] : null;
        if (request.ReduceOnly)
        {
            if (position!.Pos == 0m)
            {
                return OkxError.NoPositionToReduce;
            }

            if ((position.Pos > 0m) == buy)
            {
                return OkxError.ReduceOnlySameDirection;
            }

            if (request.Size > Math.Abs(position.Pos))
            {
                return OkxError.ReduceOnlyTooLarge;
            }
        }

        // What reaches the book: the size in base currency or contracts (a quote-sized market order walks the book).
        decimal bookSize = request.Size;
        if (market && request.TgtCcy == "quote_ccy")
        {
            bookSize = BaseForQuote(instrument, engine, buy, request.Size);
        }

        decimal reference = market ? WorstPrice(instrument, engine, buy, bookSize) : request.Price;
        decimal toFreeze = instrument.IsSwap
            ? request.ReduceOnly ? 0m : reference * bookSize * instrument.ContractValue / position!.Lever
            : buy ? (market && request.TgtCcy == "quote_ccy" ? request.Size : reference * bookSize) : bookSize;
        string frozenCurrency = instrument.FrozenCurrency(buy);
        if (Available(frozenCurrency) < toFreeze)
        {
            return OkxError.Insufficient(frozenCurrency, margin: instrument.IsSwap);
        }

        var order = new OkxSimOrder
        {
            OrdId = _nextOrdId++,
            ClOrdId = request.ClOrdId,
            Tag = request.Tag,
            Instrument = instrument,
            Side = request.Side,
            OrdType = request.OrdType,
            TdMode = instrument.IsSwap ? "cross" : "cash",
            Px = request.Price,
            Sz = request.Size,
            TgtCcy = request.TgtCcy,
            ReduceOnly = request.ReduceOnly,
            CTime = nowMillis,
            UTime = nowMillis,
            BookSize = market && request.TgtCcy == "quote_ccy" ? bookSize : 0m,
            Frozen = toFreeze,
        };
        _orders.Add(order.OrdId, order);
        placed = order;
        Freeze(frozenCurrency, toFreeze);
        if (market && (bookSize <= 0m || !engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out _)))
        {
            // Nothing to trade against: the market order is canceled whole.
            Close(order, "0", nowMillis);
            return null;
        }

        var command = new Engine.Model.NewOrder(
            new OrderId(order.OrdId),
            s_apiAccount,
            buy ? Side.Buy : Side.Sell,
            market ? OrderType.Market : OrderType.Limit,
            request.OrdType switch { "ioc" or "market" => TimeInForce.Ioc, "fok" => TimeInForce.Fok, _ => TimeInForce.Gtc },
            new Price(ToUnits(market ? reference : request.Price, instrument.PriceScale)),
            new Quantity(ToUnits(bookSize, instrument.SizeScale)),
            (request.OrdType == "post_only" ? OrderFlags.PostOnly : OrderFlags.None) | (request.ReduceOnly ? OrderFlags.ReduceOnly : OrderFlags.None));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        if (position is not null)
        {
            engine.Submit(in command, new Quantity(ToUnits(position.Pos, instrument.SizeScale)), ref recorder);
        }
        else
        {
            engine.Submit(in command, ref recorder);
        }

        if (_events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected)
        {
            // OKX accepts the order and then cancels it: a post-only that would take, an FOK that cannot fill whole.
            ResultCode code = _events[0].Rejected.Code;
            Close(order, code == ResultCode.PostOnlyWouldTake ? "31" : code == ResultCode.FillOrKillNotFillable ? "13" : "0", nowMillis);
            return null;
        }

        Publish(order, null);
        Apply(instrument, nowMillis, cancelSource: "14");
        return null;
    }

    /// <summary>
    /// Amends an open limit-type order (<c>POST /api/v5/trade/amend-order</c>): <c>newSz</c> is the new total size,
    /// <c>newPx</c> the new price. A new size at or below what filled closes the order as filled (OKX's rule); a
    /// post-only order's new price that would take is refused (51511) and, with <c>cxlOnFail</c>, the order canceled.
    /// </summary>
    public OkxError? Amend(OkxArgs args, long nowMillis, out OkxSimOrder? amended)
    {
        ArgumentNullException.ThrowIfNull(args);
        amended = null;
        if (args["instId"] is null)
        {
            return OkxError.Empty("instId");
        }

        if (!TryGetInstrument(args["instId"], out OkxInstrument instrument))
        {
            return OkxError.InstrumentMissing;
        }

        long? ordId = long.TryParse(args["ordId"], out long id) ? id : null;
        if (ordId is null && args["clOrdId"] is null)
        {
            return OkxError.EitherOrderId;
        }

        string reqId = args["reqId"] ?? string.Empty;
        if (reqId.Length > 0 && !IdPattern().IsMatch(reqId))
        {
            return OkxError.Parameter("reqId");
        }

        if (args["newSz"] is null && args["newPx"] is null)
        {
            return OkxError.AmendNothing;
        }

        OkxSimOrder? order = Find(instrument.InstId, ordId, ordId is null ? args["clOrdId"] : null, nowMillis);
        if (order is null || !order.IsOpen)
        {
            return OkxError.AmendDone;
        }

        if (order.IsMarket)
        {
            return new OkxError(200, "51506", "Order modification unavailable for the order type.");
        }

        decimal newSize = order.Sz;
        if (args["newSz"] is not null && (!args.TryDecimal("newSz", out newSize) || newSize % instrument.LotSize != 0m))
        {
            return args.TryDecimal("newSz", out _) ? OkxError.LotSize : OkxError.Parameter("newSz");
        }

        decimal newPrice = order.Px;
        if (args["newPx"] is not null && (!args.TryDecimal("newPx", out newPrice) || newPrice % instrument.TickSize != 0m))
        {
            return args.TryDecimal("newPx", out _) ? OkxError.Precision : OkxError.Parameter("newPx");
        }

        OkxError? limit = newPrice != order.Px ? CheckPriceLimit(instrument, order.IsBuy, newPrice) : null;
        if (limit is not null)
        {
            return limit;
        }

        bool cancelOnFail = args["cxlOnFail"] == "true";
        MatchingEngine engine = _books[instrument.InstId].Engine;
        amended = order;
        if (newSize <= order.AccFillSz)
        {
            order.Sz = newSize;
            order.ReqId = reqId;
            order.AmendResult = "0";
            Close(order, string.Empty, nowMillis, state: "filled");
            return null;
        }

        decimal remaining = newSize - order.AccFillSz;
        decimal toFreeze = instrument.IsSwap
            ? order.ReduceOnly ? 0m : newPrice * remaining * instrument.ContractValue / _positions[instrument.InstId].Lever
            : order.IsBuy ? newPrice * remaining : remaining;
        string frozenCurrency = instrument.FrozenCurrency(order.IsBuy);
        if (toFreeze > order.Frozen && Available(frozenCurrency) < toFreeze - order.Frozen)
        {
            amended = null;
            return Refuse(order, OkxError.AmendInsufficient, cancelOnFail, nowMillis);
        }

        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Amend(new AmendOrder(new OrderId(order.OrdId), s_apiAccount, new Price(ToUnits(newPrice, instrument.PriceScale)), new Quantity(ToUnits(remaining, instrument.SizeScale)), order.OrdType == "post_only" ? OrderFlags.PostOnly : OrderFlags.None), ref recorder);
        if (_events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected && _events[0].Rejected.Code != ResultCode.AmendNoChange)
        {
            amended = null;
            return Refuse(order, _events[0].Rejected.Code == ResultCode.PostOnlyWouldTake ? OkxError.AmendPostOnly : OkxError.AmendDone, cancelOnFail, nowMillis);
        }

        Freeze(frozenCurrency, toFreeze - order.Frozen);
        order.Frozen = toFreeze;
        order.Px = newPrice;
        order.Sz = newSize;
        order.ReqId = reqId;
        order.AmendResult = "0";
        order.UTime = nowMillis;
        Publish(order, null);
        Apply(instrument, nowMillis, cancelSource: "14");
        return null;
    }

    /// <summary>A refused amendment: the order stays as it was, or is canceled when the request asked so (cxlOnFail).</summary>
    private OkxError Refuse(OkxSimOrder order, OkxError error, bool cancelOnFail, long nowMillis)
    {
        if (cancelOnFail)
        {
            Cancel(order, nowMillis, cancelSource: "0");
        }

        return error;
    }

    /// <summary>Applies the recorded matching events to the API account's orders, balances and positions.</summary>
    private void Apply(OkxInstrument instrument, long nowMillis, string cancelSource)
    {
        for (int i = 0; i < _events.Count; i++)
        {
            ref readonly MatchingEvent e = ref _events[i];
            switch (e.Kind)
            {
                case MatchingEventKind.Trade:
                    TradeExecuted trade = e.Trade;
                    long tradeId = _nextTradeId++;
                    decimal price = FromUnits(trade.Price.Units, instrument.PriceScale);
                    decimal size = FromUnits(trade.Quantity.Units, instrument.SizeScale);
                    _lastPrice[instrument.InstId] = price;
                    if (trade.TakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.TakerOrderId.Value], tradeId, price, size, isMaker: false, nowMillis);
                    }

                    if (trade.MakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.MakerOrderId.Value], tradeId, price, size, isMaker: true, nowMillis);
                    }

                    break;
                case MatchingEventKind.Canceled when e.Canceled.Account == s_apiAccount:
                    OkxSimOrder order = _orders[e.Canceled.OrderId.Value];
                    Close(order, e.Canceled.Reason == CancelReason.Unfilled ? "14" : cancelSource, nowMillis);
                    break;
            }
        }
    }

    private void Fill(OkxSimOrder order, long tradeId, decimal price, decimal size, bool isMaker, long nowMillis)
    {
        OkxInstrument instrument = order.Instrument;
        decimal rate = instrument.IsSwap
            ? isMaker ? _options.SwapMakerFee : _options.SwapTakerFee
            : isMaker ? _options.SpotMakerFee : _options.SpotTakerFee;
        decimal pnl = 0m;
        string feeCurrency;
        decimal fee;
        if (instrument.IsSwap)
        {
            OkxPosition position = _positions[instrument.InstId];
            decimal notional = price * size * instrument.ContractValue;
            fee = notional * rate;
            feeCurrency = instrument.SettleCurrency;
            pnl = position.Apply(order.IsBuy ? size : -size, price);
            position.UTime = nowMillis;
            if (position.CTime == 0)
            {
                position.CTime = nowMillis;
            }

            AddCash(instrument.SettleCurrency, pnl - fee);
            Release(order, order.Px > 0m ? order.Px * size * instrument.ContractValue / position.Lever : order.Frozen * size / order.Remaining);
        }
        else if (order.IsBuy)
        {
            fee = size * rate;
            feeCurrency = instrument.BaseCurrency;
            decimal cost = price * size;
            Release(order, order.IsMarket ? cost : order.Px * size);
            AddCash(instrument.QuoteCurrency, -cost);
            AddCash(instrument.BaseCurrency, size - fee);
        }
        else
        {
            decimal proceeds = price * size;
            fee = proceeds * rate;
            feeCurrency = instrument.QuoteCurrency;
            Release(order, size);
            AddCash(instrument.BaseCurrency, -size);
            AddCash(instrument.QuoteCurrency, proceeds - fee);
        }

        order.AccFillSz += size;
        order.FilledValue += price * size;
        order.Fee -= fee;
        order.FeeCcy = feeCurrency;
        order.Pnl += pnl;
        order.UTime = nowMillis;
        order.State = order.Remaining <= 0m ? "filled" : "partially_filled";
        if (order.State == "filled")
        {
            Release(order, order.Frozen);
        }

        var fill = new OkxFill(_nextBillId++, tradeId, order.OrdId, order.ClOrdId, instrument, order.Side, price, size, isMaker, -fee, feeCurrency, pnl, nowMillis);
        _fills.Add(fill);
        _lastFills[order.OrdId] = fill;
        Publish(order, fill);
    }

    /// <summary>Ends an order: what it froze is released, its state set (canceled with a cancelSource, or filled by an amendment), and pushed.</summary>
    private void Close(OkxSimOrder order, string cancelSource, long nowMillis, string state = "canceled")
    {
        Release(order, order.Frozen);
        order.State = state;
        order.CancelSource = state == "canceled" ? cancelSource : string.Empty;
        order.UTime = nowMillis;
        if (state == "filled")
        {
            // An amendment down to what already filled: the book's remainder goes.
            MatchingEngine engine = _books[order.Instrument.InstId].Engine;
            _events.Clear();
            var recorder = new MatchingEventRecorder(_events);
            engine.Cancel(new CancelOrder(new OrderId(order.OrdId), s_apiAccount), ref recorder);
        }

        Publish(order, null);
    }

    /// <summary>How much base a quote-sized market order buys (or must sell to raise the quote), walking the other side, down to the lot.</summary>
    private static decimal BaseForQuote(OkxInstrument instrument, MatchingEngine engine, bool buy, decimal quote)
    {
        decimal size = 0m;
        for (int depth = 0; quote > 0m && engine.Book.TryGetLevel(buy ? Side.Sell : Side.Buy, depth, out BookLevel level); depth++)
        {
            decimal price = FromUnits(level.Price.Units, instrument.PriceScale);
            decimal available = FromUnits(level.Quantity.Units, instrument.SizeScale);
            decimal take = Math.Min(available, quote / price);
            size += take;
            quote -= take * price;
        }

        return Math.Floor(size / instrument.LotSize) * instrument.LotSize;
    }

    /// <summary>The worst price a market order of <paramref name="size"/> reaches on the other side (its protection price); 0 when that side is empty.</summary>
    private static decimal WorstPrice(OkxInstrument instrument, MatchingEngine engine, bool buy, decimal size)
    {
        decimal worst = 0m;
        for (int depth = 0; size > 0m && engine.Book.TryGetLevel(buy ? Side.Sell : Side.Buy, depth, out BookLevel level); depth++)
        {
            worst = FromUnits(level.Price.Units, instrument.PriceScale);
            size -= FromUnits(level.Quantity.Units, instrument.SizeScale);
        }

        return worst;
    }
}
