namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// Cuts an execution history into round trips, per instrument: a round trip opens when the position leaves zero
/// and closes when it returns to zero. A fill that crosses zero closes the open round trip with the part that
/// flattens the position and opens the next with the rest; its fee is split between them by quantity and its
/// realised P&amp;L (which only the closing part realises) goes to the closing one. A position still open at the end is
/// no round trip: its P&amp;L is in the equity curve only. Single-use, not thread-safe.
/// </summary>
public sealed class RoundTripBuilder
{
    private readonly Dictionary<string, OpenTrip> _open = new(StringComparer.Ordinal);
    private readonly List<RoundTrip> _closed = [];

    /// <summary>The fills' closed round trips in order of closing (ties in fill order).</summary>
    public static IReadOnlyList<RoundTrip> Build(IEnumerable<ReportFill> fillsInTimeOrder)
    {
        ArgumentNullException.ThrowIfNull(fillsInTimeOrder);
        var builder = new RoundTripBuilder();
        foreach (ReportFill fill in fillsInTimeOrder)
        {
            builder.Add(fill);
        }

        return builder._closed;
    }

    private void Add(ReportFill fill)
    {
        decimal signed = fill.SignedQuantity;
        if (!_open.TryGetValue(fill.Instrument, out OpenTrip? trip))
        {
            _open[fill.Instrument] = OpenTrip.Start(fill, fill.Quantity, fill.Fee);
            return;
        }

        if (Math.Sign(signed) == Math.Sign(trip.Position))
        {
            trip.AddOpening(fill.Price, fill.Quantity, fill.Fee);
            trip.Position += signed;
            return;
        }

        decimal open = Math.Abs(trip.Position);
        if (fill.Quantity <= open)
        {
            trip.AddClosing(fill.Price, fill.Quantity, fill.Fee, fill.RealisedPnl);
            trip.Position += signed;
            if (trip.Position == 0)
            {
                _closed.Add(trip.Close(fill.TimeNanos));
                _open.Remove(fill.Instrument);
            }

            return;
        }

        decimal closingFee = fill.Fee * open / fill.Quantity;
        trip.AddClosing(fill.Price, open, closingFee, fill.RealisedPnl);
        _closed.Add(trip.Close(fill.TimeNanos));
        _open[fill.Instrument] = OpenTrip.Start(fill, fill.Quantity - open, fill.Fee - closingFee);
    }

    /// <summary>The round trip in progress on one instrument.</summary>
    private sealed class OpenTrip(string instrument, FillSide side, long openTime)
    {
        private decimal _openedQuantity;
        private decimal _openedNotional;
        private decimal _closedQuantity;
        private decimal _closedNotional;
        private int _fills;
        private decimal _fees;
        private decimal _realised;

        /// <summary>Signed position: positive long, negative short, never zero while the trip is open.</summary>
        public decimal Position { get; set; }

        public static OpenTrip Start(ReportFill fill, decimal quantity, decimal fee)
        {
            var trip = new OpenTrip(fill.Instrument, fill.Side, fill.TimeNanos);
            trip.AddOpening(fill.Price, quantity, fee);
            trip.Position = fill.Side == FillSide.Buy ? quantity : -quantity;
            return trip;
        }

        public void AddOpening(decimal price, decimal quantity, decimal fee)
        {
            _openedQuantity += quantity;
            _openedNotional += price * quantity;
            _fees += fee;
            _fills++;
        }

        public void AddClosing(decimal price, decimal quantity, decimal fee, decimal realised)
        {
            _closedQuantity += quantity;
            _closedNotional += price * quantity;
            _fees += fee;
            _realised += realised;
            _fills++;
        }

        public RoundTrip Close(long closeTime) => new(
            instrument,
            side,
            openTime,
            closeTime,
            _openedQuantity,
            _openedNotional / _openedQuantity,
            _closedNotional / _closedQuantity,
            _fills,
            _fees,
            _realised);
    }
}
