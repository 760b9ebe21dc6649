using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// OKX's JSON as its v5 documentation shows it: every number a string, the envelope <c>{"code","msg","data"}</c>, the
/// order fields of <c>GET /api/v5/trade/order</c> and the <c>orders</c> channel, fills, balances and positions.
/// </summary>
public static class OkxJson
{
    /// <summary>How OKX writes JSON on the wire: characters such as quotes in messages as they are, not \u-escaped.</summary>
    public static JsonSerializerOptions Wire { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A decimal as OKX writes it: no exponent, no trailing zeros.</summary>
    public static string Decimal(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    public static string Millis(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>{"code":"0","msg":"","data":[...]}</c>.</summary>
    public static JsonObject Success(JsonArray data) => new() { ["code"] = "0", ["msg"] = string.Empty, ["data"] = data };

    /// <summary>A request-level error: its code and message with an empty data array.</summary>
    public static JsonObject Error(OkxError error) => new() { ["code"] = error.Code, ["msg"] = error.Message, ["data"] = new JsonArray() };

    /// <summary>
    /// The answer of an order operation (place, cancel, amend; one entry per order): code <c>0</c> when every entry
    /// succeeded, <c>1</c> "Operation failed." when all failed, <c>2</c> "Bulk operation partially succeeded." otherwise.
    /// </summary>
    public static JsonObject Operation(IReadOnlyList<JsonObject> results, long inTimeMicros, long outTimeMicros)
    {
        int failed = results.Count(r => (string?)r["sCode"] != "0");
        (string code, string msg) = failed == 0 ? ("0", string.Empty) : failed == results.Count ? ("1", "Operation failed.") : ("2", "Bulk operation partially succeeded.");
        return new JsonObject
        {
            ["code"] = code,
            ["msg"] = msg,
            ["data"] = new JsonArray([.. results]),
            ["inTime"] = inTimeMicros.ToString(CultureInfo.InvariantCulture),
            ["outTime"] = outTimeMicros.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>One entry of an order operation's answer; <paramref name="error"/> null for success.</summary>
    public static JsonObject Result(string ordId, string clOrdId, string tag, long ts, OkxError? error, string? reqId = null)
    {
        var result = new JsonObject
        {
            ["clOrdId"] = clOrdId,
            ["ordId"] = ordId,
            ["tag"] = tag,
            ["ts"] = Millis(ts),
            ["sCode"] = error?.Code ?? "0",
            ["sMsg"] = error?.Message ?? "Order placed",
            ["subCode"] = string.Empty,
        };
        if (reqId is not null)
        {
            result["reqId"] = reqId;
        }

        return result;
    }

    /// <summary>
    /// An order as <c>GET /api/v5/trade/order</c> answers it (<paramref name="fill"/> null: the last fill's fields
    /// from the order) or as the <c>orders</c> channel pushes it (the fields of the fill that caused this update, or
    /// empty ones when no fill did).
    /// </summary>
    public static JsonObject Order(OkxSimOrder order, OkxFill? fill, OkxFill? lastFill, decimal lever)
    {
        OkxFill? shown = fill ?? lastFill;
        OkxInstrument instrument = order.Instrument;
        return new JsonObject
        {
            ["instType"] = instrument.InstType,
            ["instId"] = instrument.InstId,
            ["tgtCcy"] = order.TgtCcy,
            ["ccy"] = instrument.IsSwap ? instrument.SettleCurrency : string.Empty,
            ["ordId"] = order.OrdId.ToString(CultureInfo.InvariantCulture),
            ["clOrdId"] = order.ClOrdId,
            ["tag"] = order.Tag,
            ["px"] = order.IsMarket ? string.Empty : Decimal(order.Px),
            ["pxUsd"] = string.Empty,
            ["pxVol"] = string.Empty,
            ["pxType"] = string.Empty,
            ["sz"] = Decimal(order.Sz),
            ["notionalUsd"] = string.Empty,
            ["ordType"] = order.OrdType,
            ["side"] = order.Side,
            ["posSide"] = instrument.IsSwap ? "net" : string.Empty,
            ["tdMode"] = order.TdMode,
            ["fillPx"] = shown is null ? string.Empty : Decimal(shown.FillPx),
            ["tradeId"] = shown is null ? string.Empty : shown.TradeId.ToString(CultureInfo.InvariantCulture),
            ["fillSz"] = shown is null ? "0" : Decimal(shown.FillSz),
            ["fillTime"] = shown is null ? string.Empty : Millis(shown.Ts),
            ["fillFee"] = shown is null ? "0" : Decimal(shown.Fee),
            ["fillFeeCcy"] = shown?.FeeCcy ?? string.Empty,
            ["fillPnl"] = shown is null ? "0" : Decimal(shown.FillPnl),
            ["execType"] = shown?.ExecType ?? string.Empty,
            ["accFillSz"] = Decimal(order.AccFillSz),
            ["avgPx"] = Decimal(order.AvgPx),
            ["state"] = order.State,
            ["lever"] = instrument.IsSwap ? Decimal(lever) : "0",
            ["feeCcy"] = order.FeeCcy.Length > 0 ? order.FeeCcy : instrument.IsSwap ? instrument.SettleCurrency : order.IsBuy ? instrument.BaseCurrency : instrument.QuoteCurrency,
            ["fee"] = Decimal(order.Fee),
            ["rebateCcy"] = order.IsBuy ? instrument.QuoteCurrency : instrument.BaseCurrency,
            ["rebate"] = "0",
            ["pnl"] = Decimal(order.Pnl),
            ["source"] = string.Empty,
            ["category"] = "normal",
            ["reduceOnly"] = order.ReduceOnly ? "true" : "false",
            ["cancelSource"] = order.CancelSource,
            ["amendSource"] = order.ReqId.Length > 0 ? "1" : string.Empty,
            ["reqId"] = order.ReqId,
            ["amendResult"] = order.AmendResult,
            ["stpMode"] = "cancel_maker",
            ["attachAlgoOrds"] = new JsonArray(),
            ["tradeQuoteCcy"] = instrument.IsSwap ? string.Empty : instrument.QuoteCurrency,
            ["code"] = "0",
            ["msg"] = string.Empty,
            ["uTime"] = Millis(order.UTime),
            ["cTime"] = Millis(order.CTime),
        };
    }

    /// <summary>One fill as <c>GET /api/v5/trade/fills</c> answers it.</summary>
    public static JsonObject Fill(OkxFill fill, decimal feeRate) => new()
    {
        ["instType"] = fill.Instrument.InstType,
        ["instId"] = fill.Instrument.InstId,
        ["tradeId"] = fill.TradeId.ToString(CultureInfo.InvariantCulture),
        ["ordId"] = fill.OrdId.ToString(CultureInfo.InvariantCulture),
        ["clOrdId"] = fill.ClOrdId,
        ["billId"] = fill.BillId.ToString(CultureInfo.InvariantCulture),
        ["subType"] = fill.Side == "buy" ? "1" : "2",
        ["tag"] = string.Empty,
        ["fillPx"] = Decimal(fill.FillPx),
        ["fillSz"] = Decimal(fill.FillSz),
        ["fillIdxPx"] = string.Empty,
        ["fillPnl"] = Decimal(fill.FillPnl),
        ["fillPxVol"] = string.Empty,
        ["fillPxUsd"] = string.Empty,
        ["fillMarkVol"] = string.Empty,
        ["fillFwdPx"] = string.Empty,
        ["fillMarkPx"] = string.Empty,
        ["side"] = fill.Side,
        ["posSide"] = fill.Instrument.IsSwap ? "net" : string.Empty,
        ["execType"] = fill.ExecType,
        ["feeCcy"] = fill.FeeCcy,
        ["fee"] = Decimal(fill.Fee),
        ["ts"] = Millis(fill.Ts),
        ["fillTime"] = Millis(fill.Ts),
        ["feeRate"] = Decimal(-feeRate),
    };
}
