using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The venue side of <see cref="PositionsAndLedgerPropertyTests"/> and its independent model: it records the orders
/// the BLP sends, acknowledges, fills and cancels them, and keeps, per (account, instrument), the signed quantity and
/// the signed money (price x quantity x multiplier) of every fill it reported, and the funding each perpetual position
/// should have received, to compare with risk's positions. Test thread only.
/// </summary>
internal sealed class FillModel(CoreFixture fixture) : IEngineOutput
{
    private readonly List<WorkingOrder> _working = [];
    private readonly List<long> _pendingAcks = [];
    private readonly List<long> _pendingCancels = [];
    private readonly Dictionary<(int Account, int Instrument), (long Quantity, Int128 Money)> _fills = [];
    private readonly Dictionary<int, long> _funding = [];
    private const long FirstFundingTime = 1_700_000_000_000_000_000;
    private long _fundingTime = FirstFundingTime;

    public int WorkingCount => _working.Count;

    public long FillsApplied { get; private set; }

    /// <summary>Fills reported per instrument id, so a test can require that spot and perpetual both traded.</summary>
    public long[] FillsByInstrument { get; } = new long[4];

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (templateId == Sbe.NewOrderDecoder.TemplateId)
        {
            var order = Sbe.NewOrderDecoder.WrapWithHeader(message, 0);
            _working.Add(new WorkingOrder(
                (long)order.ClientOrderId,
                new AccountId((int)order.AccountId),
                new InstrumentId((int)order.InstrumentId),
                order.Side == Sbe.Side.Buy ? Side.Buy : Side.Sell,
                order.Price.Mantissa,
                order.Quantity.Mantissa));
            _pendingAcks.Add((long)order.ClientOrderId);
        }
        else if (templateId == Sbe.CancelOrderDecoder.TemplateId)
        {
            _pendingCancels.Add((long)Sbe.CancelOrderDecoder.WrapWithHeader(message, 0).OrigClientOrderId);
        }
    }

    /// <summary>
    /// Sends a funding settlement of BTC-USDT-PERP (price scale 1, quantity scale 2, multiplier 1, so money scale 3)
    /// at <paramref name="mark"/> and rate mantissa x 10^exponent, and records what each account's position should get:
    /// the ledger amount (8 decimals) rounded half away from zero, longs paying a positive rate; risk keeps it
    /// truncated to the money scale. With <paramref name="resend"/>, the previous settlement comes again and changes nothing.
    /// </summary>
    public void SettleFunding(long mark, long rateMantissa, int rateExponent, bool resend)
    {
        if (resend && _fundingTime != FirstFundingTime)
        {
            fixture.Funding(CoreFixture.BtcPerp, mark, rateMantissa, (sbyte)rateExponent, _fundingTime);
            return;
        }

        _fundingTime += 8 * 3_600_000_000_000L;
        long divisor = FixedPointMath.Pow10(-rateExponent);
        foreach (((int account, int instrument), (long quantity, _)) in _fills)
        {
            if (instrument != CoreFixture.BtcPerp.Value || quantity == 0)
            {
                continue;
            }

            Int128 ledgerNotional = (Int128)Math.Abs(quantity) * mark * 100_000;     // 3 decimals up to 8
            Int128 amount = ledgerNotional * Math.Abs(rateMantissa);
            long paid = (long)((amount + (divisor / 2)) / divisor);
            bool receives = (quantity > 0) == (rateMantissa < 0);
            long money = (receives ? paid : -paid) / 100_000;
            _funding[account] = _funding.GetValueOrDefault(account) + money;
        }

        fixture.Funding(CoreFixture.BtcPerp, mark, rateMantissa, (sbyte)rateExponent, _fundingTime);
    }

    /// <summary>Acknowledges every order the BLP sent since the last call (one a new order at most).</summary>
    public void AcknowledgeNew()
    {
        foreach (long id in _pendingAcks)
        {
            fixture.Report(new OrderId(id), Sbe.ExecType.New);
        }

        _pendingAcks.Clear();
    }

    /// <summary>Fills working order <paramref name="index"/>: in full when <paramref name="part"/> is 0, else about a third.</summary>
    public void FillOne(int index, int part, bool maker)
    {
        WorkingOrder order = _working[index];
        long quantity = part == 0 ? order.Leaves : Math.Max(Lot(order.Instrument), order.Leaves / 3 / Lot(order.Instrument) * Lot(order.Instrument));
        order.Leaves -= quantity;
        if (order.Leaves == 0)
        {
            _working.RemoveAt(index);
        }

        long multiplier = Multiplier(order.Instrument);
        long signed = order.Side == Side.Buy ? quantity : -quantity;
        (long Quantity, Int128 Money) current = _fills.GetValueOrDefault((order.Account.Value, order.Instrument.Value));
        _fills[(order.Account.Value, order.Instrument.Value)] = (current.Quantity + signed, current.Money + ((Int128)signed * order.Price * multiplier));
        FillsApplied++;
        FillsByInstrument[order.Instrument.Value]++;
        fixture.Report(new OrderId(order.Id), Sbe.ExecType.Trade, order.Price, quantity, maker);
    }

    /// <summary>Cancels working order <paramref name="index"/>: through the client's request and the venue's confirmation, or by the venue alone.</summary>
    public void CancelOne(int index, bool byClient)
    {
        WorkingOrder order = _working[index];
        if (byClient)
        {
            byte[] buffer = new byte[128];
            var cancel = Sbe.CancelOrderEncoder.WrapAndApplyHeader(buffer, 0);
            cancel.ClientOrderId = 1;
            cancel.OrigClientOrderId = (ulong)order.Id;
            cancel.OrderId = Sbe.CancelOrderEncoder.OrderIdNullValue;
            cancel.AccountId = (ulong)order.Account.Value;
            cancel.SendingTime = fixture.Time;
            cancel.InstrumentId = (uint)order.Instrument.Value;
            cancel.Side = order.Side == Side.Buy ? Sbe.Side.Buy : Sbe.Side.Sell;
            fixture.Raw(buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + cancel.EncodedLength));
            Assert.That(_pendingCancels, Is.EqualTo(new[] { order.Id }), "a client cancel of a working order goes to the venue");
            _pendingCancels.Clear();
        }

        _working.RemoveAt(index);
        fixture.Report(new OrderId(order.Id), Sbe.ExecType.Canceled);
    }

    /// <summary>Risk's position in every (account, instrument) equals the fills' and the working orders'.</summary>
    public void AssertPositionsMatch(int step)
    {
        RiskEngine risk = fixture.Processor.Risk;
        for (int account = 2; account <= 4; account++)
        {
            for (int instrument = 1; instrument <= 3; instrument++)
            {
                var accountId = new AccountId(account);
                var instrumentId = new InstrumentId(instrument);
                if (!risk.IsAccountOpen(accountId))
                {
                    continue;
                }

                ref readonly Position position = ref risk.GetPosition(accountId, instrumentId);
                (long Quantity, Int128 Money) expected = _fills.GetValueOrDefault((account, instrument));
                long openBuy = 0;
                long openSell = 0;
                foreach (WorkingOrder order in _working)
                {
                    if (order.Account == accountId && order.Instrument == instrumentId)
                    {
                        openBuy += order.Side == Side.Buy ? order.Leaves : 0;
                        openSell += order.Side == Side.Sell ? order.Leaves : 0;
                    }
                }

                long funding = instrument == CoreFixture.BtcPerp.Value ? _funding.GetValueOrDefault(account) : 0;
                if (position.Quantity.Units != expected.Quantity
                    || position.FundingPnl.Units != funding
                    || (Int128)position.EntryCost.Units - position.RealisedPnl.Units != expected.Money
                    || position.OpenBuy.Units != openBuy
                    || position.OpenSell.Units != openSell)
                {
                    Assert.Fail(
                        $"step {step}, account {account}, instrument {instrument}: risk has quantity {position.Quantity.Units}, cost - realised "
                        + $"{(Int128)position.EntryCost.Units - position.RealisedPnl.Units}, open {position.OpenBuy.Units}/{position.OpenSell.Units}, funding {position.FundingPnl.Units}; "
                        + $"the fills give {expected.Quantity}, {expected.Money}, open {openBuy}/{openSell}, funding {funding}");
                }
            }
        }
    }

    private static long Lot(InstrumentId instrument) => instrument == CoreFixture.Btc || instrument == CoreFixture.Eth ? 1_000 : 1;

    private long Multiplier(InstrumentId instrument)
    {
        foreach (RiskInstrument candidate in fixture.Settings.Risk.Instruments)
        {
            if (candidate.Id == instrument)
            {
                return candidate.Rules.Multiplier.Units;
            }
        }

        throw new InvalidOperationException($"instrument {instrument} is not configured");
    }

    private sealed class WorkingOrder(long id, AccountId account, InstrumentId instrument, Side side, long price, long leaves)
    {
        public long Id { get; } = id;

        public AccountId Account { get; } = account;

        public InstrumentId Instrument { get; } = instrument;

        public Side Side { get; } = side;

        public long Price { get; } = price;

        public long Leaves { get; set; } = leaves;
    }
}
