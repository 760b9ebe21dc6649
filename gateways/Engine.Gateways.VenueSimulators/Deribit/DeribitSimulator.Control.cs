using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>The simulator's own control paths (not Deribit's), for tests and local trials.</summary>
public sealed partial class DeribitSimulator
{
    private void MapControlRoutes()
    {
        _app.MapPost("/sim/v1/liquidity", context => Control(context, trade: false));
        _app.MapPost("/sim/v1/trade", context => Control(context, trade: true));
        _app.MapPost("/sim/v1/fault", async context =>
        {
            DeribitFault? fault = DeribitFault.Parse(context.Request.Query["kind"], context.Request.Query["delayMillis"]);
            if (fault is null)
            {
                await WriteControlAsync(context, 400, new JsonObject { ["error"] = "want kind=delay&delayMillis=N (N > 0), kind=drop, kind=internal-error or kind=unavailable" }).ConfigureAwait(false);
                return;
            }

            InjectFault(fault);
            await WriteControlAsync(context, 200, new JsonObject()).ConfigureAwait(false);
        });
        _app.MapPost("/sim/v1/disconnect", async context =>
        {
            DropAllConnections();
            await WriteControlAsync(context, 200, new JsonObject()).ConfigureAwait(false);
        });
    }

    /// <summary><c>?instrument_name=&amp;direction=buy|sell&amp;price=&amp;amount=</c> (liquidity) or <c>?instrument_name=&amp;price=&amp;amount=</c> (a trade).</summary>
    private async Task Control(HttpContext context, bool trade)
    {
        IQueryCollection query = context.Request.Query;
        DeribitInstrument instrument = null!;
        bool valid = Exchange.TryGetInstrument(query["instrument_name"].ToString(), out instrument)
            & decimal.TryParse(query["price"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal price)
            & decimal.TryParse(query["amount"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount);
        string direction = query["direction"].ToString();
        valid = valid && price > 0m && amount > 0m && price % instrument.TickSize == 0m && amount % instrument.ContractSize == 0m;
        if (!valid || (!trade && direction is not ("buy" or "sell")))
        {
            await WriteControlAsync(context, 400, new JsonObject
            {
                ["error"] = "want instrument_name (a configured instrument), " + (trade ? string.Empty : "direction (buy|sell), ")
                    + "price > 0 on the tick and amount > 0 in multiples of the contract size",
            }).ConfigureAwait(false);
            return;
        }

        lock (Gate)
        {
            long now = _options.ClockMillis();
            if (trade)
            {
                Exchange.PrintTrade(instrument, price, amount, now);
            }
            else
            {
                Exchange.AddLiquidity(instrument, direction == "buy", price, amount, now);
            }
        }

        await WriteControlAsync(context, 200, new JsonObject()).ConfigureAwait(false);
    }

    private static async Task WriteControlAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), context.RequestAborted).ConfigureAwait(false);
    }
}
