using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Property test through the BLP: a seeded random stream of orders on spot (BTC-USDT, ETH-USDT) and perpetual
/// (BTC-USDT-PERP) instruments for three accounts, acknowledged and filled in part or in full as maker or taker (so
/// with maker and taker fees), cancelled by the client or by the venue, with deposits, withdrawals (some overdrawing),
/// funding settlements of the perpetual (some resent) and market moves in between. After every input: the ledger's trial balance is zero, and every position risk holds
/// equals the one recomputed here from the fills alone (quantity, entry cost minus realised P&amp;L = the signed money
/// of the fills, open buy and sell = the leaves of the working orders).
/// </summary>
[TestFixture]
public sealed class PositionsAndLedgerPropertyTests
{
    private const int Steps = 10_000;
    private const long OneUnit = 100_000_000;          // ledger units (8 decimals)
    private static readonly AccountId[] s_accounts = [new(2), new(3), new(4)];
    private static readonly InstrumentId[] s_instruments = [CoreFixture.Btc, CoreFixture.Eth, CoreFixture.BtcPerp];
    private static readonly string[] s_assets = ["USDT", "BTC", "ETH"];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomFillsFeesTransfersAndCancels_KeepTheTrialBalanceZero_AndPositionsEqualTheFills(int seed)
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        var model = new FillModel(fixture);
        var random = new Random(seed);
        fixture.Output.Recording = false;
        fixture.Output.Forward = model;
        foreach (AccountId account in s_accounts)
        {
            fixture.Deposit(account, "USDT", 2_000_000 * OneUnit);
            fixture.Deposit(account, "BTC", 20 * OneUnit);
            fixture.Deposit(account, "ETH", 200 * OneUnit);
        }

        long[] mids = [5_000_000, 300_000, 500_000];     // 50,000.00 BTC, 3,000.00 ETH, 50,000.0 perp
        for (int i = 0; i < s_instruments.Length; i++)
        {
            Quote(fixture, s_instruments[i], mids[i]);
        }

        long fills = 0;
        long fundings = 0;
        for (int step = 0; step < Steps; step++)
        {
            int action = random.Next(100);
            if (action < 30)
            {
                int i = random.Next(s_instruments.Length);
                long tick = i == 2 ? 1 : 5;
                long price = mids[i] + ((random.Next(41) - 20) * tick);
                long lot = i switch { 0 => 1_000, 1 => 1_000, _ => 1 };
                long quantity = lot * (1 + random.Next(i == 2 ? 200 : 50));
                fixture.NewOrder(s_accounts[random.Next(s_accounts.Length)], s_instruments[i], random.Next(2) == 0 ? Side.Buy : Side.Sell, price, quantity);
                model.AcknowledgeNew();
            }
            else if (action < 60 && model.WorkingCount > 0)
            {
                fills++;
                model.FillOne(random.Next(model.WorkingCount), random.Next(3), random.Next(2) == 0);
            }
            else if (action < 68 && model.WorkingCount > 0)
            {
                model.CancelOne(random.Next(model.WorkingCount), byClient: random.Next(2) == 0);
            }
            else if (action < 78)
            {
                AccountId account = s_accounts[random.Next(s_accounts.Length)];
                string asset = s_assets[random.Next(s_assets.Length)];
                long amount = (1 + random.Next(1_000)) * (asset == "USDT" ? 100 * OneUnit : OneUnit / 100);
                fixture.Deposit(account, asset, amount, withdraw: random.Next(2) == 0);
            }
            else if (action < 82)
            {
                fundings++;
                model.SettleFunding(mids[2], random.Next(-500, 501), -6 - random.Next(2), resend: random.Next(4) == 0);
            }
            else
            {
                int i = random.Next(s_instruments.Length);
                mids[i] += (random.Next(5) - 2) * (i == 2 ? 10 : 50);
                Quote(fixture, s_instruments[i], mids[i]);
            }

            fixture.AssertTrialBalanceIsZero();
            model.AssertPositionsMatch(step);
        }

        Assert.That(fills, Is.GreaterThan(Steps / 5), "the stream must actually fill orders");
        Assert.That(fixture.Processor.Counters.Fills, Is.EqualTo(model.FillsApplied), "every fill reached the BLP");
        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.Zero);
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.GreaterThan(fundings / 2), "settlements paid the perpetual's holders");
        Assert.That(model.FillsByInstrument[1..], Has.All.GreaterThan(Steps / 50), "BTC-USDT, ETH-USDT and BTC-USDT-PERP all traded");
        TestContext.Out.WriteLine(
            $"seed {seed}: {fills} fills ({string.Join('/', model.FillsByInstrument[1..])}), {fixture.Processor.Counters.OrdersSubmitted} orders submitted, "
            + $"{fixture.Processor.Counters.OrdersRejected} rejected, {fixture.Processor.Counters.OrdersCanceled} canceled, {fixture.Processor.Counters.AdminRefused} refused transfers");
    }

    private static void Quote(CoreFixture fixture, InstrumentId instrument, long mid)
    {
        long half = instrument == CoreFixture.BtcPerp ? 5 : 50;
        fixture.Bbo(instrument, mid - half, 1_000_000, mid + half, 1_000_000);
    }
}
