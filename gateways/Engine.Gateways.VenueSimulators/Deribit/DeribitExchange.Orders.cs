using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// <c>private/buy</c>, <c>private/sell</c> and <c>private/edit</c>: the parameters read and checked in Deribit's
/// order, then a stop held aside or the order put to the book.
/// </summary>
public sealed partial class DeribitExchange
{
    private static readonly string[] s_types = ["limit", "market", "stop_limit", "stop_market", "take_limit", "take_market", "market_limit", "trailing_stop"];
    private static readonly string[] s_timesInForce = ["good_til_cancelled", "good_til_day", "fill_or_kill", "immediate_or_cancel"];
    private static readonly string[] s_triggers = ["index_price", "mark_price", "last_price"];

    /// <summary>
    /// A new order of the API account (<paramref name="buy"/> for <c>private/buy</c>). Returns the order (possibly
    /// filled, or cancelled for an unfilled immediate-or-cancel remainder) or the error Deribit would answer; a
    /// refused order is not recorded.
    /// </summary>
    public DeribitError? Place(DeribitParams parameters, bool buy, long connectionId, long nowMillis, out DeribitSimOrder? placed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        placed = null;
        DeribitError? error = ReadNewOrder(parameters, out NewOrderRequest request);
        if (error is not null)
        {
            return error;
        }

        DeribitInstrument instrument = request.Instrument;
        if (request.Type is "stop_market" or "stop_limit")
        {
            if (_lastPrice.TryGetValue(instrument.Name, out decimal last))
            {
                if (buy && last >= request.TriggerPrice)
                {
                    return DeribitError.TriggerPriceTooLow;
                }

                if (!buy && last <= request.TriggerPrice)
                {
                    return DeribitError.TriggerPriceTooHigh;
                }
            }

            placed = Record(request, buy, connectionId, "untriggered", nowMillis);
            Publish(placed);
            return null;
        }

        DeribitPosition position = _positions[instrument.Name];
        bool reduces = buy ? position.Size < 0m : position.Size > 0m;
        if (request.ReduceOnly && !reduces)
        {
            return DeribitError.OtherReject("reduce_only");
        }

        (_, MatchingEngine engine) = _books[instrument.Name];
        if (request.PostOnly && request.Type == "limit" && WouldTake(engine, buy, request.Price, instrument))
        {
            if (request.RejectPostOnly)
            {
                return DeribitError.PostOnlyReject;
            }

            request.Price = PostOnlyPrice(engine, buy, instrument);
        }

        if (!request.ReduceOnly)
        {
            decimal reference = request.Type == "market" ? MarketReferencePrice(instrument, buy) : request.Price;
            decimal opening = Math.Max(0m, request.Amount - (reduces ? Math.Abs(position.Size) : 0m));
            if (reference > 0m && opening / reference * InitialMarginRate > AvailableFunds(instrument.Currency))
            {
                return DeribitError.NotEnoughFunds;
            }
        }

        placed = Record(request, buy, connectionId, "open", nowMillis);
        Submit(placed, nowMillis);
        AfterMatching(instrument, nowMillis);
        return null;
    }

    /// <summary>
    /// <c>private/edit</c>: a new amount and price (and trigger price) for an open order. Same price and a smaller
    /// amount keeps its place in the queue, anything else goes to the back and may trade. A post-only edit that would
    /// take moves inside the spread, or with <c>reject_post_only</c> cancels the order (cancel_reason
    /// <c>edit_post_only_reject</c>), as Deribit documents.
    /// </summary>
    public DeribitError? Edit(DeribitParams parameters, long nowMillis, out DeribitSimOrder? edited)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        edited = null;
        DeribitError? error = parameters.RequiredString("order_id", out string orderId);
        if (error is not null)
        {
            return error;
        }

        DeribitSimOrder? order = Find(orderId);
        if (order is null)
        {
            return DeribitError.OrderNotFound;
        }

        if (!order.IsOpen)
        {
            return DeribitError.NotOpenOrder;
        }

        DeribitInstrument instrument = order.Instrument;
        error = DeribitParams.FirstError(
            ReadAmount(parameters, instrument, out decimal amount),
            parameters.Decimal("price", out decimal? price),
            parameters.Decimal("trigger_price", out decimal? triggerPrice),
            parameters.Boolean("post_only", order.PostOnly, out bool postOnly),
            parameters.Boolean("reject_post_only", order.RejectPostOnly, out bool rejectPostOnly),
            parameters.Boolean("reduce_only", order.ReduceOnly, out bool reduceOnly));
        if (error is not null)
        {
            return error;
        }

        bool limitPrice = order.OrderType is "limit" or "stop_limit";
        if (limitPrice && price is null)
        {
            return DeribitError.InvalidParams("price", "must be provided");
        }

        if (limitPrice && (price!.Value <= 0m || price.Value % instrument.TickSize != 0m))
        {
            return DeribitError.PriceWrongTick;
        }

        if (triggerPrice is decimal newTrigger && (!order.IsWaitingStop || newTrigger <= 0m || newTrigger % instrument.TickSize != 0m))
        {
            return order.IsWaitingStop ? DeribitError.TriggerPriceWrongTick : DeribitError.InvalidArguments("trigger_price applies to untriggered stop orders only");
        }

        if (amount <= order.FilledAmount)
        {
            return DeribitError.InvalidArguments("amount must exceed the filled amount");
        }

        edited = order;
        order.PostOnly = postOnly;
        order.RejectPostOnly = postOnly && rejectPostOnly;
        order.ReduceOnly = reduceOnly;
        order.Replaced = true;
        order.LastUpdateTimestamp = nowMillis;
        if (order.IsWaitingStop)
        {
            order.Amount = amount;
            order.Price = limitPrice ? price!.Value : 0m;
            order.TriggerPrice = triggerPrice ?? order.TriggerPrice;
            Publish(order);
            AfterMatching(instrument, nowMillis);
            return null;
        }

        (_, MatchingEngine engine) = _books[instrument.Name];
        decimal newPrice = limitPrice ? price!.Value : order.Price;
        if (order.PostOnly && WouldTake(engine, order.IsBuy, newPrice, instrument))
        {
            if (order.RejectPostOnly)
            {
                Cancel(order, "edit_post_only_reject", nowMillis);
                return null;
            }

            newPrice = PostOnlyPrice(engine, order.IsBuy, instrument);
        }

        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Amend(new AmendOrder(new OrderId(order.Id), s_apiAccount, new Price(ToUnits(newPrice, instrument.PriceScale)), new Quantity(ToUnits(amount - order.FilledAmount, instrument.AmountScale)), OrderFlags.None), ref recorder);
        bool unchanged = _events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected;
        if (unchanged && _events[0].Rejected.Code != ResultCode.AmendNoChange)
        {
            _events.Clear();
            edited = null;
            return DeribitError.NotOpenOrder;
        }

        order.Price = newPrice;
        order.Amount = amount;
        Apply(instrument, nowMillis);
        MarkChanged(order);
        FlushChanges();
        AfterMatching(instrument, nowMillis);
        return null;
    }

    private DeribitError? ReadNewOrder(DeribitParams parameters, out NewOrderRequest request)
    {
        request = default;
        DeribitError? error = parameters.RequiredString("instrument_name", out string name);
        if (error is not null)
        {
            return error;
        }

        if (!TryGetInstrument(name, out DeribitInstrument instrument))
        {
            return DeribitError.InvalidInstrument;
        }

        error = DeribitParams.FirstError(
            parameters.Enumerated("type", s_types, "limit", out string type),
            ReadAmount(parameters, instrument, out decimal amount),
            parameters.Enumerated("time_in_force", s_timesInForce, "good_til_cancelled", out string timeInForce),
            parameters.Boolean("post_only", fallback: false, out bool postOnly),
            parameters.Boolean("reject_post_only", fallback: false, out bool rejectPostOnly),
            parameters.Boolean("reduce_only", fallback: false, out bool reduceOnly),
            parameters.Decimal("price", out decimal? price),
            parameters.Decimal("trigger_price", out decimal? triggerPrice));
        if (error is not null)
        {
            return error;
        }

        if (type is not ("limit" or "market" or "stop_limit" or "stop_market"))
        {
            return new DeribitError(DeribitError.NotImplemented.Code, DeribitError.NotImplemented.Message, $"the simulator does not take {type} orders");
        }

        string label = parameters.String("label") ?? string.Empty;
        if (label.Length > 64)
        {
            return DeribitError.InvalidParams("label", "must be at most 64 characters");
        }

        bool limitPrice = type is "limit" or "stop_limit";
        if (limitPrice && price is null)
        {
            return DeribitError.InvalidParams("price", "must be provided");
        }

        if (limitPrice && (price!.Value <= 0m || price.Value % instrument.TickSize != 0m))
        {
            return DeribitError.PriceWrongTick;
        }

        if (postOnly && (type != "limit" || timeInForce != "good_til_cancelled"))
        {
            return DeribitError.InvalidArguments("post_only is only valid for limit orders good_til_cancelled");
        }

        if (rejectPostOnly && !postOnly)
        {
            return DeribitError.InvalidArguments("reject_post_only is only valid with post_only");
        }

        string? trigger = null;
        if (type is "stop_limit" or "stop_market")
        {
            if (triggerPrice is null)
            {
                return DeribitError.InvalidParams("trigger_price", "must be provided");
            }

            if (triggerPrice.Value <= 0m || triggerPrice.Value % instrument.TickSize != 0m)
            {
                return DeribitError.TriggerPriceWrongTick;
            }

            error = parameters.Enumerated("trigger", s_triggers, string.Empty, out trigger);
            if (error is not null)
            {
                return error;
            }
        }

        request = new NewOrderRequest
        {
            Instrument = instrument,
            Type = type,
            Amount = amount,
            TimeInForce = type == "market" ? "good_til_cancelled" : timeInForce,
            Price = limitPrice ? price!.Value : 0m,
            PostOnly = postOnly,
            RejectPostOnly = rejectPostOnly,
            ReduceOnly = reduceOnly,
            TriggerPrice = triggerPrice ?? 0m,
            Trigger = trigger,
            Label = label,
        };
        return null;
    }

    /// <summary><c>amount</c> (USD) or <c>contracts</c> (both must agree): positive, a multiple of the contract size, at least the minimum.</summary>
    private static DeribitError? ReadAmount(DeribitParams parameters, DeribitInstrument instrument, out decimal amount)
    {
        amount = 0m;
        DeribitError? error = DeribitParams.FirstError(parameters.Decimal("amount", out decimal? given), parameters.Decimal("contracts", out decimal? contracts));
        if (error is not null)
        {
            return error;
        }

        if (given is null && contracts is null)
        {
            return DeribitError.InvalidParams("amount", "must be provided (or contracts)");
        }

        decimal fromContracts = (contracts ?? 0m) * instrument.ContractSize;
        if (given is not null && contracts is not null && given.Value != fromContracts)
        {
            return DeribitError.InvalidParams("contracts", "does not match amount");
        }

        amount = given ?? fromContracts;
        if (amount <= 0m)
        {
            return DeribitError.InvalidParams("amount", "must be positive");
        }

        if (amount % instrument.ContractSize != 0m)
        {
            return DeribitError.InvalidParams("amount", $"must be a multiple of contract size {instrument.ContractSize}");
        }

        return amount < instrument.MinTradeAmount ? DeribitError.QuantityTooLow : null;
    }

    private DeribitSimOrder Record(in NewOrderRequest request, bool buy, long connectionId, string state, long nowMillis)
    {
        var order = new DeribitSimOrder
        {
            Id = _nextOrderId++,
            Instrument = request.Instrument,
            Direction = buy ? "buy" : "sell",
            OrderType = request.Type,
            TimeInForce = request.TimeInForce,
            Price = request.Price,
            Amount = request.Amount,
            Label = request.Label,
            PostOnly = request.PostOnly,
            RejectPostOnly = request.RejectPostOnly,
            ReduceOnly = request.ReduceOnly,
            TriggerPrice = request.TriggerPrice,
            Trigger = request.Trigger,
            State = state,
            ConnectionId = connectionId,
            CreationTimestamp = nowMillis,
            LastUpdateTimestamp = nowMillis,
        };
        _orders.Add(order.Id, order);
        return order;
    }

    private struct NewOrderRequest
    {
        public DeribitInstrument Instrument;
        public string Type;
        public decimal Amount;
        public string TimeInForce;
        public decimal Price;
        public bool PostOnly;
        public bool RejectPostOnly;
        public bool ReduceOnly;
        public decimal TriggerPrice;
        public string? Trigger;
        public string Label;
    }
}
