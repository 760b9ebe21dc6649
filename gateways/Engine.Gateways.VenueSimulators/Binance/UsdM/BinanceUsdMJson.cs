using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The JSON bodies of Binance USD-M's REST answers, with its field names: prices and quantities as strings at the
/// symbol's precision, amounts of the margin asset with 8 decimals.
/// </summary>
public static class BinanceUsdMJson
{
    public static string Price(decimal value, BinanceSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return value.ToString("F" + symbol.PriceScale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Quantity(decimal value, BinanceSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return value.ToString("F" + symbol.QuantityScale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Amount(decimal value) => value.ToString("F8", CultureInfo.InvariantCulture);

    /// <summary>An order as the new-order, cancel, modify and query answers and <c>openOrders</c> show it.</summary>
    public static JsonObject Order(BinanceUsdMOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        BinanceSymbol symbol = order.Symbol;
        return new JsonObject
        {
            ["avgPrice"] = Price(order.AveragePrice, symbol),
            ["clientOrderId"] = order.ClientOrderId,
            ["cumQty"] = Quantity(order.ExecutedQty, symbol),
            ["cumQuote"] = Amount(order.CumQuote),
            ["executedQty"] = Quantity(order.ExecutedQty, symbol),
            ["orderId"] = order.OrderId,
            ["origQty"] = Quantity(order.OrigQty, symbol),
            ["origType"] = order.Type,
            ["price"] = Price(order.Price, symbol),
            ["reduceOnly"] = order.ReduceOnly || order.ClosePosition,
            ["side"] = order.Side,
            ["positionSide"] = "BOTH",
            ["status"] = order.Status,
            ["stopPrice"] = Price(order.StopPrice, symbol),
            ["closePosition"] = order.ClosePosition,
            ["symbol"] = symbol.Name,
            ["time"] = order.Time,
            ["timeInForce"] = order.TimeInForce,
            ["type"] = order.Type,
            ["updateTime"] = order.UpdateTime,
            ["workingType"] = order.WorkingType,
            ["priceProtect"] = order.PriceProtect,
            ["priceMatch"] = "NONE",
            ["selfTradePreventionMode"] = "NONE",
            ["goodTillDate"] = order.GoodTillDate,
        };
    }

    public static JsonObject Trade(BinanceUsdMFill fill, BinanceSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return new JsonObject
        {
            ["buyer"] = fill.IsBuyer,
            ["commission"] = Amount(fill.Commission),
            ["commissionAsset"] = fill.CommissionAsset,
            ["id"] = fill.TradeId,
            ["maker"] = fill.IsMaker,
            ["orderId"] = fill.OrderId,
            ["price"] = Price(fill.Price, symbol),
            ["qty"] = Quantity(fill.Quantity, symbol),
            ["quoteQty"] = Amount(fill.Price * fill.Quantity),
            ["realizedPnl"] = Amount(fill.RealizedPnl),
            ["side"] = fill.IsBuyer ? "BUY" : "SELL",
            ["positionSide"] = "BOTH",
            ["symbol"] = fill.Symbol,
            ["time"] = fill.Time,
        };
    }

    /// <summary>One entry of <c>GET /fapi/v2/positionRisk</c> (one-way mode, cross margin).</summary>
    public static JsonObject PositionRisk(BinanceUsdMExchange exchange, BinanceUsdMPosition position)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(position);
        BinanceSymbol symbol = position.Symbol;
        decimal mark = exchange.MarkPrice(symbol.Name);
        return new JsonObject
        {
            ["entryPrice"] = Price(position.EntryPrice, symbol),
            ["breakEvenPrice"] = Price(position.EntryPrice, symbol),
            ["marginType"] = "cross",
            ["isAutoAddMargin"] = "false",
            ["isolatedMargin"] = Amount(0m),
            ["leverage"] = position.Leverage.ToString(CultureInfo.InvariantCulture),
            ["liquidationPrice"] = Price(exchange.LiquidationPrice(position), symbol),
            ["markPrice"] = Price(mark, symbol),
            ["maxNotionalValue"] = "1000000",
            ["positionAmt"] = Quantity(position.Amount, symbol),
            ["notional"] = Amount(position.Amount * mark),
            ["isolatedWallet"] = "0",
            ["symbol"] = symbol.Name,
            ["unRealizedProfit"] = Amount(exchange.UnrealizedProfit(position)),
            ["positionSide"] = "BOTH",
            ["updateTime"] = position.UpdateTime,
        };
    }

    /// <summary>The margin asset's entry of <c>GET /fapi/v2/balance</c>.</summary>
    public static JsonObject Balance(BinanceUsdMExchange exchange, long now)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return new JsonObject
        {
            ["accountAlias"] = "SgsR",
            ["asset"] = exchange.MarginAsset,
            ["balance"] = Amount(exchange.WalletBalance),
            ["crossWalletBalance"] = Amount(exchange.WalletBalance),
            ["crossUnPnl"] = Amount(exchange.TotalUnrealizedProfit),
            ["availableBalance"] = Amount(exchange.AvailableBalance),
            ["maxWithdrawAmount"] = Amount(Math.Max(0m, exchange.AvailableBalance)),
            ["marginAvailable"] = true,
            ["updateTime"] = now,
        };
    }

    /// <summary><c>GET /fapi/v2/account</c>: totals, the margin asset and every symbol's position.</summary>
    public static JsonObject Account(BinanceUsdMExchange exchange, long now)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        decimal wallet = exchange.WalletBalance;
        decimal unrealized = exchange.TotalUnrealizedProfit;
        decimal positionMargin = exchange.TotalPositionInitialMargin;
        decimal orderMargin = exchange.TotalOpenOrderInitialMargin;
        decimal maintenance = exchange.Positions.Sum(p => Math.Abs(p.Amount) * exchange.MarkPrice(p.Symbol.Name)) * BinanceUsdMExchange.MaintenanceMarginRate;
        var positions = new JsonArray();
        foreach (BinanceUsdMPosition position in exchange.Positions)
        {
            BinanceSymbol symbol = position.Symbol;
            positions.Add(new JsonObject
            {
                ["symbol"] = symbol.Name,
                ["initialMargin"] = Amount(exchange.PositionInitialMargin(position) + exchange.OpenOrderInitialMargin(symbol.Name)),
                ["maintMargin"] = Amount(Math.Abs(position.Amount) * exchange.MarkPrice(symbol.Name) * BinanceUsdMExchange.MaintenanceMarginRate),
                ["unrealizedProfit"] = Amount(exchange.UnrealizedProfit(position)),
                ["positionInitialMargin"] = Amount(exchange.PositionInitialMargin(position)),
                ["openOrderInitialMargin"] = Amount(exchange.OpenOrderInitialMargin(symbol.Name)),
                ["leverage"] = position.Leverage.ToString(CultureInfo.InvariantCulture),
                ["isolated"] = false,
                ["entryPrice"] = Price(position.EntryPrice, symbol),
                ["breakEvenPrice"] = Price(position.EntryPrice, symbol),
                ["maxNotional"] = "1000000",
                ["positionSide"] = "BOTH",
                ["positionAmt"] = Quantity(position.Amount, symbol),
                ["updateTime"] = position.UpdateTime,
            });
        }

        return new JsonObject
        {
            ["feeTier"] = 0,
            ["feeBurn"] = false,
            ["canTrade"] = true,
            ["canDeposit"] = true,
            ["canWithdraw"] = true,
            ["updateTime"] = 0,
            ["multiAssetsMargin"] = false,
            ["tradeGroupId"] = -1,
            ["totalInitialMargin"] = Amount(positionMargin + orderMargin),
            ["totalMaintMargin"] = Amount(maintenance),
            ["totalWalletBalance"] = Amount(wallet),
            ["totalUnrealizedProfit"] = Amount(unrealized),
            ["totalMarginBalance"] = Amount(wallet + unrealized),
            ["totalPositionInitialMargin"] = Amount(positionMargin),
            ["totalOpenOrderInitialMargin"] = Amount(orderMargin),
            ["totalCrossWalletBalance"] = Amount(wallet),
            ["totalCrossUnPnl"] = Amount(unrealized),
            ["availableBalance"] = Amount(exchange.AvailableBalance),
            ["maxWithdrawAmount"] = Amount(Math.Max(0m, exchange.AvailableBalance)),
            ["assets"] = new JsonArray(new JsonObject
            {
                ["asset"] = exchange.MarginAsset,
                ["walletBalance"] = Amount(wallet),
                ["unrealizedProfit"] = Amount(unrealized),
                ["marginBalance"] = Amount(wallet + unrealized),
                ["maintMargin"] = Amount(maintenance),
                ["initialMargin"] = Amount(positionMargin + orderMargin),
                ["positionInitialMargin"] = Amount(positionMargin),
                ["openOrderInitialMargin"] = Amount(orderMargin),
                ["crossWalletBalance"] = Amount(wallet),
                ["crossUnPnl"] = Amount(unrealized),
                ["availableBalance"] = Amount(exchange.AvailableBalance),
                ["maxWithdrawAmount"] = Amount(Math.Max(0m, exchange.AvailableBalance)),
                ["marginAvailable"] = true,
                ["updateTime"] = now,
            }),
            ["positions"] = positions,
        };
    }
}
