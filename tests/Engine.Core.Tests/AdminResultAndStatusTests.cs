using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Operators' answers from the BLP: every admin input is answered with an AdminResult (applied, or refused with the
/// reason, and the orders it canceled), and a StatusRequest with an EngineStatus that describes switches, accounts,
/// cash and positions, identically on replay.
/// </summary>
[TestFixture]
public sealed class AdminResultAndStatusTests
{
    private const long OneUnit = 100_000_000;   // the ledger scale is 8

    [Test]
    public void KillSwitch_IsAnsweredApplied_WithTheNumberOfOrdersItCanceled()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUnit);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneUnit);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        int open = fixture.Processor.Orders.Count;
        Assert.That(open, Is.GreaterThan(0), "the market maker quotes");
        fixture.Output.Clear();

        fixture.Kill(Sbe.KillScope.All, 0);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.True));
        Assert.That(result.RefTemplateId, Is.EqualTo(Sbe.KillSwitchDecoder.TemplateId));
        Assert.That(result.Affected, Is.EqualTo((uint)open));
        Assert.That(result.JournalSequence, Is.EqualTo((ulong)fixture.Processor.Sequence));
        Assert.That(result.TextAsString(), Is.Empty);
    }

    [Test]
    public void KillSwitchForAnUnknownAccount_IsAnsweredRefused_WithItsCodeAndTheAccount_CountedAsRefused()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Output.Clear();

        fixture.Kill(Sbe.KillScope.Account, 999);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.False));
        Assert.That(result.TextAsString(), Is.EqualTo("account 999 is not an open account"));
        Assert.That(result.Result, Is.EqualTo(Sbe.ResultCode.UnknownAccount));
        Assert.That(fixture.Processor.Counters.AdminRefused, Is.EqualTo(1), "refused, not malformed: the input was well-formed");
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [Test]
    public void StatusRequest_DescribesSwitchesAccountsCashAndPositions()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUnit);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.BuyOrSellFilled(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_100, 10_000);
        fixture.Kill(Sbe.KillScope.Account, (ulong)CoreFixture.Trader.Value);
        fixture.Output.Clear();

        RequestStatus(fixture, requestId: 42);

        byte[] message = fixture.Output.OfType(Sbe.EngineStatusDecoder.TemplateId).Single();
        var status = Sbe.EngineStatusDecoder.WrapWithHeader(message, 0);
        Assert.That(status.RequestId, Is.EqualTo(42UL));
        Assert.That(status.JournalSequence, Is.EqualTo((ulong)fixture.Processor.Sequence));
        Assert.That(status.StateHash(0), Is.EqualTo(fixture.Processor.StateHash()));
        Assert.That(status.Fills, Is.EqualTo((ulong)fixture.Processor.Counters.Fills).And.GreaterThan(0UL));
        Assert.That(status.GlobalKillSwitch, Is.EqualTo(Sbe.BooleanType.False));
        Assert.That(status.GlobalTradingState, Is.EqualTo(Sbe.TradingStateCode.Active));

        var accounts = status.Accounts();
        var killed = new List<ulong>();
        while (accounts.MoveNext())
        {
            if (accounts.KillSwitch == Sbe.BooleanType.True)
            {
                killed.Add(accounts.AccountId);
            }
        }

        Assert.That(killed, Is.EqualTo(new[] { (ulong)CoreFixture.Trader.Value }));

        var instruments = status.Instruments();
        Assert.That(instruments.Count, Is.EqualTo(fixture.Processor.Settings.Risk.Instruments.Count));
        while (instruments.MoveNext())
        {
            Assert.That(instruments.TradingState, Is.EqualTo(Sbe.TradingStateCode.Active));
        }

        var balances = status.Balances();
        var cash = new Dictionary<(ulong, uint), long>();
        while (balances.MoveNext())
        {
            Assert.That(balances.Available.Exponent, Is.EqualTo(-8));
            cash[(balances.AccountId, balances.AssetId)] = balances.Available.Mantissa;
        }

        uint btc = (uint)fixture.Processor.Assets["BTC"].Value;
        uint usdt = (uint)fixture.Processor.Assets["USDT"].Value;
        Assert.That(cash[((ulong)CoreFixture.Trader.Value, btc)], Is.EqualTo(fixture.Available(CoreFixture.Trader, "BTC")));
        Assert.That(cash[((ulong)CoreFixture.Trader.Value, usdt)], Is.EqualTo(fixture.Available(CoreFixture.Trader, "USDT")));

        var positions = status.Positions();
        Assert.That(positions.Count, Is.EqualTo(1));
        Assert.That(positions.MoveNext(), Is.True);
        Assert.That(positions.AccountId, Is.EqualTo((ulong)CoreFixture.Trader.Value));
        Assert.That(positions.InstrumentId, Is.EqualTo((uint)CoreFixture.Btc.Value));
        Assert.That((positions.Quantity.Mantissa, positions.Quantity.Exponent), Is.EqualTo((10_000L, (sbyte)-5)));
        Assert.That((positions.AverageEntryPrice.Mantissa, positions.AverageEntryPrice.Exponent), Is.EqualTo((5_000_100L, (sbyte)-2)));
    }

    [Test]
    public void StatusRequest_ChangesNoTradingState_AndReplaysToTheSameAnswer()
    {
        var first = new CoreFixture();
        first.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUnit);
        first.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        (int orders, long transfers) = (first.Processor.Orders.Count, first.Processor.Ledger.TransferCount);
        first.Output.Clear();
        RequestStatus(first, requestId: 1);
        Assert.That((first.Processor.Orders.Count, first.Processor.Ledger.TransferCount), Is.EqualTo((orders, transfers)), "a status request only reads (its input is counted)");

        var second = new CoreFixture();
        second.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUnit);
        second.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        second.Output.Clear();
        RequestStatus(second, requestId: 1);
        Assert.That(second.Output.OfType(Sbe.EngineStatusDecoder.TemplateId).Single(), Is.EqualTo(first.Output.OfType(Sbe.EngineStatusDecoder.TemplateId).Single()));
    }

    private static void RequestStatus(CoreFixture fixture, ulong requestId)
    {
        byte[] buffer = new byte[64];
        var request = Sbe.StatusRequestEncoder.WrapAndApplyHeader(buffer, 0);
        request.RequestId = requestId;
        request.RequestTime = fixture.Time;
        request.PrincipalId = 7;
        fixture.Raw(buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
    }

    private static Sbe.AdminResultDecoder SingleResult(CoreFixture fixture)
    {
        byte[] message = fixture.Output.OfType(Sbe.AdminResultDecoder.TemplateId).Single();
        return Sbe.AdminResultDecoder.WrapWithHeader(message, 0);
    }
}
