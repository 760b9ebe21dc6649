using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.Venues.OrderEntry.Http;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// What the REST thread learns by asking: the fate of an order nobody answered for, and the reconciliation after every
/// (re)connection of the user data stream: fills the stream missed (<c>myTrades</c>), open orders against the engine's
/// (<c>openOrders</c>; orphans, orders the engine does not know, are canceled; orders gone from Binance are asked about
/// and closed as Binance says), and spot balances (<c>account</c>) or USD-M positions (<c>positionRisk</c>) against the
/// first ones seen plus every fill reported since. Each finding (a break, an orphan canceled, a fill recovered) goes to
/// the log and to the engine as a VenueAlert, so it is journaled and a break can stop the account.
/// </summary>
internal sealed partial class BinanceRestWorker
{
    private readonly Dictionary<string, long> _tradeCursor = new(StringComparer.Ordinal);
    private Dictionary<string, decimal>? _balanceBaseline;

    private enum QueryResult
    {
        Found,
        NotFound,
        Failed,
    }

    /// <summary>The gateway's clock for a finding's time (VenueAlert.time).</summary>
    private static long NowNanos() => LocalMillis() * 1_000_000;

    private void Reconcile()
    {
        if (!_engineOrdersListed)
        {
            // Until the engine has listed its open orders here, an order an earlier gateway process sent is
            // indistinguishable from an orphan: wait for the list (a bounded time: an engine that never answers must
            // not leave real orphans working).
            if (LocalMillis() < _engineOrdersDeadline)
            {
                _reconcileRequested = true;
                return;
            }

            _engineOrdersListed = true;
            _log.WriteLine($"binance order entry: the engine did not list its open orders within {_options.EngineOrdersWait.TotalSeconds:0.#} s; reconciling without them (an earlier gateway process's orders are canceled as orphans)");
        }

        ResolveUnknown(force: true);
        foreach (OrderEntryInstrument instrument in _instruments)
        {
            FetchTrades(instrument);
        }

        _writer.WriteOpenOrders(ServerNow());
        if (!TryExchange("openOrders", out JsonDocument? open))
        {
            _reconcileRequested = true;
            return;
        }

        var seen = new HashSet<ulong>();
        int adopted = 0;
        using (open)
        {
            foreach (JsonElement venueOrder in open!.RootElement.EnumerateArray())
            {
                string clientId = BinanceRestJson.Text(venueOrder, "clientOrderId");
                long venueOrderId = BinanceRestJson.Long(venueOrder, "orderId");
                if (BinanceRestJson.TryEngineId(clientId, _options.ClientIdPrefix, out ulong engineId) && _tracker.Find(engineId) is { } known)
                {
                    seen.Add(engineId);
                    _tracker.OnAccepted(known, venueOrderId, ServerNow());
                    adopted++;
                    continue;
                }

                CancelOrphan(BinanceRestJson.Text(venueOrder, "symbol"), venueOrderId, clientId);
            }
        }

        foreach (BinanceTrackedOrder order in _tracker.OpenOrders())
        {
            // PendingNew: still in this thread's queue, not sent yet.
            if (order.State != BinanceTrackedOrderState.PendingNew && !seen.Contains(order.EngineOrderId))
            {
                QueryAndSettle(order, order.CancelRequestId != 0 ? order.CancelRequestId : order.EngineOrderId);
            }
        }

        if (_writer.Market == BinanceMarket.Spot)
        {
            CheckBalances();
        }
        else
        {
            CheckPositions();
        }

        // Counted once done, so a reader that sees the count sees everything this reconciliation reported.
        Reconciliations++;
        _log.WriteLine($"binance order entry: reconciled ({Reconciliations}): {adopted} open orders agree, orphans canceled {OrphansCanceled}, fills recovered from myTrades {MissedFills}, balance breaks {BalanceBreaks}, position breaks {PositionBreaks}");
    }

    /// <summary>Asks about every order of unknown fate (due ones only unless <paramref name="force"/>).</summary>
    private void ResolveUnknown(bool force)
    {
        foreach (BinanceTrackedOrder order in _tracker.OpenOrders())
        {
            if (order.State != BinanceTrackedOrderState.PendingUnknown)
            {
                continue;
            }

            order.UnknownQueries++;
            QueryResult result = QueryAndSettle(order, order.EngineOrderId);
            if (result == QueryResult.NotFound)
            {
                long deadline = order.SentTimestampMillis + _options.RecvWindowMillis + 1_000;
                if (ServerNow() > deadline)
                {
                    // Binance refuses a request whose timestamp + recvWindow has passed: this one can never be placed now.
                    Refuse(order, ResultCode.VenueRejected, $"its fate was unknown and Binance does not have it, {order.UnknownQueries} queries and past the request's recvWindow: it never arrived");
                }
            }
            else if (result == QueryResult.Found)
            {
                _log.WriteLine($"binance order entry: order {order.EngineOrderId} of unknown fate: Binance has it ({order.State})");
            }

            if (!force)
            {
                return;
            }
        }
    }

    /// <summary>Asks Binance for one order and reports what it says (fills first, then a terminal state).</summary>
    private QueryResult QueryAndSettle(BinanceTrackedOrder order, ulong requestId)
    {
        _writer.WriteQueryOrder(order.Instrument.Symbol, order.EngineOrderId, ServerNow());
        HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
        if (failure != HttpExchangeFailure.None)
        {
            return QueryResult.Failed;
        }

        RecordLimits(in response);
        if (response.Status != 200)
        {
            return BinanceRestJson.TryReadError(response.Body, out int code, out _) && code == -2013 ? QueryResult.NotFound : QueryResult.Failed;
        }

        string status;
        long venueOrderId;
        long executed;
        long time;
        using (JsonDocument answer = BinanceRestJson.Parse(response.Body, "order query"))
        {
            status = BinanceRestJson.Text(answer.RootElement, "status");
            venueOrderId = BinanceRestJson.Long(answer.RootElement, "orderId");
            executed = BinanceRestJson.Units(answer.RootElement, "executedQty", order.Instrument.QuantityScale);
            time = BinanceRestJson.Long(answer.RootElement, "updateTime");
        }

        _tracker.SetVenueOrderId(order, venueOrderId);
        if (status is "NEW" or "PARTIALLY_FILLED" or "PENDING_NEW" || executed > 0)
        {
            _tracker.OnAccepted(order, venueOrderId, time);
        }

        if (order.IsAdopted)
        {
            FetchOrderTrades(order, venueOrderId);
        }
        else if (executed > order.Cumulative)
        {
            FetchTrades(order.Instrument);
        }

        switch (status)
        {
            case "CANCELED" or "PENDING_CANCEL":
                _tracker.OnCanceled(order, requestId, expired: false, time);
                break;
            case "EXPIRED" or "EXPIRED_IN_MATCH":
                _tracker.OnCanceled(order, requestId, expired: true, time);
                break;
            case "REJECTED":
                _tracker.OnRejected(order, order.EngineOrderId, ResultCode.VenueRejected, time);
                break;
            case "FILLED" when order.IsOpen:
                Anomalies++;
                _log.WriteLine($"binance order entry: ANOMALY: Binance says order {order.EngineOrderId} is FILLED but myTrades gave only {order.Cumulative} of {order.Quantity} units");
                break;
        }

        return QueryResult.Found;
    }

    /// <summary>The account's trades of one symbol since the last read: the engine's that were not reported enter now.</summary>
    private void FetchTrades(OrderEntryInstrument instrument)
    {
        long from = _tradeCursor.GetValueOrDefault(instrument.VenueSymbol);
        _writer.WriteMyTrades(instrument.Symbol, from, ServerNow());
        if (!TryExchange("myTrades", out JsonDocument? trades))
        {
            return;
        }

        using (trades)
        {
            foreach (JsonElement trade in trades!.RootElement.EnumerateArray())
            {
                long tradeId = BinanceRestJson.Long(trade, "id");
                _tradeCursor[instrument.VenueSymbol] = Math.Max(_tradeCursor.GetValueOrDefault(instrument.VenueSymbol), tradeId + 1);
                if (_tracker.FindByVenueOrderId(BinanceRestJson.Long(trade, "orderId")) is not { } order || order.IsAdopted)
                {
                    // Not the engine's; or adopted and not settled yet: its trades are read by order (FetchOrderTrades).
                    continue;
                }

                ReportTrade(order, trade, tradeId, BinanceRestJson.Units(trade, "qty", instrument.QuantityScale), venueCumulative: -1, "was not on the user data stream");
            }
        }
    }

    /// <summary>
    /// An adopted order's trades, oldest first (<c>myTrades</c> by order id): those past what the engine had when it
    /// listed the order enter as fills the engine missed while no gateway was there; the order is then settled.
    /// </summary>
    private void FetchOrderTrades(BinanceTrackedOrder order, long venueOrderId)
    {
        OrderEntryInstrument instrument = order.Instrument;
        _writer.WriteOrderTrades(instrument.Symbol, venueOrderId, ServerNow());
        if (!TryExchange("myTrades of an adopted order", out JsonDocument? trades))
        {
            return;
        }

        long venueCumulative = 0;
        using (trades)
        {
            foreach (JsonElement trade in trades!.RootElement.EnumerateArray())
            {
                long tradeId = BinanceRestJson.Long(trade, "id");
                long quantity = BinanceRestJson.Units(trade, "qty", instrument.QuantityScale);
                venueCumulative += quantity;
                ReportTrade(order, trade, tradeId, quantity, venueCumulative, "was made while no gateway was connected");
            }
        }

        order.IsAdopted = false;
    }

    /// <summary>
    /// One trade of <c>myTrades</c> / <c>userTrades</c> to the tracker; a fill the engine had not been told of is a
    /// missed fill: counted, logged and sent to the engine as a VenueAlert, saying <paramref name="why"/> it was missed.
    /// </summary>
    private void ReportTrade(BinanceTrackedOrder order, JsonElement trade, long tradeId, long quantity, long venueCumulative, string why)
    {
        OrderEntryInstrument instrument = order.Instrument;
        bool isNew = _tracker.OnFill(
            order,
            tradeId,
            BinanceRestJson.Units(trade, "price", instrument.PriceScale),
            quantity,
            BinanceRestJson.Flag(trade, _writer.Market == BinanceMarket.Spot ? "isMaker" : "maker"),
            BinanceRestJson.Decimal(trade, "commission"),
            trade.TryGetProperty("commissionAsset", out JsonElement asset) && asset.ValueKind == JsonValueKind.String ? asset.GetString() : null,
            BinanceRestJson.Long(trade, "time"),
            venueCumulative);
        if (isNew)
        {
            MissedFills++;
            string text = $"fill {tradeId} of order {order.EngineOrderId} {why}; reported from myTrades";
            _log.WriteLine($"binance order entry: {text}");
            _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.MissedFillRecovered, order.Account, instrument.InstrumentId, 0, 0, NowNanos(), text));
        }
    }

    private void CancelOrphan(string symbol, long venueOrderId, string clientId)
    {
        _writer.WriteCancelByVenueOrderId(Encoding.ASCII.GetBytes(symbol), venueOrderId, ServerNow());
        bool done = TryExchange("cancel orphan", out JsonDocument? answer);
        answer?.Dispose();
        string text = $"Binance order {venueOrderId} ({symbol}, client id {clientId}) is not one of the engine's; {(done ? "canceled" : "cancel failed, tried again at the next reconciliation")}";
        if (done)
        {
            OrphansCanceled++;
            uint instrument = _instruments.FirstOrDefault(i => i.VenueSymbol == symbol)?.InstrumentId ?? 0;
            _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.OrphanCanceled, _tracker.LastAccount, instrument, 0, 0, NowNanos(), text));
        }

        _log.WriteLine($"binance order entry: ORPHAN: {text}");
    }

    /// <summary>Balances against the first ones seen plus every fill reported since; a difference is an alert.</summary>
    private void CheckBalances()
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            _writer.WriteAccount(ServerNow());
            if (!TryExchange("account", out JsonDocument? account))
            {
                return;
            }

            var venue = new Dictionary<string, decimal>(StringComparer.Ordinal);
            using (account)
            {
                foreach (JsonElement balance in account!.RootElement.GetProperty("balances").EnumerateArray())
                {
                    venue[BinanceRestJson.Text(balance, "asset")] = BinanceRestJson.Decimal(balance, "free") + BinanceRestJson.Decimal(balance, "locked");
                }
            }

            Dictionary<string, decimal> change;
            lock (_tracker.Gate)
            {
                change = new Dictionary<string, decimal>(_tracker.BalanceChange, StringComparer.Ordinal);
            }

            if (_balanceBaseline is null)
            {
                _balanceBaseline = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach ((string asset, decimal total) in venue)
                {
                    _balanceBaseline[asset] = total - change.GetValueOrDefault(asset);
                }

                return;
            }

            var breaks = new List<(string Text, decimal Expected, decimal Actual)>();
            foreach (string asset in venue.Keys.Union(_balanceBaseline.Keys).Union(change.Keys).Order(StringComparer.Ordinal))
            {
                decimal expected = _balanceBaseline.GetValueOrDefault(asset) + change.GetValueOrDefault(asset);
                decimal actual = venue.GetValueOrDefault(asset);
                if (expected != actual)
                {
                    breaks.Add(($"{asset} Binance {actual} expected {expected} (difference {actual - expected})", expected, actual));
                }
            }

            if (breaks.Count == 0)
            {
                return;
            }

            if (attempt == 0)
            {
                // A fill may have landed between the trades and the account read: read the trades again, then compare once more.
                foreach (OrderEntryInstrument instrument in _instruments)
                {
                    FetchTrades(instrument);
                }

                continue;
            }

            BalanceBreaks++;
            _log.WriteLine($"binance order entry: ALERT: balance break (the venue's balances are not the start balances plus the fills reported): {string.Join("; ", breaks.Select(b => b.Text))}");
            foreach ((string text, decimal expected, decimal actual) in breaks)
            {
                _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.BalanceBreak, _tracker.LastAccount, 0, expected, actual, NowNanos(), "balance break: " + text));
            }
        }
    }

    private bool TryExchange(string what, out JsonDocument? answer)
    {
        answer = null;
        HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
        if (failure != HttpExchangeFailure.None)
        {
            _log.WriteLine($"binance order entry: {what} failed ({failure}: {_http.LastError})");
            return false;
        }

        RecordLimits(in response);
        if (response.Status != 200)
        {
            BinanceRestJson.TryReadError(response.Body, out int code, out string message);
            _log.WriteLine($"binance order entry: {what} refused: HTTP {response.Status} {code} \"{message}\"");
            return false;
        }

        answer = BinanceRestJson.Parse(response.Body, what);
        return true;
    }
}
