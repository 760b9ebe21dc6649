using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The checks of <c>POST /fapi/v1/order</c> before anything reaches the book, as Binance USD-M answers them:
/// mandatory parameters and their values (one-way mode: <c>positionSide</c> BOTH only; <c>closePosition</c> only on
/// STOP_MARKET and without <c>quantity</c> or <c>reduceOnly</c>), then precision, tick (-4014), minimum and step
/// (-4004, -4023), then a client order id already open (-4116).
/// </summary>
public sealed partial class BinanceUsdMExchange
{
    private BinanceError? ReadNewOrder(BinanceSignedRequest request, out NewOrderParameters order)
    {
        order = default;
        if (request["symbol"] is not string symbolName)
        {
            return BinanceError.Mandatory("symbol");
        }

        if (!TryGetSymbol(symbolName, out BinanceSymbol symbol))
        {
            return BinanceError.InvalidSymbol;
        }

        string side = request["side"] ?? string.Empty;
        if (side.Length == 0)
        {
            return BinanceError.Mandatory("side");
        }

        if (side is not ("BUY" or "SELL"))
        {
            return BinanceError.InvalidSide;
        }

        if (request["positionSide"] is string positionSide && positionSide != "BOTH")
        {
            return BinanceUsdMErrors.PositionSideMismatch;
        }

        string type = request["type"] ?? string.Empty;
        if (type.Length == 0)
        {
            return BinanceError.Mandatory("type");
        }

        if (type is not ("LIMIT" or "MARKET" or "STOP" or "STOP_MARKET"))
        {
            // TAKE_PROFIT*, TRAILING_STOP_MARKET are Binance's too, but not simulated.
            return type is "TAKE_PROFIT" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET"
                ? new BinanceError(400, -1014, "Unsupported order combination.")
                : BinanceError.InvalidOrderType;
        }

        bool limitPriced = type is "LIMIT" or "STOP";
        string timeInForce = "GTC";
        if (limitPriced)
        {
            timeInForce = request["timeInForce"] ?? string.Empty;
            if (timeInForce.Length == 0)
            {
                return BinanceError.Mandatory("timeInForce");
            }

            if (timeInForce is not ("GTC" or "IOC" or "FOK" or "GTX" or "GTD"))
            {
                return BinanceError.InvalidTimeInForce;
            }
        }

        long goodTillDate = 0;
        if (timeInForce == "GTD" && !long.TryParse(request["goodTillDate"], NumberStyles.None, CultureInfo.InvariantCulture, out goodTillDate))
        {
            return BinanceError.Mandatory("goodTillDate");
        }

        bool closePosition = false;
        BinanceError? error = ReadFlag(request, "reduceOnly", out bool reduceOnly);
        error ??= ReadFlag(request, "closePosition", out closePosition);
        if (error is not null)
        {
            return error;
        }

        decimal quantity = 0m;
        if (closePosition)
        {
            if (type != "STOP_MARKET")
            {
                return new BinanceError(400, -1014, "Unsupported order combination.");
            }

            if (request.Has("quantity"))
            {
                return BinanceError.ParameterNotRequired("quantity");
            }

            if (request.Has("reduceOnly"))
            {
                return BinanceError.ParameterNotRequired("reduceOnly");
            }
        }
        else
        {
            error = ReadQuantity(request, symbol, out quantity);
            if (error is not null)
            {
                return error;
            }
        }

        decimal price = 0m;
        if (limitPriced)
        {
            error = ReadPrice(request, "price", symbol, out price);
        }
        else if (request.Has("price"))
        {
            error = BinanceError.ParameterNotRequired("price");
        }

        decimal stopPrice = 0m;
        if (error is null && type is "STOP" or "STOP_MARKET")
        {
            error = ReadPrice(request, "stopPrice", symbol, out stopPrice);
        }

        string workingType = request["workingType"] ?? "CONTRACT_PRICE";
        if (error is null && workingType is not ("CONTRACT_PRICE" or "MARK_PRICE"))
        {
            error = BinanceError.IllegalCharacters("workingType");
        }

        if (error is not null)
        {
            return error;
        }

        string clientOrderId = NextClientOrderId();
        if (request["newClientOrderId"] is string given)
        {
            if (!ClientOrderIdPattern().IsMatch(given))
            {
                return BinanceUsdMErrors.ClientOrderIdInvalid;
            }

            if (_orders.Values.Any(o => o.IsOpen && o.ClientOrderId == given))
            {
                return BinanceUsdMErrors.DuplicateClientOrderId;
            }

            clientOrderId = given;
        }

        order = new NewOrderParameters(
            symbol, side, type, timeInForce, price, quantity, stopPrice, reduceOnly, closePosition, workingType,
            string.Equals(request["priceProtect"], "TRUE", StringComparison.OrdinalIgnoreCase), goodTillDate, clientOrderId);
        return null;
    }

    /// <summary>A quantity: present, a positive decimal within Binance's precision, at least the minimum, on the step.</summary>
    private static BinanceError? ReadQuantity(BinanceSignedRequest request, BinanceSymbol symbol, out decimal quantity)
    {
        BinanceError? error = ReadDecimal(request, "quantity", out quantity);
        if (error is not null)
        {
            return error;
        }

        if (quantity <= 0m)
        {
            return BinanceUsdMErrors.QuantityNotPositive;
        }

        if (quantity < symbol.MinQuantity)
        {
            return BinanceUsdMErrors.QuantityBelowMinimum;
        }

        return (quantity - symbol.MinQuantity) % symbol.StepSize != 0m ? BinanceUsdMErrors.QuantityNotOnStep : null;
    }

    /// <summary>A price: present, a positive decimal within Binance's precision, on the tick.</summary>
    private static BinanceError? ReadPrice(BinanceSignedRequest request, string name, BinanceSymbol symbol, out decimal price)
    {
        BinanceError? error = ReadDecimal(request, name, out price);
        if (error is not null)
        {
            return error;
        }

        if (price <= 0m)
        {
            return new BinanceError(400, -4001, "Price less than 0.");
        }

        return price % symbol.TickSize != 0m ? BinanceUsdMErrors.PriceNotOnTick : null;
    }

    /// <summary>A decimal parameter with at most 8 decimals (Binance's precision; the tick and step checks come after).</summary>
    private static BinanceError? ReadDecimal(BinanceSignedRequest request, string name, out decimal value)
    {
        value = 0m;
        string? text = request[name];
        if (text is null)
        {
            return BinanceError.Mandatory(name);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return BinanceError.IllegalCharacters(name);
        }

        int point = text.IndexOf('.', StringComparison.Ordinal);
        return point >= 0 && text.TrimEnd('0').Length - point - 1 > 8
            ? new BinanceError(400, -1111, "Precision is over the maximum defined for this asset.")
            : null;
    }

    /// <summary>"true" or "false" (Binance's boolean parameters); absent is false.</summary>
    private static BinanceError? ReadFlag(BinanceSignedRequest request, string name, out bool value)
    {
        value = false;
        string? text = request[name];
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out value))
        {
            return BinanceError.IllegalCharacters(name);
        }

        return null;
    }

    [GeneratedRegex(@"^[\.A-Z\:/a-z0-9_-]{1,36}$")]
    private static partial Regex ClientOrderIdPattern();

    /// <summary>A new order's parameters once read and checked.</summary>
    private readonly record struct NewOrderParameters(
        BinanceSymbol Symbol,
        string Side,
        string Type,
        string TimeInForce,
        decimal Price,
        decimal Quantity,
        decimal StopPrice,
        bool ReduceOnly,
        bool ClosePosition,
        string WorkingType,
        bool PriceProtect,
        long GoodTillDate,
        string ClientOrderId);
}
