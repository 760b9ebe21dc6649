using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Encodes the admin inputs the admin and property tests feed a <see cref="CoreFixture"/> (risk limit changes in
/// every scope, trading actions in every scope and in the version 0 layout) and submits orders reporting risk's
/// verdict. Stateless apart from the caller's fixture; test thread only.
/// </summary>
internal static class AdminInputs
{
    // The InstrumentTradingAction block before version 1 appended scope and accountId.
    private const int TradingActionVersion0BlockLength = 17;

    /// <summary>A limit change: an instrument-wide limit when <paramref name="instrument"/> is set, else an account's or a strategy's.</summary>
    public static void LimitChange(this CoreFixture fixture, Sbe.RiskLimitType type, long value, InstrumentId instrument = default, AccountId account = default, StrategyId strategy = default)
    {
        byte[] buffer = new byte[256];
        var change = Sbe.RiskLimitChangeEncoder.WrapAndApplyHeader(buffer, 0);
        change.AccountId = (ulong)Math.Max(0, account.Value);
        change.Value = value;
        change.RequestTime = fixture.Time;
        change.InstrumentId = instrument.Value > 0 ? (uint)instrument.Value : Sbe.RiskLimitChangeEncoder.InstrumentIdNullValue;
        change.PrincipalId = 1;
        change.LimitType = type;
        change.StrategyId = (uint)Math.Max(0, strategy.Value);
        fixture.Raw(buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + change.EncodedLength));
    }

    /// <summary>A trading action for one instrument, one account or (neither set) everything.</summary>
    public static void TradingAction(this CoreFixture fixture, Sbe.TradingAction action, Sbe.TradingScope scope, InstrumentId instrument = default, AccountId account = default)
    {
        byte[] buffer = new byte[256];
        fixture.Raw(buffer.AsSpan(0, EncodeTradingAction(buffer, fixture.Time, action, scope, instrument, account)));
    }

    /// <summary>The same action as a version 0 writer encoded it: a 17-byte block with neither scope nor account.</summary>
    public static void TradingActionVersion0(this CoreFixture fixture, Sbe.TradingAction action, InstrumentId instrument)
    {
        byte[] current = new byte[256];
        int length = EncodeTradingAction(current, fixture.Time, action, Sbe.TradingScope.Instrument, instrument, default);
        int header = Sbe.EngineSchema.HeaderLength;
        int varData = length - header - Sbe.InstrumentTradingActionEncoder.BlockLength;
        byte[] old = new byte[header + TradingActionVersion0BlockLength + varData];
        current.AsSpan(0, header + TradingActionVersion0BlockLength).CopyTo(old);
        current.AsSpan(header + Sbe.InstrumentTradingActionEncoder.BlockLength, varData).CopyTo(old.AsSpan(header + TradingActionVersion0BlockLength));
        var oldHeader = new Sbe.MessageHeaderEncoder(old, 0);
        oldHeader.BlockLength = TradingActionVersion0BlockLength;
        oldHeader.Version = 0;
        fixture.Raw(old);
    }

    /// <summary>Submits a limit order and returns risk's verdict: Ok when it went to the venue, else the reject code.</summary>
    public static ResultCode Submit(this CoreFixture fixture, AccountId account, InstrumentId instrument, Side side, long price, long quantity)
    {
        long rejected = fixture.Processor.Counters.OrdersRejected;
        int sent = fixture.Output.NewOrders().Count;
        fixture.NewOrder(account, instrument, side, price, quantity);
        if (fixture.Processor.Counters.OrdersRejected != rejected)
        {
            return (ResultCode)fixture.Processor.Counters.LastRejectCode;
        }

        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(sent + 1), "an order risk did not reject must go to the venue");
        return ResultCode.Ok;
    }

    /// <summary>Submits an order the venue acknowledges and fills in full as taker; fails if risk rejects it.</summary>
    public static void BuyOrSellFilled(this CoreFixture fixture, AccountId account, InstrumentId instrument, Side side, long price, long quantity)
    {
        Assert.That(fixture.Submit(account, instrument, side, price, quantity), Is.EqualTo(ResultCode.Ok));
        var id = new OrderId(fixture.Output.NewOrders()[^1].Id);
        fixture.Report(id, Sbe.ExecType.New);
        fixture.Report(id, Sbe.ExecType.Trade, price, quantity, maker: false);
    }

    private static int EncodeTradingAction(byte[] buffer, long time, Sbe.TradingAction action, Sbe.TradingScope scope, InstrumentId instrument, AccountId account)
    {
        var encoder = Sbe.InstrumentTradingActionEncoder.WrapAndApplyHeader(buffer, 0);
        encoder.RequestTime = time;
        encoder.InstrumentId = (uint)Math.Max(0, instrument.Value);
        encoder.PrincipalId = 1;
        encoder.Action = action;
        encoder.Scope = scope;
        encoder.AccountId = (ulong)Math.Max(0, account.Value);
        encoder.SetReason("test");
        return Sbe.EngineSchema.HeaderLength + encoder.EncodedLength;
    }
}
