using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// What an operator learns from the BLP's answers: a refused admin command names exactly why (its result code and the
/// id or value at fault) and is counted as refused, not malformed; a status lists every risk limit in force per scope
/// and every open order.
/// </summary>
[TestFixture]
public sealed class AdminRefusalAndStatusDetailTests
{
    private const long OneUnit = 100_000_000;   // the ledger scale is 8

    [Test]
    public void OverdrawingWithdrawal_IsRefusedWithTheLedgersCode_NamingAccountAndAsset()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10 * OneUnit);
        fixture.Output.Clear();

        fixture.Deposit(CoreFixture.Trader, "USDT", 11 * OneUnit, withdraw: true);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.False));
        Assert.That(result.Result, Is.EqualTo(Sbe.ResultCode.ExceedsCredits));
        Assert.That(result.TextAsString(), Does.Contain("withdrawal of account 2 in USDT").And.Contain("insufficient balance"));
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo(10 * OneUnit), "nothing moved");
        Assert.That(fixture.Processor.Counters.AdminRefused, Is.EqualTo(1));
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [TestCase(99u, "halfSpreadTicks", "50", Sbe.ResultCode.UnknownStrategy, "strategy 99 is not a configured strategy")]
    [TestCase(1u, "halfSpreadTicks", "-3", Sbe.ResultCode.AdminParameterRefused, "strategy 1 refused parameter 'halfSpreadTicks' with value '-3'")]
    public void StrategyParameter_ThatCannotApply_IsRefused_NamingTheStrategyAndParameter(uint strategy, string name, string value, Sbe.ResultCode expected, string reason)
    {
        var fixture = new CoreFixture();
        fixture.Output.Clear();

        fixture.Parameter(new StrategyId((int)strategy), name, value);

        var result = SingleResult(fixture);
        Assert.That(result.Result, Is.EqualTo(expected));
        Assert.That(result.TextAsString(), Does.StartWith(reason));
    }

    [Test]
    public void AppliedCommand_CarriesNoResultCode_AndNoReason()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Output.Clear();

        fixture.Deposit(CoreFixture.Trader, "USDT", OneUnit);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.True));
        Assert.That(result.Result, Is.EqualTo(Sbe.ResultCode.NullValue));
        Assert.That(result.TextAsString(), Is.Empty);
    }

    [Test]
    public void StatusRequest_ListsEveryRiskLimitInForce_PerInstrumentAccountAndStrategy()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 1_000 * OneUnit);
        fixture.LimitChange(Sbe.RiskLimitType.MaxOrderQuantity, 50_000, instrument: CoreFixture.Btc);
        fixture.LimitChange(Sbe.RiskLimitType.OrderBurst, 7, account: CoreFixture.Trader);
        fixture.LimitChange(Sbe.RiskLimitType.MaxOrdersPerSecond, 3, strategy: new StrategyId(2));
        fixture.Output.Clear();

        var status = RequestStatus(fixture);

        var limits = new Dictionary<(Sbe.KillScope, ulong, Sbe.RiskLimitType), (long, sbyte)>();
        SkipToLimits(ref status);
        var group = status.Limits();
        while (group.MoveNext())
        {
            limits.Add((group.Scope, group.TargetId, group.LimitType), (group.Value.Mantissa, group.Value.Exponent));
        }

        ulong btc = (ulong)CoreFixture.Btc.Value;
        ulong trader = (ulong)CoreFixture.Trader.Value;
        Assert.That(limits[(Sbe.KillScope.Instrument, btc, Sbe.RiskLimitType.MaxOrderQuantity)], Is.EqualTo((50_000L, (sbyte)-5)), "the changed limit, at BTC's quantity scale");
        Assert.That(limits[(Sbe.KillScope.Account, trader, Sbe.RiskLimitType.OrderBurst)], Is.EqualTo((7L, (sbyte)0)));
        Assert.That(limits[(Sbe.KillScope.Strategy, 2UL, Sbe.RiskLimitType.MaxOrdersPerSecond)], Is.EqualTo((3L, (sbyte)0)), "a strategy's own rate");
        Assert.That(limits.ContainsKey((Sbe.KillScope.All, 0UL, Sbe.RiskLimitType.MaxOrdersPerSecond)), Is.True, "the strategies' default rate, once");
        Assert.That(limits.Keys.Count(k => k.Item1 == Sbe.KillScope.Strategy), Is.EqualTo(2), "only the strategy whose rate differs from the default");
        foreach (Sbe.RiskLimitType type in new[] { Sbe.RiskLimitType.MaxNotional, Sbe.RiskLimitType.MaxPosition, Sbe.RiskLimitType.MaxSymbolExposure, Sbe.RiskLimitType.PriceBandBasisPoints })
        {
            Assert.That(limits.ContainsKey((Sbe.KillScope.Instrument, btc, type)), Is.True, type.ToString());
        }

        foreach (Sbe.RiskLimitType type in new[] { Sbe.RiskLimitType.MaxGrossExposure, Sbe.RiskLimitType.MaxDailyLoss, Sbe.RiskLimitType.MaxOrdersPerSecond })
        {
            Assert.That(limits.ContainsKey((Sbe.KillScope.Account, trader, type)), Is.True, type.ToString());
        }

        Assert.That(limits.Keys.Count(k => k.Item1 == Sbe.KillScope.Instrument), Is.EqualTo(5 * fixture.Processor.Settings.Risk.Instruments.Count), "five limits per traded instrument");
        Assert.That(status.AdminRefused, Is.Zero);
    }

    [Test]
    public void StatusRequest_SaysHowMuchOfEachAccumulatingLimitIsUsed_AndNothingForPerOrderLimits()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUnit);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.LimitChange(Sbe.RiskLimitType.OrderBurst, 7, account: CoreFixture.Trader);
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000), Is.EqualTo(ResultCode.Ok));
        var order = new OrderId(fixture.Output.NewOrders()[^1].Id);
        fixture.Report(order, Sbe.ExecType.New);
        fixture.Report(order, Sbe.ExecType.Trade, lastPrice: 5_000_000, lastQuantity: 4_000, cumulative: 4_000);
        fixture.Output.Clear();

        var status = RequestStatus(fixture);

        var used = new Dictionary<(Sbe.KillScope, ulong, Sbe.RiskLimitType), (long, sbyte)>();
        SkipToLimits(ref status);
        var group = status.Limits();
        while (group.MoveNext())
        {
            used.Add((group.Scope, group.TargetId, group.LimitType), (group.Used.Mantissa, group.Used.Exponent));
        }

        ulong btc = (ulong)CoreFixture.Btc.Value;
        ulong trader = (ulong)CoreFixture.Trader.Value;
        Assert.That(used[(Sbe.KillScope.Instrument, btc, Sbe.RiskLimitType.MaxPosition)], Is.EqualTo((4_000L, (sbyte)-5)), "the trader's 0.04 BTC, at BTC's quantity scale");
        Assert.That(used[(Sbe.KillScope.Instrument, btc, Sbe.RiskLimitType.MaxSymbolExposure)].Item1, Is.GreaterThan(0));
        Assert.That(used[(Sbe.KillScope.Account, trader, Sbe.RiskLimitType.MaxGrossExposure)], Is.EqualTo(used[(Sbe.KillScope.Instrument, btc, Sbe.RiskLimitType.MaxSymbolExposure)]), "its one position is its gross exposure");
        Assert.That(used[(Sbe.KillScope.Account, trader, Sbe.RiskLimitType.OrderBurst)].Item1, Is.InRange(0L, 1L), "at most the one order sent is spent of the burst of 7 (the bucket refills with engine time)");
        Assert.That(used[(Sbe.KillScope.Account, trader, Sbe.RiskLimitType.MaxDailyLoss)].Item1, Is.GreaterThanOrEqualTo(0));
        foreach (Sbe.RiskLimitType type in new[] { Sbe.RiskLimitType.MaxOrderQuantity, Sbe.RiskLimitType.MaxNotional, Sbe.RiskLimitType.PriceBandBasisPoints })
        {
            Assert.That(used[(Sbe.KillScope.Instrument, btc, type)].Item1, Is.EqualTo(long.MinValue), type + ": a per-order limit accumulates nothing");
        }

        Assert.That(used[(Sbe.KillScope.Account, trader, Sbe.RiskLimitType.MaxOrdersPerSecond)].Item1, Is.EqualTo(long.MinValue), "a rate: the burst says what is spent");
    }

    [Test]
    public void StatusRequest_ListsTheOpenOrders_WithSidePriceRemainingQuantityAndVenueState()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUnit);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneUnit);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        int open = fixture.Processor.Orders.Count;
        Assert.That(open, Is.GreaterThan(0), "the market maker quotes");
        fixture.Output.Clear();

        var status = RequestStatus(fixture);

        SkipToLimits(ref status);
        var limits = status.Limits();
        while (limits.MoveNext())
        {
        }

        var orders = status.Orders();
        Assert.That(orders.Count, Is.EqualTo(open));
        var sides = new HashSet<Sbe.Side>();
        while (orders.MoveNext())
        {
            Assert.That(orders.AccountId, Is.EqualTo((ulong)CoreFixture.MakerAccount.Value));
            Assert.That(orders.InstrumentId, Is.EqualTo((uint)CoreFixture.Btc.Value));
            Assert.That(orders.StrategyId, Is.EqualTo((uint)CoreFixture.MakerStrategy.Value));
            Assert.That(orders.State, Is.EqualTo(Sbe.OrderVenueState.PendingNew), "no venue report yet");
            Assert.That(orders.Price.Exponent, Is.EqualTo((sbyte)-2));
            Assert.That(orders.LeavesQuantity.Mantissa, Is.GreaterThan(0));
            Assert.That(fixture.Processor.Orders.Contains(new OrderId((long)orders.OrderId)), Is.True);
            sides.Add(orders.Side);
        }

        Assert.That(sides, Is.EquivalentTo(new[] { Sbe.Side.Buy, Sbe.Side.Sell }), "a two-sided quote");
    }

    [Test]
    public void StatusRequest_CountsRefusedAdminCommands()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Kill(Sbe.KillScope.Account, 999);
        fixture.Output.Clear();

        var status = RequestStatus(fixture);

        Assert.That(status.AdminRefused, Is.EqualTo(1UL));
        Assert.That(status.MalformedInputs, Is.Zero);
    }

    private static Sbe.EngineStatusDecoder RequestStatus(CoreFixture fixture)
    {
        byte[] buffer = new byte[64];
        var request = Sbe.StatusRequestEncoder.WrapAndApplyHeader(buffer, 0);
        request.RequestId = 5;
        request.RequestTime = fixture.Time;
        request.PrincipalId = 7;
        fixture.Raw(buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
        return Sbe.EngineStatusDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.EngineStatusDecoder.TemplateId).Single(), 0);
    }

    /// <summary>SBE groups are read in order: walks past the groups before limits.</summary>
    private static void SkipToLimits(ref Sbe.EngineStatusDecoder status)
    {
        var accounts = status.Accounts();
        while (accounts.MoveNext())
        {
        }

        var instruments = status.Instruments();
        while (instruments.MoveNext())
        {
        }

        var balances = status.Balances();
        while (balances.MoveNext())
        {
        }

        var positions = status.Positions();
        while (positions.MoveNext())
        {
        }
    }

    private static Sbe.AdminResultDecoder SingleResult(CoreFixture fixture) =>
        Sbe.AdminResultDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.AdminResultDecoder.TemplateId).Single(), 0);
}
