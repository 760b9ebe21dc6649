using Engine.Cli.Backtesting.Reports;
using Engine.Core;
using Engine.Host;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Cli.Backtesting;

/// <summary>
/// Builds a backtest's <see cref="ReportInput"/> as the run goes (it observes the simulated venue; it never changes the
/// run): orders and fills per instrument, funding from the recorded settlements, and at each sample time the equity,
/// each instrument's P&amp;L, mark and position. Money is in the instrument's settlement asset (the account's funding
/// asset): equity = capital + Σ instruments (cash flows of the fills − fees + funding + position × mark × multiplier),
/// fees at the configured maker/taker rates rounded up to the ledger's unit as the engine charges them, realised P&amp;L
/// at average cost. Linear instruments only (the backtest refuses inverse ones). Owned by the simulation's thread.
/// </summary>
public sealed class ReportRecorder : IBacktestObserver
{
    private readonly InstrumentRegistry _registry;
    private readonly VenueId _venue;
    private readonly VenueFees _fees;
    private readonly decimal _capital;
    private readonly decimal _feeUnit;
    private readonly Dictionary<uint, Book> _books = [];
    private readonly List<ReportFill> _fills = [];
    private readonly List<FundingPayment> _funding = [];
    private readonly List<EquitySample> _equity = [];

    public ReportRecorder(InstrumentRegistry registry, VenueId venue, VenueFees fees, decimal capital, int ledgerScale)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _venue = venue;
        _fees = fees;
        _capital = capital;
        _feeUnit = Decimals.Of(1, ledgerScale);
    }

    public void OnOrder(uint instrumentId, long time) => BookOf(instrumentId).Orders++;

    public void OnFill(in SimulatedFill fill)
    {
        Book book = BookOf(fill.InstrumentId);
        decimal price = Decimals.Of(fill.Price, book.Rules.PriceScale);
        decimal quantity = Decimals.Of(fill.Quantity, book.Rules.QuantityScale);
        decimal notional = price * quantity * book.Multiplier;
        int bps = fill.IsMaker ? _fees.MakerBps : _fees.TakerBps;
        decimal fee = bps <= 0 ? 0 : Math.Ceiling(notional * bps / VenueFees.BasisPointsPerUnit / _feeUnit) * _feeUnit;
        decimal signed = fill.IsBuy ? quantity : -quantity;
        decimal realised = 0;
        if (book.Position != 0 && Math.Sign(book.Position) != Math.Sign(signed))
        {
            decimal closed = Math.Min(Math.Abs(book.Position), quantity);
            realised = closed * (price - book.AverageEntry) * Math.Sign(book.Position) * book.Multiplier;
        }

        decimal after = book.Position + signed;
        if (after == 0)
        {
            book.AverageEntry = 0;
        }
        else if (book.Position == 0 || Math.Sign(after) != Math.Sign(book.Position))
        {
            book.AverageEntry = price;
        }
        else if (Math.Sign(signed) == Math.Sign(book.Position))
        {
            book.AverageEntry = ((book.AverageEntry * Math.Abs(book.Position)) + (price * quantity)) / Math.Abs(after);
        }

        book.Position = after;
        book.CashFlow -= signed * price * book.Multiplier;
        book.Fees += fee;
        _fills.Add(new ReportFill(fill.TimeNanos, book.Symbol, fill.IsBuy ? FillSide.Buy : FillSide.Sell, price, quantity, fee, fill.IsMaker, realised)
        {
            LatencyNanos = fill.LatencyNanos,
        });
    }

    public void OnFunding(uint instrumentId, long time, long markPrice, long rateMantissa, int rateExponent)
    {
        Book book = BookOf(instrumentId);
        if (book.Position == 0)
        {
            return;
        }

        decimal rate = rateExponent >= 0 ? rateMantissa * Decimals.PowerOfTen(rateExponent) : rateMantissa / Decimals.PowerOfTen(-rateExponent);
        decimal received = -book.Position * book.Multiplier * Decimals.Of(markPrice, book.Rules.PriceScale) * rate;
        book.Funding += received;
        _funding.Add(new FundingPayment(time, book.Symbol, received));
    }

    public void OnSample(long time, FillSimulator venue)
    {
        ArgumentNullException.ThrowIfNull(venue);
        decimal equity = _capital;
        foreach (Book book in _books.Values)
        {
            long mark = venue.Listing(book.InstrumentId).Mark;
            decimal mid = Decimals.Of(mark, book.Rules.PriceScale);
            decimal pnl = book.CashFlow - book.Fees + book.Funding + (book.Position == 0 ? 0 : book.Position * mid * book.Multiplier);
            equity += pnl;
            book.Pnl.Add(pnl);
            book.Prices.Add(new PriceSample(time, mid));
            book.Positions.Add(new PositionSample(time, book.Position));
        }

        _equity.Add(new EquitySample(time, equity));
    }

    /// <summary>The report's input, once the run has ended.</summary>
    public ReportInput Build(long sampleIntervalNanos, string stateHash, string fillModel, bool barFills)
    {
        var pnl = new SortedDictionary<string, IReadOnlyList<decimal>>(StringComparer.Ordinal);
        var orders = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var prices = new SortedDictionary<string, IReadOnlyList<PriceSample>>(StringComparer.Ordinal);
        var positions = new SortedDictionary<string, IReadOnlyList<PositionSample>>(StringComparer.Ordinal);
        foreach (Book book in _books.Values)
        {
            pnl[book.Symbol] = book.Pnl;
            orders[book.Symbol] = book.Orders;
            prices[book.Symbol] = book.Prices;
            positions[book.Symbol] = book.Positions;
        }

        return new ReportInput
        {
            Equity = _equity,
            InstrumentPnl = pnl,
            SampleIntervalNanos = sampleIntervalNanos,
            InitialCapital = _capital,
            Fills = _fills,
            Funding = _funding,
            Orders = orders,
            Prices = prices,
            Positions = positions,
            StateHash = stateHash,
            FillModel = fillModel,
            BarFills = barFills,
        };
    }

    /// <summary>Starts following an instrument before the first sample, so its series cover the whole run.</summary>
    public void Follow(uint instrumentId) => BookOf(instrumentId);

    private Book BookOf(uint instrumentId)
    {
        if (!_books.TryGetValue(instrumentId, out Book? book))
        {
            Listing listing = _registry.GetListing(_registry.ListingOf(_venue, new InstrumentId(checked((int)instrumentId))));
            book = new Book(instrumentId, listing.Instrument.Symbol, listing.Rules, Decimals.Of(listing.Rules.Multiplier.Units, listing.Rules.Multiplier.Scale));

            // An instrument first seen after some samples: it had no position until then.
            book.Pnl.AddRange(Enumerable.Repeat(0m, _equity.Count));
            foreach (EquitySample sample in _equity)
            {
                book.Prices.Add(new PriceSample(sample.TimeNanos, 0));
                book.Positions.Add(new PositionSample(sample.TimeNanos, 0));
            }

            _books.Add(instrumentId, book);
        }

        return book;
    }

    /// <summary>One instrument's running account.</summary>
    private sealed class Book(uint instrumentId, string symbol, TradingRules rules, decimal multiplier)
    {
        public uint InstrumentId { get; } = instrumentId;

        public string Symbol { get; } = symbol;

        public TradingRules Rules { get; } = rules;

        public decimal Multiplier { get; } = multiplier;

        public long Orders { get; set; }

        public decimal Position { get; set; }

        public decimal AverageEntry { get; set; }

        public decimal CashFlow { get; set; }

        public decimal Fees { get; set; }

        public decimal Funding { get; set; }

        public List<decimal> Pnl { get; } = [];

        public List<PriceSample> Prices { get; } = [];

        public List<PositionSample> Positions { get; } = [];
    }
}
