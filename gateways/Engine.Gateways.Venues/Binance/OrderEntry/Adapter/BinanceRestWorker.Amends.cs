using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.Venues.OrderEntry.Http;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// USD-M amends: <c>PUT /fapi/v1/order</c> changes the order's price and total quantity in place, under the same ids,
/// so a repeat is harmless and the answer (or the stream's AMENDMENT, or a query) is the engine's Replaced. Binance
/// cancels the order instead when the new quantity is not above what filled or a post-only price would trade; the
/// cancel is then what the engine hears. An amend without an answer is decided by asking for the order.
/// </summary>
internal sealed partial class BinanceRestWorker
{
    private void SendAmend(BinanceTrackedOrder order)
    {
        if (order.AmendRequestId == 0 || !order.IsOpen)
        {
            return;
        }

        long now = LocalMillis();
        if (now < _bannedUntil || now < _pausedUntil)
        {
            _log.WriteLine($"binance order entry: amend {order.AmendRequestId} of order {order.EngineOrderId} not sent: Binance asked for a back-off");
            _tracker.OnAmendRefused(order, ResultCode.VenueRateLimited, ServerNow());
            return;
        }

        VenueOrder request = order.ToVenueOrder(order.AmendRequestId);
        request.Price = order.AmendPrice;
        request.Quantity = order.AmendQuantity;
        if (_writer.WriteAmend(in request, ServerNow()) != ResultCode.Ok)
        {
            _tracker.OnAmendRefused(order, ResultCode.InvalidOrderType, ServerNow());
            return;
        }

        HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
        if (failure != HttpExchangeFailure.None || response.Status >= 500)
        {
            _log.WriteLine($"binance order entry: amend {order.AmendRequestId} of order {order.EngineOrderId} got no answer ({(failure != HttpExchangeFailure.None ? failure + ": " + _http.LastError : "HTTP " + response.Status)}); asking Binance for the order");
            SettleAmendByQuery(order);
            return;
        }

        RecordLimits(in response);
        if (response.Status == 200)
        {
            using JsonDocument answer = BinanceRestJson.Parse(response.Body, "modify answer");
            ApplyAmendAnswer(order, answer.RootElement);
            return;
        }

        BinanceRestJson.TryReadError(response.Body, out int code, out string message);
        ResultCode reason = BinanceRejectCodes.For(response.Status, code, System.Text.Encoding.UTF8.GetBytes(message));
        _log.WriteLine($"binance order entry: amend {order.AmendRequestId} of order {order.EngineOrderId} refused, engine code {(int)reason} {reason}: Binance refused it: {code} \"{message}\"");
        _tracker.OnAmendRefused(order, reason, ServerNow());
    }

    /// <summary>Binance's order after a modify (its answer or a query): modified, canceled by the modify, or unchanged.</summary>
    private void ApplyAmendAnswer(BinanceTrackedOrder order, JsonElement venueOrder)
    {
        string status = BinanceRestJson.Text(venueOrder, "status");
        long time = BinanceRestJson.TransactionTime(venueOrder);
        if (BinanceRestJson.IsTerminal(status))
        {
            // Binance canceled it (or it filled): settle it as Binance says; the amend did not happen.
            _tracker.OnAmendRefused(order, ResultCode.VenueRejected, time);
            QueryAndSettle(order, order.EngineOrderId);
            return;
        }

        long price = BinanceRestJson.Units(venueOrder, "price", order.Instrument.PriceScale);
        long quantity = BinanceRestJson.Units(venueOrder, "origQty", order.Instrument.QuantityScale);
        if (price == order.AmendPrice && quantity == order.AmendQuantity)
        {
            _tracker.OnAmended(order, price, quantity, time);
        }
        else
        {
            _tracker.OnAmendRefused(order, ResultCode.VenueRejected, time);
        }
    }

    private void SettleAmendByQuery(BinanceTrackedOrder order)
    {
        _writer.WriteQueryOrder(order.Instrument.Symbol, order.EngineOrderId, ServerNow());
        if (!TryExchange("order query after a modify", out JsonDocument? answer))
        {
            // Still unknown: the next reconciliation asks again; the engine keeps the order pending its amend meanwhile.
            _reconcileRequested = true;
            return;
        }

        using (answer)
        {
            ApplyAmendAnswer(order, answer!.RootElement);
        }
    }
}
