using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>What arrives on the connection: answers (to their calls), <c>user.orders</c> / <c>user.trades</c> notifications, heartbeats.</summary>
internal sealed partial class DeribitSession
{
    private const int LoggedAnomalies = 50;

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationTokenSource lost)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), lost.Token).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                Receive(buffer.AsMemory(0, length));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection went away (or is being closed): the loop reconnects.
        }
        finally
        {
            await lost.CancelAsync().ConfigureAwait(false);
        }
    }

    private void Receive(ReadOnlyMemory<byte> message)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Anomaly($"a message cannot be read ({e.Message}); skipped", malformed: true);
            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            Anomaly("a message is not a JSON object; skipped", malformed: true);
            return;
        }

        if (root.TryGetProperty("method", out JsonElement method))
        {
            try
            {
                Notify(method.GetString(), root);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                Anomaly($"a notification cannot be read ({e.Message}); skipped", malformed: true);
            }

            return;
        }

        if (root.TryGetProperty("id", out JsonElement id) && id.TryGetInt64(out long callId) && _calls.TryGetValue(callId, out TaskCompletionSource<JsonElement>? call))
        {
            call.TrySetResult(root);
        }
    }

    private void Notify(string? method, JsonElement root)
    {
        JsonElement parameters = root.GetProperty("params");
        if (method == "heartbeat")
        {
            if (parameters.TryGetProperty("type", out JsonElement type) && type.GetString() == "test_request")
            {
                _ = AnswerTestRequestAsync();
            }

            return;
        }

        if (method != "subscription")
        {
            return;
        }

        string channel = parameters.GetProperty("channel").GetString() ?? string.Empty;
        JsonElement data = parameters.GetProperty("data");
        if (channel.StartsWith("user.orders.", StringComparison.Ordinal))
        {
            if (data.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement order in data.EnumerateArray())
                {
                    OnOrderNotification(order);
                }
            }
            else
            {
                OnOrderNotification(data);
            }
        }
        else if (channel.StartsWith("user.trades.", StringComparison.Ordinal))
        {
            foreach (JsonElement trade in data.EnumerateArray())
            {
                DeribitTrackedOrder? order = OrderOfLabel(trade, "trade " + trade.GetProperty("trade_id").GetString());
                if (order is not null)
                {
                    ApplyTrade(order, trade, recovered: false);
                }
            }
        }
    }

    private void OnOrderNotification(JsonElement venueOrder)
    {
        DeribitTrackedOrder? order = OrderOfLabel(venueOrder, "order " + venueOrder.GetProperty("order_id").GetString());
        if (order is null)
        {
            return;
        }

        string state = venueOrder.GetProperty("order_state").GetString() ?? string.Empty;
        long filled = Units(venueOrder.GetProperty("filled_amount"), order.Instrument.QuantityScale);
        if (state == "cancelled" && filled > order.Cumulative)
        {
            // Cancelled after fills the engine has not heard of yet (user.trades may come later): the fills first.
            _ = SettleQuietlyAsync(order);
            return;
        }

        if (state != "filled")
        {
            ApplyOrder(order, venueOrder, default, recovered: false);
        }
        else
        {
            _tracker.OnAccepted(order, venueOrder.GetProperty("order_id").GetString(), venueOrder.GetProperty("last_update_timestamp").GetInt64());
        }
    }

    private async Task SettleQuietlyAsync(DeribitTrackedOrder order)
    {
        try
        {
            await SettleAsync(order, recovered: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeribitCallException or TimeoutException or OperationCanceledException or WebSocketException or JsonException)
        {
            // Reconciliation on the next connection settles it.
        }
    }

    /// <summary>The engine order a notification is about, from its label; an anomaly (counted, logged, not passed on) when it is not one of ours.</summary>
    private DeribitTrackedOrder? OrderOfLabel(JsonElement item, string what)
    {
        string label = item.TryGetProperty("label", out JsonElement l) ? l.GetString() ?? string.Empty : string.Empty;
        DeribitTrackedOrder? order = EngineOrderIdOf(label) is ulong id ? _tracker.Find(id) : null;
        if (order is null)
        {
            UnknownOrderReports++;
            Anomaly($"a notification about {what} (label '{label}') is not about an order the engine sent here; not passed on (reconciliation cancels orders the engine does not know)", malformed: false);
        }

        return order;
    }

    /// <summary>The engine's order id in a label of ours (prefix and digits), else null.</summary>
    private ulong? EngineOrderIdOf(string label) =>
        label.StartsWith(_options.LabelPrefix, StringComparison.Ordinal)
        && ulong.TryParse(label.AsSpan(_options.LabelPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)
            ? id
            : null;

    private async Task AnswerTestRequestAsync()
    {
        try
        {
            await CallAsync("public/test", new JsonObject()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeribitCallException or TimeoutException or OperationCanceledException or WebSocketException)
        {
            // A lost connection is noticed by the receive loop.
        }
    }

    private void Anomaly(string text, bool malformed)
    {
        if (malformed)
        {
            MalformedMessages++;
        }

        long count = MalformedMessages + UnknownOrderReports;
        if (count <= LoggedAnomalies || count % 1000 == 0)
        {
            _log.WriteLine($"deribit order entry: ANOMALY: {text} ({count} so far)");
        }
    }
}
