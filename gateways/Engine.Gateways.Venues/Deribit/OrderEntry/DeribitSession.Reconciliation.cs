using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.OrderEntry;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// Reconciliation on every (re)connection, before any new request: each open engine order asked for by its label
/// (fills missed while away reported, ends applied), Deribit's open orders whose label is not one of the engine's
/// open orders cancelled as orphans, and each position checked against the first one seen plus every fill reported
/// since (a difference is a position break: logged as an ALERT and sent to the engine as a VenueAlert).
/// </summary>
internal sealed partial class DeribitSession
{
    private async Task ReconcileAsync()
    {
        Reconciliations++;
        foreach (DeribitTrackedOrder order in _tracker.OpenOrders())
        {
            await SettleAsync(order, recovered: true).ConfigureAwait(false);
        }

        foreach (string currency in _instruments.Select(i => i.Currency).Distinct(StringComparer.Ordinal))
        {
            await CancelOrphansAsync(currency).ConfigureAwait(false);
            await CheckPositionsAsync(currency).ConfigureAwait(false);
        }
    }

    private async Task CancelOrphansAsync(string currency)
    {
        JsonElement open = await ResultAsync("private/get_open_orders_by_currency", new JsonObject { ["currency"] = currency, ["kind"] = "future" }).ConfigureAwait(false);
        foreach (JsonElement venueOrder in open.EnumerateArray())
        {
            string label = venueOrder.TryGetProperty("label", out JsonElement l) ? l.GetString() ?? string.Empty : string.Empty;
            if (EngineOrderIdOf(label) is ulong id && _tracker.Find(id) is { IsOpen: true })
            {
                continue;
            }

            string orderId = venueOrder.GetProperty("order_id").GetString() ?? string.Empty;
            string instrumentName = venueOrder.GetProperty("instrument_name").GetString() ?? string.Empty;
            JsonElement answer = await CallAsync("private/cancel", new JsonObject { ["order_id"] = orderId }).ConfigureAwait(false);
            if (answer.TryGetProperty("error", out JsonElement error))
            {
                _log.WriteLine($"deribit order entry: cancelling ORPHAN {orderId} ({instrumentName}, label '{label}') was refused: {ErrorText(error)}");
                continue;
            }

            OrphansCanceled++;
            string text = $"ORPHAN order {orderId} ({instrumentName}, label '{label}') is not one of the engine's open orders; cancelled";
            _log.WriteLine($"deribit order entry: {text}");
            uint instrument = _instruments.FirstOrDefault(i => i.Instrument.VenueSymbol == instrumentName).Instrument?.InstrumentId ?? 0;
            _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.OrphanCanceled, _tracker.LastAccount, instrument, 0, 0, Now() * 1_000_000, text));
        }
    }

    private async Task CheckPositionsAsync(string currency)
    {
        JsonElement positions = await ResultAsync("private/get_positions", new JsonObject { ["currency"] = currency, ["kind"] = "future" }).ConfigureAwait(false);
        foreach ((OrderEntryInstrument instrument, string instrumentCurrency) in _instruments)
        {
            if (instrumentCurrency != currency)
            {
                continue;
            }

            long actual = 0;
            foreach (JsonElement position in positions.EnumerateArray())
            {
                if (position.GetProperty("instrument_name").GetString() == instrument.VenueSymbol)
                {
                    actual = Units(position.GetProperty("size"), instrument.QuantityScale);
                }
            }

            long change = _tracker.PositionChange(instrument.VenueSymbol);
            if (!_positionBaseline.TryGetValue(instrument.VenueSymbol, out long baseline))
            {
                _positionBaseline[instrument.VenueSymbol] = actual - change;
                continue;
            }

            long expected = baseline + change;
            if (actual != expected)
            {
                PositionBreaks++;
                decimal scale = (decimal)Math.Pow(10, instrument.QuantityScale);
                string text = $"{instrument.VenueSymbol} position at Deribit {actual / scale} USD, expected {expected / scale} USD (the first position seen plus every fill reported)";
                _log.WriteLine($"deribit order entry: ALERT: position break: {text}");
                _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.PositionBreak, _tracker.LastAccount, instrument.InstrumentId, expected / scale, actual / scale, Now() * 1_000_000, "position break: " + text));
                _positionBaseline[instrument.VenueSymbol] = actual - change;
            }
        }
    }
}
