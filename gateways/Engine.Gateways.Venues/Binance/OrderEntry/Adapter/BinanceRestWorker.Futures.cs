using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// What only USD-M has: the countdown cancel-all renewed for every symbol while the adapter runs (the venue-side
/// dead-man switch: should this process die or lose Binance, Binance cancels the symbols' open orders when the countdown
/// runs out), and the position check of reconciliation (<c>/fapi/v2/positionRisk</c> against the first positions seen
/// plus every fill reported since).
/// </summary>
internal sealed partial class BinanceRestWorker
{
    private Dictionary<string, decimal>? _positionBaseline;
    private long _nextCountdown;

    public int PositionBreaks { get; private set; }

    /// <summary>Countdown renewals Binance accepted.</summary>
    public long CountdownRenewals { get; private set; }

    /// <summary>Renews every symbol's countdown once a third of it has passed since the last renewal.</summary>
    private void RenewCountdown(long now)
    {
        if (_options.CountdownMillis == 0 || now < _nextCountdown || now < _bannedUntil)
        {
            return;
        }

        _nextCountdown = now + (_options.CountdownMillis / 3);
        foreach (OrderEntryInstrument instrument in _instruments)
        {
            _writer.WriteCountdownCancelAll(instrument.Symbol, _options.CountdownMillis, ServerNow());
            if (TryExchange("countdownCancelAll", out JsonDocument? answer))
            {
                answer!.Dispose();
                CountdownRenewals++;
            }
            else
            {
                // Try again soon: the countdown runs on at Binance meanwhile.
                _nextCountdown = now + 100;
            }
        }
    }

    /// <summary>Positions against the first ones seen plus every fill reported since; a difference, after one re-read of the trades, is an alert.</summary>
    private void CheckPositions()
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            _writer.WriteAccount(ServerNow());
            if (!TryExchange("positionRisk", out JsonDocument? risk))
            {
                return;
            }

            var venue = new Dictionary<string, decimal>(StringComparer.Ordinal);
            using (risk)
            {
                foreach (JsonElement position in risk!.RootElement.EnumerateArray())
                {
                    string symbol = BinanceRestJson.Text(position, "symbol");
                    if (_instruments.Any(i => i.VenueSymbol == symbol))
                    {
                        venue[symbol] = venue.GetValueOrDefault(symbol) + BinanceRestJson.Decimal(position, "positionAmt");
                    }
                }
            }

            Dictionary<string, decimal> change;
            lock (_tracker.Gate)
            {
                change = new Dictionary<string, decimal>(_tracker.PositionChange, StringComparer.Ordinal);
            }

            if (_positionBaseline is null)
            {
                _positionBaseline = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (OrderEntryInstrument instrument in _instruments)
                {
                    _positionBaseline[instrument.VenueSymbol] = venue.GetValueOrDefault(instrument.VenueSymbol) - change.GetValueOrDefault(instrument.VenueSymbol);
                }

                return;
            }

            var breaks = new List<(string Text, uint Instrument, decimal Expected, decimal Actual)>();
            foreach (OrderEntryInstrument instrument in _instruments)
            {
                string symbol = instrument.VenueSymbol;
                decimal expected = _positionBaseline.GetValueOrDefault(symbol) + change.GetValueOrDefault(symbol);
                decimal actual = venue.GetValueOrDefault(symbol);
                if (expected != actual)
                {
                    breaks.Add(($"{symbol} Binance {actual} expected {expected} (difference {actual - expected})", instrument.InstrumentId, expected, actual));
                }
            }

            if (breaks.Count == 0)
            {
                return;
            }

            if (attempt == 0)
            {
                foreach (OrderEntryInstrument instrument in _instruments)
                {
                    FetchTrades(instrument);
                }

                continue;
            }

            PositionBreaks++;
            _log.WriteLine($"binance order entry: ALERT: position break (the venue's positions are not the first ones seen plus the fills reported): {string.Join("; ", breaks.Select(b => b.Text))}");
            foreach ((string text, uint instrument, decimal expected, decimal actual) in breaks)
            {
                _tracker.Alert(new EngineVenueAlert(Codecs.VenueAlertKind.PositionBreak, _tracker.LastAccount, instrument, expected, actual, NowNanos(), "position break: " + text));
            }
        }
    }
}
