using System.Globalization;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// The checks of <c>POST /api/v3/order</c> before anything reaches the book, in the order Binance applies them:
/// mandatory parameters and their values, then the symbol's filters (PRICE_FILTER, LOT_SIZE, NOTIONAL), then a
/// duplicate open client order id.
/// </summary>
public sealed partial class BinanceSpotExchange
{
    /// <summary>Binance's assets carry at most 8 decimals.</summary>
    private const int MaxDecimals = 8;

    private BinanceError? ReadNewOrder(BinanceSignedRequest request, out BinanceSymbol symbol, out string side, out string type, out string timeInForce, out decimal price, out decimal quantity, out string clientOrderId)
    {
        symbol = null!;
        side = type = timeInForce = clientOrderId = string.Empty;
        price = quantity = 0m;
        if (request["symbol"] is not string symbolName)
        {
            return BinanceError.Mandatory("symbol");
        }

        if (!TryGetSymbol(symbolName, out symbol))
        {
            return BinanceError.InvalidSymbol;
        }

        side = request["side"] ?? string.Empty;
        if (side.Length == 0)
        {
            return BinanceError.Mandatory("side");
        }

        if (side is not ("BUY" or "SELL"))
        {
            return BinanceError.InvalidSide;
        }

        type = request["type"] ?? string.Empty;
        if (type.Length == 0)
        {
            return BinanceError.Mandatory("type");
        }

        if (type is not ("LIMIT" or "LIMIT_MAKER" or "MARKET"))
        {
            return type is "STOP_LOSS" or "STOP_LOSS_LIMIT" or "TAKE_PROFIT" or "TAKE_PROFIT_LIMIT"
                ? new BinanceError(400, -1014, "Unsupported order combination.")
                : BinanceError.InvalidOrderType;
        }

        string? tif = request["timeInForce"];
        if (type == "LIMIT")
        {
            if (tif is null)
            {
                return BinanceError.Mandatory("timeInForce");
            }

            if (tif is not ("GTC" or "IOC" or "FOK"))
            {
                return BinanceError.InvalidTimeInForce;
            }

            timeInForce = tif;
        }
        else
        {
            if (tif is not null)
            {
                return BinanceError.ParameterNotRequired("timeInForce");
            }

            timeInForce = "GTC";
        }

        BinanceError? error = ReadDecimal(request, "quantity", out quantity);
        if (error is not null)
        {
            return error;
        }

        if (type != "MARKET")
        {
            error = ReadDecimal(request, "price", out price);
            if (error is not null)
            {
                return error;
            }

            if (price % symbol.TickSize != 0m)
            {
                return BinanceError.Filter("PRICE_FILTER");
            }
        }
        else if (request.Has("price"))
        {
            return BinanceError.ParameterNotRequired("price");
        }

        if (quantity < symbol.MinQuantity || (quantity - symbol.MinQuantity) % symbol.StepSize != 0m)
        {
            return BinanceError.Filter("LOT_SIZE");
        }

        if (type != "MARKET" && price * quantity < symbol.MinNotional)
        {
            return BinanceError.Filter("NOTIONAL");
        }

        if (request["newClientOrderId"] is string given)
        {
            if (!ClientOrderIdPattern().IsMatch(given))
            {
                return new BinanceError(400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
            }

            if (_orders.Values.Any(o => o.IsOpen && o.ClientOrderId == given))
            {
                return BinanceError.DuplicateOrder;
            }

            clientOrderId = given;
        }
        else
        {
            clientOrderId = NextClientOrderId();
        }

        return null;
    }

    private static BinanceError? ReadDecimal(BinanceSignedRequest request, string name, out decimal value)
    {
        value = 0m;
        string? text = request[name];
        if (text is null)
        {
            return BinanceError.Mandatory(name);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) || value <= 0m)
        {
            return BinanceError.IllegalCharacters(name);
        }

        int point = text.IndexOf('.', StringComparison.Ordinal);
        return point >= 0 && text.Length - point - 1 > MaxDecimals ? BinanceError.TooMuchPrecision(name) : null;
    }
}
