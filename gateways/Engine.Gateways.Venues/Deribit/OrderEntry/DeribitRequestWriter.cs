using System.Buffers;
using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// Writes the JSON-RPC requests of the order path (<c>private/buy</c>, <c>private/sell</c>) into one reused buffer,
/// as Deribit documents them: <c>instrument_name</c>, <c>amount</c> (the listing's quantity, USD for the inverse
/// perpetuals), <c>type</c>, <c>price</c>, <c>trigger_price</c> with <c>trigger</c> last_price, <c>time_in_force</c>,
/// <c>post_only</c> with <c>reject_post_only</c> (the engine wants a refusal, not a moved price), <c>reduce_only</c>,
/// <c>label</c> = prefix + the engine's order id, and <c>valid_until</c> (after it Deribit refuses to place the request,
/// so an unanswered order's fate is settled by asking for its label then). Allocation-free once warm. Owned by the
/// thread that sends.
/// </summary>
public sealed class DeribitRequestWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _prefix;

    public DeribitRequestWriter(string labelPrefix)
    {
        _prefix = System.Text.Encoding.ASCII.GetBytes(labelPrefix);
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The request written last.</summary>
    public ReadOnlyMemory<byte> Request => _buffer.WrittenMemory;

    /// <summary>
    /// A new order as the egress reader reads it (its label id is <see cref="VenueOrder.ClientOrderId"/>, the engine's
    /// order id); false (nothing written) when Deribit cannot express it (good-till-date, a stop without its trigger
    /// price), which the adapter refuses itself.
    /// </summary>
    public bool WriteNewOrder(long id, in VenueOrder order, long validUntilMillis)
    {
        if (order.TimeInForce == Sbe.TimeInForce.GoodTillDate
            || (order.Type is Sbe.OrderType.Stop or Sbe.OrderType.StopLimit && order.StopPrice == VenueOrder.NullPrice))
        {
            return false;
        }

        Begin(id, order.Side == Sbe.Side.Buy ? "private/buy"u8 : "private/sell"u8);
        _json.WriteString("instrument_name"u8, order.Symbol);
        _json.WriteNumber("amount"u8, Decimal(order.Quantity, order.QuantityScale));
        _json.WriteString("type"u8, order.Type switch
        {
            Sbe.OrderType.Market => "market"u8,
            Sbe.OrderType.Stop => "stop_market"u8,
            Sbe.OrderType.StopLimit => "stop_limit"u8,
            _ => "limit"u8,
        });
        if (order.Type is Sbe.OrderType.Limit or Sbe.OrderType.StopLimit)
        {
            _json.WriteNumber("price"u8, Decimal(order.Price, order.PriceScale));
        }

        if (order.Type is Sbe.OrderType.Stop or Sbe.OrderType.StopLimit)
        {
            _json.WriteNumber("trigger_price"u8, Decimal(order.StopPrice, order.PriceScale));
            _json.WriteString("trigger"u8, "last_price"u8);
        }

        if (order.Type != Sbe.OrderType.Market)
        {
            _json.WriteString("time_in_force"u8, order.TimeInForce switch
            {
                Sbe.TimeInForce.ImmediateOrCancel => "immediate_or_cancel"u8,
                Sbe.TimeInForce.FillOrKill => "fill_or_kill"u8,
                Sbe.TimeInForce.Day => "good_til_day"u8,
                _ => "good_til_cancelled"u8,
            });
        }

        if (order.PostOnly)
        {
            _json.WriteBoolean("post_only"u8, true);
            _json.WriteBoolean("reject_post_only"u8, true);
        }

        if (order.ReduceOnly)
        {
            _json.WriteBoolean("reduce_only"u8, true);
        }

        WriteLabel(order.ClientOrderId);
        _json.WriteNumber("valid_until"u8, validUntilMillis);
        End();
        return true;
    }

    /// <summary>A new order of the adapter's table (see the <see cref="VenueOrder"/> overload).</summary>
    internal bool WriteNewOrder(long id, DeribitTrackedOrder order, long validUntilMillis)
    {
        ArgumentNullException.ThrowIfNull(order);
        var venueOrder = new VenueOrder
        {
            Symbol = order.Instrument.Symbol,
            PriceScale = order.Instrument.PriceScale,
            QuantityScale = order.Instrument.QuantityScale,
            ClientOrderId = order.EngineOrderId,
            OrigClientOrderId = order.EngineOrderId,
            Side = order.Side,
            Type = order.OrderType,
            TimeInForce = order.TimeInForce,
            Flags = order.Flags,
            Price = order.Price,
            StopPrice = order.StopPrice,
            Quantity = order.Quantity,
            ExpireTimeNanos = VenueOrder.NullTime,
        };
        return WriteNewOrder(id, in venueOrder, validUntilMillis);
    }

    /// <summary><c>private/edit</c>: the new total amount and price of a working limit order.</summary>
    internal void WriteEdit(long id, DeribitTrackedOrder order, long price, long quantity)
    {
        ArgumentNullException.ThrowIfNull(order);
        Begin(id, "private/edit"u8);
        _json.WriteString("order_id"u8, order.VenueOrderId);
        _json.WriteNumber("amount"u8, Decimal(quantity, order.Instrument.QuantityScale));
        _json.WriteNumber("price"u8, Decimal(price, order.Instrument.PriceScale));
        if ((order.Flags & Sbe.OrderFlags.PostOnly) != 0)
        {
            _json.WriteBoolean("post_only"u8, true);
            _json.WriteBoolean("reject_post_only"u8, true);
        }

        End();
    }

    /// <summary><c>private/cancel</c> by Deribit's order id, or <c>private/cancel_by_label</c> while Deribit's id is not known yet.</summary>
    internal void WriteCancel(long id, DeribitTrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.VenueOrderId is not null)
        {
            Begin(id, "private/cancel"u8);
            _json.WriteString("order_id"u8, order.VenueOrderId);
        }
        else
        {
            Begin(id, "private/cancel_by_label"u8);
            WriteLabel(order.EngineOrderId);
            _json.WriteString("currency"u8, order.Currency);
        }

        End();
    }

    /// <summary>The label of an engine order: prefix and decimal id.</summary>
    public string Label(ulong engineOrderId) => System.Text.Encoding.ASCII.GetString(_prefix) + engineOrderId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Begin(long id, ReadOnlySpan<byte> method)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("jsonrpc"u8, "2.0"u8);
        _json.WriteNumber("id"u8, id);
        _json.WriteString("method"u8, method);
        _json.WriteStartObject("params"u8);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
    }

    private void WriteLabel(ulong engineOrderId)
    {
        Span<byte> label = stackalloc byte[64];
        _prefix.CopyTo(label);
        System.Buffers.Text.Utf8Formatter.TryFormat(engineOrderId, label[_prefix.Length..], out int written);
        _json.WriteString("label"u8, label[..(_prefix.Length + written)]);
    }

    private static decimal Decimal(long mantissa, int scale)
    {
        ulong magnitude = (ulong)Math.Abs(mantissa);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, mantissa < 0, (byte)scale);
    }
}
