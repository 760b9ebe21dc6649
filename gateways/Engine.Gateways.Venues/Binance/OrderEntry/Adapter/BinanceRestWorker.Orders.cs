using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.Venues.OrderEntry.Http;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// The engine's requests on the REST thread: a new order (its answer decides accepted, refused or unknown), a cancel
/// (repeated when unanswered, then the order is asked about), and the engine's refusals with Binance's text logged.
/// </summary>
internal sealed partial class BinanceRestWorker
{
    private void SendNewOrder(BinanceTrackedOrder order)
    {
        long now = LocalMillis();
        if (now < _bannedUntil || now < _pausedUntil)
        {
            Refuse(order, ResultCode.VenueRateLimited, $"not sent: Binance asked for a back-off ({(now < _bannedUntil ? "418 ban" : "429")}) for another {Math.Max(_bannedUntil, _pausedUntil) - now} ms");
            return;
        }

        VenueOrder request = order.ToVenueOrder(order.EngineOrderId);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            long timestamp = ServerNow();
            order.SentTimestampMillis = timestamp;
            ResultCode written = _writer.WriteNewOrder(in request, timestamp);
            if (written != ResultCode.Ok)
            {
                Refuse(order, written, $"Binance {_writer.Market} cannot express this order (spot: reduce-only, Day or GTD; USD-M: Day); nothing was sent");
                return;
            }

            HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
            if (failure == HttpExchangeFailure.NotConnected)
            {
                Refuse(order, ResultCode.VenueRejected, $"not sent: {_http.LastError}");
                return;
            }

            if (failure != HttpExchangeFailure.None)
            {
                Unknown(order, $"{failure}: {_http.LastError}");
                return;
            }

            RecordLimits(in response);
            if (response.Status == 200)
            {
                using JsonDocument ack = BinanceRestJson.Parse(response.Body, "new order answer");
                _tracker.OnAccepted(order, BinanceRestJson.Long(ack.RootElement, "orderId"), BinanceRestJson.TransactionTime(ack.RootElement));
                return;
            }

            if (response.Status >= 500)
            {
                Unknown(order, $"HTTP {response.Status}");
                return;
            }

            if (!BinanceRestJson.TryReadError(response.Body, out int code, out string message))
            {
                Unknown(order, $"HTTP {response.Status} with an answer that is not Binance's error object");
                return;
            }

            if (code == -1021 && attempt == 0)
            {
                // Refused for its timestamp: nothing was placed, so the same request with a fresh offset is safe.
                _log.WriteLine($"binance order entry: order {order.EngineOrderId} refused for its timestamp ({message}); measuring the server time again and resending it under the same client id");
                SyncTime();
                continue;
            }

            if ((code == -2010 && message.Contains("Duplicate order", StringComparison.Ordinal)) || code == -4116)
            {
                // Binance already has this client id: a first attempt did arrive. Ask it what it holds.
                Unknown(order, message);
                return;
            }

            Refuse(order, BinanceRejectCodes.For(response.Status, code, System.Text.Encoding.UTF8.GetBytes(message)), $"Binance refused it: {code} \"{message}\"", $"{code} {message}");
            return;
        }
    }

    private void SendCancel(BinanceTrackedOrder order, BinanceCommand command)
    {
        if (!order.IsOpen)
        {
            return;
        }

        long now = LocalMillis();
        if (now < _bannedUntil || now < _pausedUntil)
        {
            Defer(command, Math.Max(_bannedUntil, _pausedUntil));
            return;
        }

        order.CancelRequestId = command.RequestId;
        VenueOrder request = order.ToVenueOrder(command.RequestId);
        _writer.WriteCancel(in request, ServerNow());
        HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
        if (failure != HttpExchangeFailure.None)
        {
            // A cancel is safe to repeat (by the order's client id); after a few tries, ask what the order is.
            _log.WriteLine($"binance order entry: cancel {command.RequestId} of order {order.EngineOrderId} got no answer ({failure}: {_http.LastError}); {(command.Attempt < 3 ? "sending it again" : "asking Binance for the order")}");
            if (command.Attempt < 3)
            {
                Defer(command with { Attempt = command.Attempt + 1 }, LocalMillis() + 100);
            }
            else
            {
                QueryAndSettle(order, command.RequestId);
            }

            return;
        }

        RecordLimits(in response);
        if (response.Status == 200)
        {
            using JsonDocument answer = BinanceRestJson.Parse(response.Body, "cancel answer");
            string status = BinanceRestJson.Text(answer.RootElement, "status");
            if (BinanceRestJson.Decimal(answer.RootElement, "executedQty") * BinanceRestJson.Pow10(order.Instrument.QuantityScale) > order.Cumulative)
            {
                // It traded before the cancel and the stream has not said so yet: the fills first.
                FetchTrades(order.Instrument);
            }

            _tracker.OnCanceled(order, command.RequestId, expired: status.StartsWith("EXPIRED", StringComparison.Ordinal), BinanceRestJson.TransactionTime(answer.RootElement));
            return;
        }

        if (response.Status is 429 or 418 || response.Status >= 500)
        {
            Defer(command with { Attempt = command.Attempt + 1 }, Math.Max(LocalMillis() + 100, _pausedUntil));
            return;
        }

        BinanceRestJson.TryReadError(response.Body, out int code, out string message);
        _log.WriteLine($"binance order entry: cancel {command.RequestId} of order {order.EngineOrderId} refused: {code} \"{message}\"; asking Binance for the order");
        QueryAndSettle(order, command.RequestId);
    }

    /// <summary>
    /// Closes the order as refused: <paramref name="venueText"/> (Binance's code and msg, as Binance sent them) is
    /// journaled on the report; a refusal the adapter made itself journals its own <paramref name="why"/>.
    /// </summary>
    private void Refuse(BinanceTrackedOrder order, ResultCode reason, string why, string? venueText = null)
    {
        _log.WriteLine($"binance order entry: order {order.EngineOrderId} ({order.Instrument.VenueSymbol}) rejected, engine code {(int)reason} {reason}: {why}");
        _tracker.OnRejected(order, order.EngineOrderId, reason, ServerNow(), venueText ?? "adapter: " + why);
    }

    private void Unknown(BinanceTrackedOrder order, string why)
    {
        UnknownOutcomes++;
        _log.WriteLine($"binance order entry: order {order.EngineOrderId} is pending-unknown ({why}): it is neither assumed placed nor refused, and will be asked about by its client id");
        _tracker.MarkUnknown(order);
        _nextUnknownQuery = LocalMillis() + (long)_options.UnknownQueryInterval.TotalMilliseconds;
    }

    private void Defer(BinanceCommand command, long notBeforeMillis) => _deferred.Add(command with { NotBeforeMillis = notBeforeMillis });

    private void RunDeferred(long now)
    {
        for (int i = 0; i < _deferred.Count; i++)
        {
            if (_deferred[i].NotBeforeMillis <= now)
            {
                BinanceCommand command = _deferred[i];
                _deferred.RemoveAt(i);
                Execute(command);
                return;
            }
        }
    }
}
