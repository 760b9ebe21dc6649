using System.Text.Json;

namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// Binance's words for event types (<c>e</c>), execution types (<c>x</c>) and order statuses (<c>X</c>), as the user
/// data stream documents them, matched on the raw UTF-8 bytes (no string per message); a word Binance adds later reads
/// as <c>Other</c> or <c>None</c>, never as an error.
/// </summary>
public sealed partial class BinanceExecutionReportReader
{
    private static BinanceUserEventKind Kind(ref Utf8JsonReader reader, out bool usdM)
    {
        usdM = false;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return BinanceUserEventKind.Other;
        }

        ReadOnlySpan<byte> type = reader.ValueSpan;
        usdM = type.SequenceEqual("ORDER_TRADE_UPDATE"u8) || type.SequenceEqual("ACCOUNT_UPDATE"u8);
        return type.SequenceEqual("executionReport"u8) || type.SequenceEqual("ORDER_TRADE_UPDATE"u8) ? BinanceUserEventKind.ExecutionReport
            : type.SequenceEqual("outboundAccountPosition"u8) || type.SequenceEqual("ACCOUNT_UPDATE"u8) ? BinanceUserEventKind.AccountPosition
            : type.SequenceEqual("listenKeyExpired"u8) ? BinanceUserEventKind.ListenKeyExpired
            : BinanceUserEventKind.Other;
    }

    private static BinanceExecutionType ExecutionType(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan : default;
        return text.SequenceEqual("NEW"u8) ? BinanceExecutionType.New
            : text.SequenceEqual("TRADE"u8) ? BinanceExecutionType.Trade
            : text.SequenceEqual("CANCELED"u8) ? BinanceExecutionType.Canceled
            : text.SequenceEqual("EXPIRED"u8) ? BinanceExecutionType.Expired
            : text.SequenceEqual("REJECTED"u8) ? BinanceExecutionType.Rejected
            : text.SequenceEqual("REPLACED"u8) ? BinanceExecutionType.Replaced
            : text.SequenceEqual("TRADE_PREVENTION"u8) ? BinanceExecutionType.TradePrevention
            : text.SequenceEqual("AMENDMENT"u8) ? BinanceExecutionType.Amendment
            : BinanceExecutionType.None;
    }

    private static BinanceOrderStatus OrderStatus(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan : default;
        return text.SequenceEqual("NEW"u8) ? BinanceOrderStatus.New
            : text.SequenceEqual("PARTIALLY_FILLED"u8) ? BinanceOrderStatus.PartiallyFilled
            : text.SequenceEqual("FILLED"u8) ? BinanceOrderStatus.Filled
            : text.SequenceEqual("CANCELED"u8) ? BinanceOrderStatus.Canceled
            : text.SequenceEqual("EXPIRED"u8) ? BinanceOrderStatus.Expired
            : text.SequenceEqual("EXPIRED_IN_MATCH"u8) ? BinanceOrderStatus.ExpiredInMatch
            : text.SequenceEqual("REJECTED"u8) ? BinanceOrderStatus.Rejected
            : text.SequenceEqual("PENDING_NEW"u8) ? BinanceOrderStatus.PendingNew
            : text.SequenceEqual("PENDING_CANCEL"u8) ? BinanceOrderStatus.PendingCancel
            : BinanceOrderStatus.None;
    }
}
