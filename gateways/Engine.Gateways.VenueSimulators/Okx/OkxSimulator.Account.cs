using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>The account endpoints: <c>GET /api/v5/account/balance</c> and <c>GET /api/v5/account/positions</c>.</summary>
public sealed partial class OkxSimulator
{
    /// <summary>One trading account entry with a detail per currency (filter <c>ccy</c>, comma-separated).</summary>
    private (int, JsonNode) Balance(JsonNode? body, OkxArgs args, long now)
    {
        HashSet<string>? wanted = args["ccy"]?.Split(',').ToHashSet(StringComparer.Ordinal);
        var details = new JsonArray();
        decimal totalEq = 0m;
        foreach (string currency in Exchange.Currencies)
        {
            decimal cash = Exchange.CashBalance(currency);
            decimal upl = Exchange.UnrealizedProfit(currency);
            decimal frozen = Exchange.OrderFrozen(currency) + Exchange.PositionMargin(currency);
            totalEq += cash + upl;
            if (wanted is not null && !wanted.Contains(currency))
            {
                continue;
            }

            details.Add(new JsonObject
            {
                ["ccy"] = currency,
                ["eq"] = OkxJson.Decimal(cash + upl),
                ["cashBal"] = OkxJson.Decimal(cash),
                ["availBal"] = OkxJson.Decimal(Exchange.Available(currency)),
                ["availEq"] = OkxJson.Decimal(Exchange.Available(currency) + upl),
                ["frozenBal"] = OkxJson.Decimal(frozen),
                ["ordFrozen"] = OkxJson.Decimal(Exchange.OrderFrozen(currency)),
                ["imr"] = OkxJson.Decimal(Exchange.PositionMargin(currency)),
                ["upl"] = OkxJson.Decimal(upl),
                ["eqUsd"] = OkxJson.Decimal(cash + upl),
                ["uTime"] = OkxJson.Millis(now),
            });
        }

        return Ok([new JsonObject
        {
            ["totalEq"] = OkxJson.Decimal(totalEq),
            ["adjEq"] = string.Empty,
            ["imr"] = string.Empty,
            ["mmr"] = string.Empty,
            ["uTime"] = OkxJson.Millis(now),
            ["details"] = details,
        }]);
    }

    /// <summary>Open positions (pos not 0), filters instType and instId (comma-separated).</summary>
    private (int, JsonNode) PositionsAnswer(JsonNode? body, OkxArgs args, long now)
    {
        if (args["instType"] is string instType && instType is not ("MARGIN" or "SWAP" or "FUTURES" or "OPTION"))
        {
            return Fail(OkxError.Parameter("instType"));
        }

        HashSet<string>? wanted = args["instId"]?.Split(',').ToHashSet(StringComparer.Ordinal);
        var data = new JsonArray();
        foreach (OkxPosition position in Exchange.Positions.Where(p => p.Pos != 0m && (wanted is null || wanted.Contains(p.Instrument.InstId))))
        {
            decimal mark = Exchange.MarkPrice(position);
            data.Add(new JsonObject
            {
                ["instType"] = position.Instrument.InstType,
                ["instId"] = position.Instrument.InstId,
                ["mgnMode"] = "cross",
                ["posId"] = position.PosId.ToString(CultureInfo.InvariantCulture),
                ["posSide"] = "net",
                ["pos"] = OkxJson.Decimal(position.Pos),
                ["availPos"] = string.Empty,
                ["avgPx"] = OkxJson.Decimal(position.AvgPx),
                ["upl"] = OkxJson.Decimal(Exchange.UnrealizedProfit(position)),
                ["realizedPnl"] = OkxJson.Decimal(position.RealizedPnl),
                ["lever"] = position.Lever.ToString(CultureInfo.InvariantCulture),
                ["markPx"] = OkxJson.Decimal(mark),
                ["last"] = OkxJson.Decimal(mark),
                ["imr"] = OkxJson.Decimal(Math.Abs(position.Pos) * position.Instrument.ContractValue * mark / position.Lever),
                ["notionalUsd"] = OkxJson.Decimal(Math.Abs(position.Pos) * position.Instrument.ContractValue * mark),
                ["ccy"] = position.Instrument.SettleCurrency,
                ["cTime"] = OkxJson.Millis(position.CTime),
                ["uTime"] = OkxJson.Millis(position.UTime),
            });
        }

        return Ok(data);
    }
}
