using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// The trade endpoints: place (single and batch), cancel, amend, cancel-all-after, and the order queries. An order
/// operation answers one entry per order with its <c>sCode</c>/<c>sMsg</c> (<see cref="OkxJson.Operation"/>); a missing
/// mandatory parameter is a request-level 50014.
/// </summary>
public sealed partial class OkxSimulator
{
    /// <summary>OKX: at most 20 orders in one batch.</summary>
    private const int MaxBatch = 20;

    private (int, JsonNode) PlaceOrder(JsonNode? body, OkxArgs args, long now) =>
        Operation([args], now, PlaceOne);

    private (int, JsonNode) PlaceBatch(JsonNode? body, OkxArgs args, long now)
    {
        if (body is not JsonArray array || array.Count == 0)
        {
            return Fail(OkxError.JsonSyntax);
        }

        if (array.Count > MaxBatch)
        {
            return Fail(new OkxError(200, "51111", $"Maximum {MaxBatch} orders can be placed in bulk."));
        }

        var all = new List<OkxArgs>();
        foreach (JsonNode? node in array)
        {
            OkxArgs? parsed = node is JsonObject item ? OkxArgs.FromObject(item) : null;
            if (parsed is null)
            {
                return Fail(OkxError.JsonSyntax);
            }

            all.Add(parsed);
        }

        return Operation(all, now, PlaceOne);
    }

    private (int, JsonNode) CancelOrder(JsonNode? body, OkxArgs args, long now) => Operation([args], now, CancelOne);

    private (int, JsonNode) AmendOrder(JsonNode? body, OkxArgs args, long now) => Operation([args], now, AmendOne);

    private delegate JsonObject? OrderOperation(OkxArgs args, long now, out OkxError? requestError);

    /// <summary>Runs one operation per order; a request-level error of any of them is the whole answer.</summary>
    private static (int, JsonNode) Operation(IReadOnlyList<OkxArgs> all, long now, OrderOperation operation)
    {
        var results = new List<JsonObject>();
        foreach (OkxArgs args in all)
        {
            JsonObject? result = operation(args, now, out OkxError? requestError);
            if (result is null)
            {
                return Fail(requestError!);
            }

            results.Add(result);
        }

        return (200, OkxJson.Operation(results, now * 1000, now * 1000));
    }

    private JsonObject? PlaceOne(OkxArgs args, long now, out OkxError? requestError)
    {
        OkxError? error = Exchange.Place(args, now, out OkxSimOrder? order);
        requestError = error is not null && OkxExchange.IsRequestLevel(error) ? error : null;
        return requestError is not null
            ? null
            : OkxJson.Result(order?.OrdId.ToString(CultureInfo.InvariantCulture) ?? string.Empty, args["clOrdId"] ?? string.Empty, args["tag"] ?? string.Empty, now, error);
    }

    private JsonObject? CancelOne(OkxArgs args, long now, out OkxError? requestError)
    {
        requestError = args["instId"] is null ? OkxError.Empty("instId") : null;
        if (requestError is not null)
        {
            return null;
        }

        string instId = args["instId"]!;
        long? ordId = long.TryParse(args["ordId"], out long id) ? id : null;
        OkxError? error;
        OkxSimOrder? order = null;
        if (!Exchange.TryGetInstrument(instId, out _))
        {
            error = OkxError.InstrumentMissing;
        }
        else if (ordId is null && args["clOrdId"] is null)
        {
            error = OkxError.EitherOrderId;
        }
        else
        {
            order = Exchange.Find(instId, ordId, ordId is null ? args["clOrdId"] : null, now);
            error = order is null ? OkxError.CancelFailed : Exchange.Cancel(order, now);
        }

        return OkxJson.Result(order?.OrdId.ToString(CultureInfo.InvariantCulture) ?? args["ordId"] ?? string.Empty, order?.ClOrdId ?? args["clOrdId"] ?? string.Empty, string.Empty, now, error);
    }

    private JsonObject? AmendOne(OkxArgs args, long now, out OkxError? requestError)
    {
        OkxError? error = Exchange.Amend(args, now, out OkxSimOrder? order);
        requestError = error is not null && OkxExchange.IsRequestLevel(error) ? error : null;
        if (requestError is not null)
        {
            return null;
        }

        JsonObject result = OkxJson.Result(order?.OrdId.ToString(CultureInfo.InvariantCulture) ?? args["ordId"] ?? string.Empty, order?.ClOrdId ?? args["clOrdId"] ?? string.Empty, string.Empty, now, error, args["reqId"] ?? string.Empty);
        result.Remove("tag");
        return result;
    }

    /// <summary><c>timeOut</c> 0 disarms, 10..120 seconds arms the countdown; the answer carries the trigger time.</summary>
    private (int, JsonNode) CancelAllAfter(JsonNode? body, OkxArgs args, long now)
    {
        if (args["timeOut"] is null)
        {
            return Fail(OkxError.Empty("timeOut"));
        }

        if (!int.TryParse(args["timeOut"], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || (seconds != 0 && seconds is < 10 or > 120))
        {
            return Fail(OkxError.CancelAllAfterRange);
        }

        long trigger = Exchange.SetCancelAllAfter(seconds, now);
        return Ok([new JsonObject { ["triggerTime"] = OkxJson.Millis(trigger), ["tag"] = args["tag"] ?? string.Empty, ["ts"] = OkxJson.Millis(now) }]);
    }

    private (int, JsonNode) QueryOrder(JsonNode? body, OkxArgs args, long now)
    {
        if (args["instId"] is null)
        {
            return Fail(OkxError.Empty("instId"));
        }

        if (!Exchange.TryGetInstrument(args["instId"], out _))
        {
            return Fail(OkxError.InstrumentMissing);
        }

        long? ordId = long.TryParse(args["ordId"], out long id) ? id : null;
        if (ordId is null && args["clOrdId"] is null)
        {
            return Fail(OkxError.EitherOrderId);
        }

        OkxSimOrder? order = Exchange.Find(args["instId"]!, ordId, ordId is null ? args["clOrdId"] : null, now);
        return order is null ? Fail(OkxError.OrderDoesNotExist) : Ok([OrderJson(order, null)]);
    }

    /// <summary>Open orders (live, partially_filled), newest first; filters instType, instId, ordType, state; paging by ordId (after: older, before: newer), limit 100.</summary>
    private (int, JsonNode) PendingOrders(JsonNode? body, OkxArgs args, long now)
    {
        long after = long.TryParse(args["after"], out long a) ? a : long.MaxValue;
        long before = long.TryParse(args["before"], out long b) ? b : long.MinValue;
        int limit = int.TryParse(args["limit"], out int l) ? Math.Clamp(l, 1, 100) : 100;
        var data = new JsonArray();
        foreach (OkxSimOrder order in Exchange.OpenOrders
            .Where(o => (args["instType"] is null || o.Instrument.InstType == args["instType"])
                && (args["instId"] is null || o.Instrument.InstId == args["instId"])
                && (args["ordType"] is null || o.OrdType == args["ordType"])
                && (args["state"] is null || o.State == args["state"])
                && o.OrdId < after && o.OrdId > before)
            .Take(limit))
        {
            data.Add(OrderJson(order, null));
        }

        return Ok(data);
    }

    /// <summary>Fills, newest first; filters instType, instId, ordId; paging by billId (after: older, before: newer), limit 100.</summary>
    private (int, JsonNode) FillsAnswer(JsonNode? body, OkxArgs args, long now)
    {
        long after = long.TryParse(args["after"], out long a) ? a : long.MaxValue;
        long before = long.TryParse(args["before"], out long b) ? b : long.MinValue;
        int limit = int.TryParse(args["limit"], out int l) ? Math.Clamp(l, 1, 100) : 100;
        var data = new JsonArray();
        for (int i = Exchange.Fills.Count - 1; i >= 0 && data.Count < limit; i--)
        {
            OkxFill fill = Exchange.Fills[i];
            if ((args["instType"] is null || fill.Instrument.InstType == args["instType"])
                && (args["instId"] is null || fill.Instrument.InstId == args["instId"])
                && (args["ordId"] is null || fill.OrdId.ToString(CultureInfo.InvariantCulture) == args["ordId"])
                && fill.BillId < after && fill.BillId > before)
            {
                data.Add(OkxJson.Fill(fill, FeeRate(fill.Instrument, fill.IsMaker)));
            }
        }

        return Ok(data);
    }

    private decimal FeeRate(OkxInstrument instrument, bool maker) => instrument.IsSwap
        ? maker ? _options.SwapMakerFee : _options.SwapTakerFee
        : maker ? _options.SpotMakerFee : _options.SpotTakerFee;

    private JsonObject OrderJson(OkxSimOrder order, OkxFill? fill) =>
        OkxJson.Order(order, fill, Exchange.LastFill(order), order.Instrument.IsSwap ? Exchange.Position(order.Instrument.InstId).Lever : 0m);
}
