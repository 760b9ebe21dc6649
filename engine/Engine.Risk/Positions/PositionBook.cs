using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Positions and P&amp;L: every account's position per instrument (fills, fees, funding, its open orders per side),
/// the instruments' mark and last trade prices, and each account's figures for the trading day (realised, fees,
/// funding, unrealised at the day's start), from which the daily loss limit is evaluated. Owned by the BLP thread.
/// </summary>
internal sealed class PositionBook
{
    private readonly RiskTables _tables;

    public PositionBook(RiskTables tables) => _tables = tables;

    public ref Position Slot(AccountId account, InstrumentId instrument) => ref _tables.PositionSlot(account, instrument);

    public void OnOrderAccepted(AccountId account, InstrumentId instrument, Side side, Quantity quantity)
    {
        ref Position position = ref Slot(account, instrument);
        if (side == Side.Buy)
        {
            position._openBuy = checked(position._openBuy + quantity.Units);
        }
        else
        {
            position._openSell = checked(position._openSell + quantity.Units);
        }
    }

    public void OnOrderReleased(AccountId account, InstrumentId instrument, Side side, Quantity quantity) =>
        Release(ref Slot(account, instrument), side, quantity.Units);

    /// <summary>A fill: position and realised P&amp;L, the filled quantity no longer open, the last trade price, today's figures. True when it tripped the daily loss limit.</summary>
    public bool OnFill(AccountId account, InstrumentId instrument, Side side, Price price, Quantity quantity, Amount fee, bool releaseOpen)
    {
        ref Position position = ref Slot(account, instrument);
        ref InstrumentRiskState state = ref _tables.Instruments[instrument.Value];
        ref AccountRiskState accountState = ref _tables.Accounts[account.Value];
        if (price.Units <= 0 || quantity.Units <= 0)
        {
            ThrowInvalidFill(price, quantity);
        }

        long realised = position.ApplyFill(side, price.Units, quantity.Units, state.Multiplier);
        position._fees = checked(position._fees + fee.Units);
        if (releaseOpen)
        {
            Release(ref position, side, quantity.Units);
        }

        state.LastTradePrice = price.Units;
        accountState.RealisedToday = checked(accountState.RealisedToday + ToValuation(realised, ref state));
        accountState.FeesToday = checked(accountState.FeesToday + ToValuation(fee.Units, ref state));
        return EvaluateDailyLoss(account);
    }

    public bool OnFunding(AccountId account, InstrumentId instrument, Amount payment)
    {
        ref Position position = ref Slot(account, instrument);
        ref InstrumentRiskState state = ref _tables.Instruments[instrument.Value];
        position._fundingPnl = checked(position._fundingPnl + payment.Units);
        ref AccountRiskState accountState = ref _tables.Accounts[account.Value];
        accountState.FundingToday = checked(accountState.FundingToday + ToValuation(payment.Units, ref state));
        return EvaluateDailyLoss(account);
    }

    public void SetMarkPrice(InstrumentId instrument, Price mark)
    {
        if (mark.Units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark.Units, "a mark price must be positive");
        }

        _tables.InstrumentSlot(instrument).MarkPrice = mark.Units;
    }

    /// <summary>Turns the account's kill switch on when its loss today reached maxDailyLoss; true when this call did.</summary>
    public bool EvaluateDailyLoss(AccountId account)
    {
        ref AccountRiskState state = ref _tables.AccountSlot(account);
        if (state.KillSwitch || state.Limits.MaxDailyLoss.Units == RiskLimit.Unlimited)
        {
            return false;
        }

        if (!TryDailyPnl(account.Value, out Int128 pnl) || pnl <= -(Int128)state.Limits.MaxDailyLoss.Units)
        {
            state.KillSwitch = true;
            return true;
        }

        return false;
    }

    /// <summary>A new trading day: daily realised P&amp;L, fees and funding restart from zero; unrealised is measured from now.</summary>
    public void StartTradingDay()
    {
        AccountRiskState[] accounts = _tables.Accounts;
        for (int accountId = 1; accountId < accounts.Length; accountId++)
        {
            ref AccountRiskState account = ref accounts[accountId];
            if (!account.Open)
            {
                continue;
            }

            account.RealisedToday = 0;
            account.FeesToday = 0;
            account.FundingToday = 0;
            account.UnrealisedAtDayStart = TryUnrealised(accountId, out Int128 unrealised) ? checked((long)unrealised) : 0;
        }
    }

    public PositionReport Report(AccountId account, InstrumentId instrument)
    {
        ref Position position = ref Slot(account, instrument);
        ref InstrumentRiskState state = ref _tables.Instruments[instrument.Value];
        long reference = state.ReferencePrice;
        long average = position._quantity == 0 ? 0 : (long)((Int128)position._cost / ((Int128)position._quantity * state.Multiplier));
        Int128 unrealised = reference == 0 ? 0 : position.UnrealisedAt(reference, state.Multiplier);
        Int128 notional = Int128.Abs((Int128)position._quantity * reference * state.Multiplier);
        return new PositionReport(
            position.Quantity,
            position.EntryCost,
            new Price(average),
            position.RealisedPnl,
            new Amount(checked((long)unrealised)),
            position.FundingPnl,
            position.Fees,
            new Amount(checked((long)notional)),
            new Amount(checked((long)(notional * state.ValuationFactor))),
            new Price(reference),
            position.OpenBuy,
            position.OpenSell);
    }

    public Amount GrossExposure(AccountId account)
    {
        _tables.AccountSlot(account);
        Int128 gross = 0;
        int baseIndex = account.Value * _tables.InstrumentStride;
        for (int i = 1; i < _tables.InstrumentStride; i++)
        {
            ref InstrumentRiskState state = ref _tables.Instruments[i];
            long quantity = _tables.Positions[baseIndex + i]._quantity;
            if (state.Configured && quantity != 0)
            {
                gross += Int128.Abs((Int128)quantity * state.ReferencePrice) * state.PriceQuantityFactor;
            }
        }

        return new Amount(checked((long)gross));
    }

    public Amount DailyPnl(AccountId account)
    {
        _tables.AccountSlot(account);
        if (!TryDailyPnl(account.Value, out Int128 pnl))
        {
            throw new OverflowException($"the daily P&L of account {account} does not fit 64 bits");
        }

        return new Amount(checked((long)pnl));
    }

    private bool TryDailyPnl(int accountId, out Int128 pnl)
    {
        ref AccountRiskState account = ref _tables.Accounts[accountId];
        bool ok = TryUnrealised(accountId, out Int128 unrealised);
        pnl = (Int128)account.RealisedToday - account.FeesToday + account.FundingToday + unrealised - account.UnrealisedAtDayStart;
        return ok && pnl >= long.MinValue && pnl <= long.MaxValue;
    }

    private bool TryUnrealised(int accountId, out Int128 unrealised)
    {
        unrealised = 0;
        int baseIndex = accountId * _tables.InstrumentStride;
        for (int i = 1; i < _tables.InstrumentStride; i++)
        {
            ref Position position = ref _tables.Positions[baseIndex + i];
            if (position._quantity == 0)
            {
                continue;
            }

            ref InstrumentRiskState instrument = ref _tables.Instruments[i];
            Int128 money = position.UnrealisedAt(instrument.ReferencePrice, instrument.Multiplier);
            if (instrument.ReferencePrice == 0 || Int128.Abs(money) > instrument.MaxMoneyForValuation)
            {
                return false;
            }

            unrealised += money * instrument.ValuationFactor;
        }

        return true;
    }

    private static void Release(ref Position position, Side side, long quantity)
    {
        if (side == Side.Buy)
        {
            position._openBuy = Math.Max(0, position._openBuy - quantity);
        }
        else
        {
            position._openSell = Math.Max(0, position._openSell - quantity);
        }
    }

    private static long ToValuation(long money, ref InstrumentRiskState instrument) => checked(money * instrument.ValuationFactor);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidFill(Price price, Quantity quantity) =>
        throw new ArgumentException($"a fill needs a positive price and quantity, got {price} x {quantity}");
}
