using Engine.Ledger;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Funding of perpetuals: a <c>FundingRate</c> input records the instrument's rate; a settlement
/// (<c>settled = True</c>) also pays or charges every account holding the perpetual, once per funding time.
/// Owned by the BLP thread.
/// </summary>
internal sealed class FundingHandler
{
    // Funding rates are small fractions quoted to a few decimals; a rate of 100% or more, or one finer than 10^-18,
    // is a broken feed, not a settlement to charge accounts with.
    private const int FinestRateExponent = -18;

    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly MarketState _market;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly ListingResolver _listings;
    private readonly ExecutionReportHandler _executions;

    public FundingHandler(InputContext input, EngineCounters counters, CoreSettings settings, MarketState market, RiskEngine risk, Accounting accounting, TradedInstruments traded, ListingResolver listings, ExecutionReportHandler executions)
    {
        _listings = listings;
        _input = input;
        _counters = counters;
        _settings = settings;
        _market = market;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _executions = executions;
    }

    public void OnFundingRate(Sbe.FundingRateDecoder funding)
    {
        ListingId listing = _listings.Resolve(funding.VenueId, funding.InstrumentId);
        var instrument = new InstrumentId((int)Math.Min(funding.InstrumentId, int.MaxValue));
        bool settled = funding.Settled == Sbe.BooleanType.True;
        long mantissa = funding.Rate.Mantissa;
        int exponent = funding.Rate.Exponent;
        Price mark = WireConversions.ToPrice(funding.MarkPrice.Mantissa);
        TradedInstrument? traded = _traded.TryGet(instrument);
        if (listing.IsNone
            || funding.FundingTime <= 0
            || exponent is < FinestRateExponent or > 0
            || Int128.Abs(mantissa) >= FixedPointMath.Pow10(-exponent)
            || (settled && !IsSettlementFor(instrument, traded, listing, mark)))
        {
            _counters.IgnoredInputs++;
            return;
        }

        if (!_market.SetFunding(listing, mantissa, exponent, funding.FundingTime, settled, mark, (long)funding.VenueSequence))
        {
            // A settlement already applied (a gateway resending after a reconnect): journaled, changes nothing.
            _counters.IgnoredInputs++;
            return;
        }

        _counters.MarketData++;
        if (!settled || traded is null)
        {
            return;
        }

        _risk.SetMarkPrice(instrument, mark);
        Settle(traded, mark, mantissa, exponent);
    }

    /// <summary>
    /// A settlement must name a perpetual, a mark price and, when the engine trades the perpetual, the listing it trades
    /// it on (a derivative is traded on one venue; the same funding time settles on every venue, and another venue's
    /// settlement is not ours to apply).
    /// </summary>
    private bool IsSettlementFor(InstrumentId instrument, TradedInstrument? traded, ListingId listing, Price mark) =>
        mark.Units > 0
        && _settings.Registry.GetInstrument(instrument).Kind == InstrumentKind.Perpetual
        && (traded is null || _traded.TryGetListing(listing) is not null);

    /// <summary>Pays or charges every open account with a position in the perpetual, in account id order.</summary>
    private void Settle(TradedInstrument traded, Price mark, long rateMantissa, int rateExponent)
    {
        for (int id = 1; id <= _settings.Risk.MaxAccountId; id++)
        {
            var account = new AccountId(id);
            if (!_risk.IsAccountOpen(account))
            {
                continue;
            }

            long position = _risk.GetPosition(account, traded.Id).Quantity.Units;
            if (position == 0)
            {
                continue;
            }

            if (!_accounting.TryFundingPayment(traded, position, mark, rateMantissa, rateExponent, out Amount payment))
            {
                _executions.AccountingBreak(account);
                continue;
            }

            if (payment.IsZero)
            {
                continue;
            }

            if (_accounting.PostFunding(traded, account, payment, _input.Time) != LedgerResult.Ok)
            {
                // The venue took the payment whether or not the account's cash covers it: the books disagree.
                _executions.AccountingBreak(account);
                continue;
            }

            _counters.FundingPayments++;
            if (_risk.OnFunding(account, traded.Id, new Amount(_accounting.Assets.FromLedger(payment, traded.MoneyScale))))
            {
                _executions.CancelOrdersOfKilledAccount(account);
            }
        }
    }
}
