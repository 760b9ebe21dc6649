using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>The engine's requests on the wire and their answers: buy/sell, cancel, edit, and asking Deribit by label when an answer is missing.</summary>
internal sealed partial class DeribitSession
{
    private readonly HashSet<ulong> _cancelsToResend = [];

    private async Task HandleAsync(DeribitCommand command)
    {
        DeribitTrackedOrder? order = _tracker.Find(command.EngineOrderId);
        if (order is null)
        {
            return;
        }

        try
        {
            switch (command.Kind)
            {
                case DeribitCommandKind.NewOrder:
                    await PlaceAsync(order).ConfigureAwait(false);
                    break;
                case DeribitCommandKind.Cancel:
                    await CancelAsync(order, command.RequestId).ConfigureAwait(false);
                    break;
                default:
                    await AmendAsync(order, command.RequestId).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is DeribitCallException or TimeoutException or OperationCanceledException or WebSocketException or JsonException)
        {
            switch (command.Kind)
            {
                case DeribitCommandKind.NewOrder:
                    _tracker.MarkUnknown(order);
                    UnknownOutcomes++;
                    _log.WriteLine($"deribit order entry: order {order.EngineOrderId} ({LabelOf(order.EngineOrderId)}) got no answer ({e.GetType().Name}); PENDING-UNKNOWN until Deribit is asked for its label");
                    break;
                case DeribitCommandKind.Cancel:
                    lock (_cancelsToResend)
                    {
                        _cancelsToResend.Add(order.EngineOrderId);
                    }

                    _log.WriteLine($"deribit order entry: cancel {command.RequestId} of order {order.EngineOrderId} got no answer ({e.GetType().Name}); sent again once connected");
                    break;
                default:
                    order.AmendUnanswered = true;
                    _log.WriteLine($"deribit order entry: amend {command.RequestId} of order {order.EngineOrderId} got no answer ({e.GetType().Name}); settled when Deribit is asked for the order");
                    break;
            }
        }
    }

    private async Task PlaceAsync(DeribitTrackedOrder order)
    {
        if (order.State != DeribitTrackedOrderState.PendingNew)
        {
            return;
        }

        long id = Interlocked.Increment(ref _nextId);
        order.ValidUntilMillis = ServerNow + (long)_options.RequestTimeout.TotalMilliseconds;
        JsonElement? sent = await CallWrittenAsync(id, () => _writer.WriteNewOrder(id, order, order.ValidUntilMillis)).ConfigureAwait(false);
        if (sent is not JsonElement answer)
        {
            _tracker.OnRejected(order, ResultCode.VenueRejected, Now(), "adapter: Deribit cannot express this order (good-till-date, or a stop without its trigger price)");
            return;
        }

        if (answer.TryGetProperty("error", out JsonElement error))
        {
            int code = error.GetProperty("code").GetInt32();
            if (code is 11094 or 13028 or 10040)
            {
                // Deribit's own words for "maybe": the outcome is unknown, asked for by label once valid_until has passed.
                _tracker.MarkUnknown(order);
                UnknownOutcomes++;
                _log.WriteLine($"deribit order entry: order {order.EngineOrderId} answered {ErrorText(error)}; PENDING-UNKNOWN until Deribit is asked for its label");
                return;
            }

            Refuse(order, error);
            return;
        }

        JsonElement result = answer.GetProperty("result");
        ApplyOrder(order, result.GetProperty("order"), result.TryGetProperty("trades", out JsonElement trades) ? trades : default, recovered: false);
    }

    private async Task CancelAsync(DeribitTrackedOrder order, ulong requestId)
    {
        if (!order.IsOpen)
        {
            return;
        }

        order.CancelRequestId = requestId;
        long id = Interlocked.Increment(ref _nextId);
        JsonElement answer = (await CallWrittenAsync(id, () =>
        {
            _writer.WriteCancel(id, order);
            return true;
        }).ConfigureAwait(false))!.Value;
        lock (_cancelsToResend)
        {
            _cancelsToResend.Remove(order.EngineOrderId);
        }

        if (answer.TryGetProperty("error", out JsonElement error))
        {
            int code = error.GetProperty("code").GetInt32();
            if (code is 11094 or 13028 or 10040)
            {
                // Deribit's "maybe": the order says whether the cancel took effect; if not, the cancel is repeated.
                await SettleAsync(order, recovered: false).ConfigureAwait(false);
                if (order.IsOpen && ++order.CancelRetries <= 3)
                {
                    Enqueue(new DeribitCommand(DeribitCommandKind.Cancel, order.EngineOrderId, requestId));
                }

                return;
            }

            if (code is 11044 or 10004 or 10010)
            {
                // Closed already (filled, or cancelled on Deribit's side): Deribit says how.
                await SettleAsync(order, recovered: false).ConfigureAwait(false);
                return;
            }

            (string? reason, string? param) = ErrorData(error);
            string text = ErrorText(error);
            _log.WriteLine($"deribit order entry: cancel {requestId} of order {order.EngineOrderId} refused: {text}");
            _tracker.OnRequestRefused(order, requestId, DeribitRejectCodes.For(code, reason, param), Now(), text);
            return;
        }

        JsonElement result = answer.GetProperty("result");
        if (result.ValueKind == JsonValueKind.Object)
        {
            ApplyOrder(order, result, default, recovered: false);
        }
        else if (result.ValueKind == JsonValueKind.Number && result.GetInt32() > 0)
        {
            _tracker.OnCanceled(order, Now());
        }
        else
        {
            await SettleAsync(order, recovered: false).ConfigureAwait(false);
        }
    }

    private async Task AmendAsync(DeribitTrackedOrder order, ulong requestId)
    {
        if (order.VenueOrderId is null)
        {
            _tracker.OnRequestRefused(order, requestId, ResultCode.VenueRejected, Now(), "adapter: Deribit has not confirmed the order yet; amend it once it is working");
            return;
        }

        long id = Interlocked.Increment(ref _nextId);
        JsonElement answer = (await CallWrittenAsync(id, () =>
        {
            _writer.WriteEdit(id, order, order.AmendPrice, order.AmendQuantity);
            return true;
        }).ConfigureAwait(false))!.Value;
        if (answer.TryGetProperty("error", out JsonElement error))
        {
            if (error.GetProperty("code").GetInt32() is 11094 or 13028 or 10040)
            {
                // Deribit's "maybe": whether the edit took effect is read from the order itself.
                order.AmendUnanswered = true;
                _log.WriteLine($"deribit order entry: amend {requestId} of order {order.EngineOrderId} answered {ErrorText(error)}; settled when Deribit is asked for the order");
                return;
            }

            (string? reason, string? param) = ErrorData(error);
            string text = ErrorText(error);
            _log.WriteLine($"deribit order entry: amend {requestId} of order {order.EngineOrderId} refused: {text}");
            _tracker.OnRequestRefused(order, requestId, DeribitRejectCodes.For(error.GetProperty("code").GetInt32(), reason, param), Now(), text);
            return;
        }

        JsonElement result = answer.GetProperty("result");
        ApplyOrder(order, result.GetProperty("order"), result.TryGetProperty("trades", out JsonElement trades) ? trades : default, recovered: false);
        if (order.IsOpen && order.AmendRequestId == requestId)
        {
            _tracker.OnRequestRefused(order, requestId, ResultCode.VenueRejected, Now(), "adapter: Deribit's answer to the edit shows another price or amount");
        }
    }

    /// <summary>
    /// Asks Deribit for the order by its label (<c>private/get_order_state_by_label</c>): found, its state and any
    /// fills the engine was not told of (<c>private/get_user_trades_by_order</c>) are applied; not found once its
    /// <c>valid_until</c> has passed (Deribit can no longer place it), the order is rejected.
    /// </summary>
    private async Task SettleAsync(DeribitTrackedOrder order, bool recovered)
    {
        JsonElement found = await ResultAsync("private/get_order_state_by_label", new JsonObject { ["currency"] = order.Currency, ["label"] = LabelOf(order.EngineOrderId) }).ConfigureAwait(false);
        if (found.GetArrayLength() == 0)
        {
            if (order.State is DeribitTrackedOrderState.PendingNew or DeribitTrackedOrderState.PendingUnknown && ServerNow > order.ValidUntilMillis + 1_000)
            {
                _log.WriteLine($"deribit order entry: order {order.EngineOrderId} ({LabelOf(order.EngineOrderId)}) is not at Deribit and its request can no longer take effect; rejected");
                _tracker.OnRejected(order, ResultCode.VenueRejected, Now(), $"adapter: Deribit has no order labelled {LabelOf(order.EngineOrderId)} (the request never took effect)");
            }

            return;
        }

        if (found.GetArrayLength() > 1)
        {
            _log.WriteLine($"ANOMALY: deribit order entry: {found.GetArrayLength()} orders at Deribit carry the label {LabelOf(order.EngineOrderId)}; the last is taken");
        }

        JsonElement venueOrder = found[found.GetArrayLength() - 1];
        JsonElement trades = default;
        if (Units(venueOrder.GetProperty("filled_amount"), order.Instrument.QuantityScale) > order.Cumulative)
        {
            trades = await ResultAsync("private/get_user_trades_by_order", new JsonObject { ["order_id"] = venueOrder.GetProperty("order_id").GetString(), ["sorting"] = "asc" }).ConfigureAwait(false);
        }

        ApplyOrder(order, venueOrder, trades, recovered);
        if (order.AmendUnanswered)
        {
            // The edit's answer was lost: Deribit's order shows whether it took effect (Replaced above) or not.
            order.AmendUnanswered = false;
            if (order.IsOpen && order.AmendRequestId != 0)
            {
                _tracker.OnRequestRefused(order, order.AmendRequestId, ResultCode.VenueRejected, Now(), "adapter: the edit got no answer and Deribit shows the order unchanged");
            }
        }
    }

    /// <summary>Orders whose request went unanswered: asked about once their <c>valid_until</c> has passed.</summary>
    private async Task SettleUnknownAsync()
    {
        foreach (DeribitTrackedOrder order in _tracker.OpenOrders())
        {
            if ((order.State == DeribitTrackedOrderState.PendingUnknown && ServerNow > order.ValidUntilMillis + 1_000) || order.AmendUnanswered)
            {
                await SettleAsync(order, recovered: true).ConfigureAwait(false);
            }
        }
    }

    private void ResendPendingCancels()
    {
        lock (_cancelsToResend)
        {
            foreach (ulong engineOrderId in _cancelsToResend)
            {
                DeribitTrackedOrder? order = _tracker.Find(engineOrderId);
                if (order is { IsOpen: true })
                {
                    Enqueue(new DeribitCommand(DeribitCommandKind.Cancel, engineOrderId, order.CancelRequestId));
                }
            }

            _cancelsToResend.Clear();
        }
    }

    /// <summary>
    /// Deribit's order object (an answer, a notification or a query) with the fills that came with it: New when it
    /// is first seen, the fills, then its end (cancelled, rejected), or Replaced when it shows the amend in flight.
    /// </summary>
    private void ApplyOrder(DeribitTrackedOrder order, JsonElement venueOrder, JsonElement trades, bool recovered)
    {
        long time = venueOrder.TryGetProperty("last_update_timestamp", out JsonElement t) ? t.GetInt64() : Now();
        string state = venueOrder.GetProperty("order_state").GetString() ?? string.Empty;
        string? venueOrderId = venueOrder.GetProperty("order_id").GetString();
        if (state == "rejected")
        {
            _tracker.OnRejected(order, ResultCode.VenueRejected, time, "order_state rejected");
            return;
        }

        _tracker.OnAccepted(order, venueOrderId, time);
        if (trades.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement trade in trades.EnumerateArray())
            {
                ApplyTrade(order, trade, recovered);
            }
        }

        if (state == "cancelled")
        {
            _tracker.OnCanceled(order, time, venueOrder.TryGetProperty("cancel_reason", out JsonElement reason) ? "cancel_reason " + reason.GetString() : null);
        }
        else if (state is "open" or "untriggered" && order.AmendRequestId != 0 && venueOrder.GetProperty("price").ValueKind == JsonValueKind.Number)
        {
            _tracker.OnReplaced(order, Units(venueOrder.GetProperty("price"), order.Instrument.PriceScale), Units(venueOrder.GetProperty("amount"), order.Instrument.QuantityScale), time);
        }
    }

    private void ApplyTrade(DeribitTrackedOrder order, JsonElement trade, bool recovered)
    {
        string tradeId = trade.GetProperty("trade_id").GetString() ?? string.Empty;
        long price = Units(trade.GetProperty("price"), order.Instrument.PriceScale);
        long amount = Units(trade.GetProperty("amount"), order.Instrument.QuantityScale);
        bool maker = trade.TryGetProperty("liquidity", out JsonElement liquidity) && liquidity.GetString() == "M";
        long time = trade.GetProperty("timestamp").GetInt64();
        if (_tracker.OnFill(order, tradeId, price, amount, maker, time) && recovered)
        {
            MissedFills++;
            string text = $"fill {tradeId} of order {order.EngineOrderId} ({order.Instrument.VenueSymbol}, {amount} at {price}) reported from Deribit's trades";
            _log.WriteLine($"deribit order entry: {text}");
            _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.MissedFillRecovered, order.Account, order.Instrument.InstrumentId, 0, 0, Now() * 1_000_000, text));
        }
    }

    private void Refuse(DeribitTrackedOrder order, JsonElement error)
    {
        int code = error.GetProperty("code").GetInt32();
        (string? reason, string? param) = ErrorData(error);
        ResultCode engineCode = code == 13888 ? ResultCode.VenueRejected : DeribitRejectCodes.For(code, reason, param);
        string text = ErrorText(error);
        _log.WriteLine($"deribit order entry: order {order.EngineOrderId} ({order.Instrument.VenueSymbol}) rejected, engine code {(int)engineCode} {engineCode}: Deribit refused it: {text}");
        _tracker.OnRejected(order, engineCode, Now(), text);
    }

    /// <summary>Writes a request under the send lock (the writer's buffer is shared) and waits for its answer; null when <paramref name="write"/> wrote nothing.</summary>
    private async Task<JsonElement?> CallWrittenAsync(long id, Func<bool> write)
    {
        ClientWebSocket socket = _socket ?? throw new DeribitCallException("not connected");
        CancellationToken lost = _connectionLost?.Token ?? throw new DeribitCallException("not connected");
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = answer;
        try
        {
            await _sendLock.WaitAsync(lost).ConfigureAwait(false);
            try
            {
                if (!write())
                {
                    return null;
                }

                await socket.SendAsync(_writer.Request, WebSocketMessageType.Text, endOfMessage: true, lost).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            return await answer.Task.WaitAsync(_options.RequestTimeout, lost).ConfigureAwait(false);
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    /// <summary>A JSON number at the listing's scale as its mantissa (50000.5 at scale 1: 500005).</summary>
    private static long Units(JsonElement number, int scale)
    {
        decimal value = number.GetDecimal();
        for (int i = 0; i < scale; i++)
        {
            value *= 10m;
        }

        return value == decimal.Truncate(value) ? (long)value : throw new JsonException($"{number} has more decimals than the listing's scale {scale}");
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
