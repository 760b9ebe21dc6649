using System.Globalization;
using System.Text.Json;
using Engine.Primitives;
using Codecs = Engine.Codecs;

namespace Engine.Gateways.Admin;

/// <summary>Writes an EngineStatus message as the operators' JSON, with symbols, asset codes and exact decimals.</summary>
public static class EngineStatusJson
{
    /// <param name="transportPath">The engine's transport file, for the host's pipeline latencies beside it (null: none).</param>
    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> message, AdminCatalog catalog, string? transportPath = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(catalog);
        var status = Codecs.EngineStatusDecoder.WrapWithHeader(message, 0);
        json.WriteStartObject();
        json.WriteNumber("journalSequence", status.JournalSequence);
        json.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(status.Time / 1_000_000).ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("stateHash", status.StateHash(0).ToString("x16", CultureInfo.InvariantCulture));
        json.WriteBoolean("killSwitch", status.GlobalKillSwitch == Codecs.BooleanType.True);
        json.WriteString("tradingState", Name(status.GlobalTradingState));
        json.WriteNumber("openOrders", status.OpenOrders);
        json.WriteStartObject("counters");
        json.WriteNumber("marketData", status.MarketDataInputs);
        json.WriteNumber("ordersAccepted", status.OrdersAccepted);
        json.WriteNumber("ordersRefused", status.OrdersRefused);
        json.WriteNumber("fills", status.Fills);
        json.WriteNumber("malformedInputs", status.MalformedInputs);
        json.WriteNumber("accountingBreaks", status.AccountingBreaks);
        json.WriteNumber("adminRefused", status.AdminRefusedInActingVersion ? status.AdminRefused : 0);
        json.WriteNumber("venueBreaks", status.VenueBreaksInActingVersion ? status.VenueBreaks : 0);
        json.WriteNumber("duplicateFills", status.DuplicateFillsInActingVersion ? status.DuplicateFills : 0);
        json.WriteEndObject();

        json.WriteStartArray("accounts");
        var accounts = status.Accounts();
        while (accounts.MoveNext())
        {
            json.WriteStartObject();
            json.WriteNumber("account", accounts.AccountId);
            json.WriteBoolean("killSwitch", accounts.KillSwitch == Codecs.BooleanType.True);
            json.WriteString("tradingState", Name(accounts.TradingState));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("instruments");
        var instruments = status.Instruments();
        while (instruments.MoveNext())
        {
            json.WriteStartObject();
            json.WriteString("instrument", catalog.InstrumentName(instruments.InstrumentId));
            json.WriteString("tradingState", Name(instruments.TradingState));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("balances");
        var balances = status.Balances();
        while (balances.MoveNext())
        {
            json.WriteStartObject();
            json.WriteNumber("account", balances.AccountId);
            json.WriteString("asset", catalog.AssetName(balances.AssetId));
            json.WriteString("available", Decimal(balances.Available.Mantissa, balances.Available.Exponent));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("positions");
        var positions = status.Positions();
        while (positions.MoveNext())
        {
            json.WriteStartObject();
            json.WriteNumber("account", positions.AccountId);
            json.WriteString("instrument", catalog.InstrumentName(positions.InstrumentId));
            json.WriteString("quantity", Decimal(positions.Quantity.Mantissa, positions.Quantity.Exponent));
            json.WriteString("averageEntryPrice", Decimal(positions.AverageEntryPrice.Mantissa, positions.AverageEntryPrice.Exponent));
            json.WriteString("realisedPnl", Decimal(positions.RealisedPnl.Mantissa, positions.RealisedPnl.Exponent));
            json.WriteString("unrealisedPnl", Decimal(positions.UnrealisedPnl.Mantissa, positions.UnrealisedPnl.Exponent));
            json.WriteString("fees", Decimal(positions.Fees.Mantissa, positions.Fees.Exponent));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteLimits(json, ref status, catalog);
        WriteOrders(json, ref status, catalog);
        if (transportPath is not null)
        {
            PipelineLatencyStatusJson.Write(json, transportPath);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// <c>"limits": [{"scope":"instrument","instrument":"BTC-USDT","limit":"maxOrderSize","value":"0.5"}, ...]</c>: every
    /// risk limit in force per instrument, account and strategy; "unlimited" for the largest mantissa; with
    /// <c>"used"</c> and <c>"percent"</c> for the limits that accumulate.
    /// </summary>
    private static void WriteLimits(Utf8JsonWriter json, ref Codecs.EngineStatusDecoder status, AdminCatalog catalog)
    {
        json.WriteStartArray("limits");
        var limits = status.Limits();
        while (limits.MoveNext())
        {
            json.WriteStartObject();
            switch (limits.Scope)
            {
                case Codecs.KillScope.Instrument:
                    json.WriteString("scope", "instrument");
                    json.WriteString("instrument", catalog.InstrumentName((long)Math.Min(limits.TargetId, long.MaxValue)));
                    break;
                case Codecs.KillScope.Account:
                    json.WriteString("scope", "account");
                    json.WriteNumber("account", limits.TargetId);
                    break;
                case Codecs.KillScope.Strategy:
                    json.WriteString("scope", "strategy");
                    json.WriteNumber("strategy", limits.TargetId);
                    break;
                default:
                    json.WriteString("scope", "global");
                    break;
            }

            json.WriteString("limit", Codecs.RiskLimitNames.Of(limits.LimitType));
            long mantissa = limits.Value.Mantissa;
            json.WriteString("value", mantissa == long.MaxValue ? "unlimited" : Decimal(mantissa, limits.Value.Exponent));
            if (limits.UsedInActingVersion && limits.Used.Mantissa != long.MinValue)
            {
                WriteUse(json, limits.Used.Mantissa, limits.Used.Exponent, mantissa, limits.Value.Exponent);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// <c>"used":"0.25","percent":50.0</c>: how much of a limit is taken now (limits that accumulate: positions,
    /// exposures, the day's loss, the order burst) and its share of the limit, to a tenth of a percent (none when
    /// unlimited or zero).
    /// </summary>
    private static void WriteUse(Utf8JsonWriter json, long used, sbyte usedExponent, long limit, sbyte limitExponent)
    {
        json.WriteString("used", Decimal(used, usedExponent));
        if (limit != long.MaxValue && limit > 0)
        {
            decimal share = ToDecimal(used, usedExponent) / ToDecimal(limit, limitExponent) * 100m;
            json.WriteNumber("percent", Math.Round(share, 1, MidpointRounding.AwayFromZero));
        }
    }

    /// <summary>A wire Decimal64 as a decimal (exponents within a long's powers of ten, as the engine writes them).</summary>
    private static decimal ToDecimal(long mantissa, sbyte exponent) => exponent >= 0
        ? mantissa * (decimal)FixedPointMath.Pow10(exponent)
        : mantissa / (decimal)FixedPointMath.Pow10(-exponent);

    /// <summary><c>"orders": [{"order":7,"account":1,"instrument":"BTC-USDT","side":"buy","price":"50000.00","remaining":"0.1","state":"working"}, ...]</c></summary>
    private static void WriteOrders(Utf8JsonWriter json, ref Codecs.EngineStatusDecoder status, AdminCatalog catalog)
    {
        json.WriteStartArray("orders");
        var orders = status.Orders();
        while (orders.MoveNext())
        {
            json.WriteStartObject();
            json.WriteNumber("order", orders.OrderId);
            json.WriteNumber("account", orders.AccountId);
            json.WriteString("instrument", catalog.InstrumentName(orders.InstrumentId));
            json.WriteNumber("strategy", orders.StrategyId);
            json.WriteString("side", orders.Side == Codecs.Side.Buy ? "buy" : "sell");
            json.WriteString("price", Decimal(orders.Price.Mantissa, orders.Price.Exponent));
            json.WriteString("remaining", Decimal(orders.LeavesQuantity.Mantissa, orders.LeavesQuantity.Exponent));
            json.WriteString("state", orders.State switch
            {
                Codecs.OrderVenueState.PendingNew => "pending-new",
                Codecs.OrderVenueState.PendingCancel => "pending-cancel",
                Codecs.OrderVenueState.PendingAmend => "pending-amend",
                Codecs.OrderVenueState.Unknown => "unknown",
                _ => "working",
            });
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Name(Codecs.TradingStateCode state) => state switch
    {
        Codecs.TradingStateCode.Active => "active",
        Codecs.TradingStateCode.ReduceOnly => "reduce-only",
        Codecs.TradingStateCode.Halted => "halted",
        _ => "unknown",
    };

    /// <summary>mantissa x 10^exponent as an exact decimal string (exponents are 0 or negative: scales).</summary>
    private static string Decimal(long mantissa, sbyte exponent)
    {
        int scale = Math.Clamp(-(int)exponent, 0, FixedPointMath.MaxScale);
        Span<char> text = stackalloc char[48];
        return FixedPointMath.TryFormat(mantissa, scale, text, out int written) ? new string(text[..written]) : mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
