using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// A BLP over a small, self-contained configuration (BTC-USDT and ETH-USDT spot on the simulated venue, BTC-USDT-PERP
/// on OKX swaps, SOL-USDT spot crossed internally), with the sample market maker on BTC-USDT for account 1, plus
/// encoders for the inputs the tests feed it. Prices have 2 decimals, BTC quantities 5, SOL quantities 2, ledger
/// amounts 8.
/// </summary>
public sealed class CoreFixture
{
    public const string InstrumentsJson = """
        {
          "venues": [
            { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true },
            { "code": "OKX_SWAP", "name": "OKX perpetual swaps", "symbolFormat": "dashSwap" },
            { "code": "INTERNAL", "name": "Internal crossing", "symbolFormat": "dash", "internal": true }
          ],
          "instruments": [
            { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "spot" },
            { "symbol": "ETH-USDT", "base": "ETH", "quote": "USDT", "settle": "USDT", "kind": "spot" },
            { "symbol": "BTC-USDT-PERP", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "perpetual" },
            { "symbol": "SOL-USDT", "base": "SOL", "quote": "USDT", "settle": "USDT", "kind": "spot" }
          ],
          "listings": [
            { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "1", "contractMultiplier": "1" },
            { "venue": "SIM", "instrument": "ETH-USDT", "priceScale": 2, "quantityScale": 4, "tickSize": "0.01", "lotSize": "0.0001", "minQuantity": "0.0001", "minNotional": "1", "contractMultiplier": "1" },
            { "venue": "OKX_SWAP", "instrument": "BTC-USDT-PERP", "priceScale": 1, "quantityScale": 2, "tickSize": "0.1", "lotSize": "0.01", "minQuantity": "0.01", "minNotional": "0", "contractMultiplier": "1" },
            { "venue": "INTERNAL", "instrument": "SOL-USDT", "priceScale": 2, "quantityScale": 2, "tickSize": "0.01", "lotSize": "0.01", "minQuantity": "0.01", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    public const string RiskJson = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 16,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 0,
          "instruments": [
            { "instrument": "BTC-USDT", "venue": "SIM", "maxOrderSize": "5", "maxOrderNotional": "500000", "maxPositionSize": "20", "maxSymbolExposure": "2000000", "priceBandBps": 500 },
            { "instrument": "ETH-USDT", "venue": "SIM", "maxOrderSize": "100", "maxOrderNotional": "500000", "maxPositionSize": "1000", "maxSymbolExposure": "2000000", "priceBandBps": 500 },
            { "instrument": "BTC-USDT-PERP", "venue": "OKX_SWAP", "maxOrderSize": "50", "maxOrderNotional": "500000", "maxPositionSize": "100", "maxSymbolExposure": "2000000", "priceBandBps": 500, "initialMarginBps": 1000 },
            { "instrument": "SOL-USDT", "venue": "INTERNAL", "maxOrderSize": "1000", "maxOrderNotional": "500000", "maxPositionSize": "5000", "maxSymbolExposure": "2000000", "priceBandBps": 500 }
          ],
          "accountDefaults": { "maxGrossExposure": "5000000", "maxDailyLoss": "50000", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    public static readonly InstrumentId Btc = new(1);
    public static readonly InstrumentId Eth = new(2);
    public static readonly InstrumentId BtcPerp = new(3);
    public static readonly InstrumentId InternalSol = new(4);

    // Listings (venue, instrument): here each instrument has one, with the instrument's id.
    public static readonly ListingId BtcOnSim = new(1);
    public static readonly ListingId EthOnSim = new(2);
    public static readonly ListingId BtcPerpOnOkx = new(3);
    public static readonly ListingId SolInternal = new(4);
    public static readonly AccountId MakerAccount = new(1);
    public static readonly AccountId Trader = new(2);
    public static readonly StrategyId MakerStrategy = new(1);

    private readonly byte[] _input = new byte[512];
    private long _sequence;
    private long _time = 1_000_000_000;

    /// <summary>A fixture; with <paramref name="restoreFrom"/>, its processor is restored from that snapshot of <paramref name="continueFrom"/>'s, and its input numbering and clock continue from there.</summary>
    public CoreFixture(
        bool withMarketMaker = true,
        int takerFeeBps = 10,
        int makerFeeBps = 2,
        byte[]? restoreFrom = null,
        CoreFixture? continueFrom = null,
        IReadOnlyList<StrategyDefinition>? strategies = null,
        string? instrumentsJson = null,
        string? riskJson = null)
    {
        Registry = InstrumentConfig.Parse(instrumentsJson ?? InstrumentsJson, "instruments.json");
        RiskSettings risk = RiskConfig.Parse(riskJson ?? RiskJson, "risk.json", Registry);
        Registry.TryGetInstrument("BTC-USDT", out Instrument? btc);
        Assert.That(btc!.Id, Is.EqualTo(Btc), "fixture ids follow the config order");
        var definitions = new List<StrategyDefinition>();
        if (withMarketMaker && instrumentsJson is null)
        {
            var parameters = new MarketMakingParameters(BtcOnSim, new Quantity(10_000), HalfSpreadTicks: 50, SkewTicksPerQuote: 10, MaxPosition: new Quantity(50_000), RequoteTicks: 20);
            definitions.Add(new StrategyDefinition(MakerStrategy, MakerAccount, "market-maker", () => new MarketMakingStrategy(parameters)));
        }

        definitions.AddRange(strategies ?? []);
        // Every venue charges the fixture's fees, but the internal one (our own accounts trade with each other there).
        VenueFees[] fees = [.. Registry.Venues.Where(v => !v.IsInternal).Select(v => new VenueFees(v.Id, makerFeeBps, takerFeeBps))];
        Settings = new CoreSettings(Registry, risk, CoreSettings.DefaultLedgerScale, fees, definitions);
        Processor = new BusinessLogicProcessor(Settings, Output);
        if (restoreFrom is not null)
        {
            Processor.RestoreSnapshot(new MemoryStream(restoreFrom));
            _sequence = continueFrom!._sequence;
            _time = continueFrom._time;
        }
    }

    public InstrumentRegistry Registry { get; }

    public CoreSettings Settings { get; }

    public RecordingOutput Output { get; } = new();

    public BusinessLogicProcessor Processor { get; }

    public long Time => _time;

    /// <summary>Applies the message just encoded into the input buffer as the next journaled input, 1 ms later.</summary>
    public void Apply(int length)
    {
        _time += 1_000_000;
        Processor.Process(++_sequence, _time, _input.AsSpan(0, length));
    }

    /// <summary>The venue of the instrument's only listing in this fixture (market data names it). Allocation-free.</summary>
    public ushort VenueOf(InstrumentId instrument) => (ushort)Registry.GetListing(new ListingId(instrument.Value)).Venue.Id.Value;

    /// <summary>A best bid and offer of the instrument on <paramref name="venue"/> (0: the venue of its only listing).</summary>
    public void Bbo(InstrumentId instrument, long bid, long bidQuantity, long ask, long askQuantity, ushort venue = 0)
    {
        var bbo = Sbe.BestBidOfferEncoder.WrapAndApplyHeader(_input, 0);
        bbo.ExchangeTime = _time;
        bbo.GatewayReceiveTime = _time;
        bbo.VenueSequence = (ulong)_sequence;
        bbo.BidPrice.SetMantissa(bid);
        bbo.BidQuantity.SetMantissa(bidQuantity);
        bbo.AskPrice.SetMantissa(ask);
        bbo.AskQuantity.SetMantissa(askQuantity);
        bbo.InstrumentId = (uint)instrument.Value;
        bbo.VenueId = venue == 0 ? VenueOf(instrument) : venue;
        Apply(Sbe.EngineSchema.HeaderLength + bbo.EncodedLength);
    }

    /// <summary>A funding rate of <paramref name="instrument"/> (default: a settlement on OKX_SWAP, the perpetual's venue) of mantissa x 10^exponent.</summary>
    public void Funding(InstrumentId instrument, long markPrice, long rateMantissa, sbyte rateExponent, long fundingTime, bool settled = true, ushort venueId = 2)
    {
        var funding = Sbe.FundingRateEncoder.WrapAndApplyHeader(_input, 0);
        funding.ExchangeTime = _time;
        funding.GatewayReceiveTime = _time;
        funding.VenueSequence = (ulong)_sequence;
        funding.FundingTime = fundingTime;
        funding.MarkPrice.SetMantissa(markPrice);
        funding.Rate.SetMantissa(rateMantissa);
        funding.Rate.SetExponent(rateExponent);
        funding.Settled = settled ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        funding.VenueId = venueId;
        funding.InstrumentId = (uint)instrument.Value;
        Apply(Sbe.EngineSchema.HeaderLength + funding.EncodedLength);
    }

    public void Deposit(AccountId account, string asset, long ledgerUnits, bool withdraw = false)
    {
        var request = Sbe.FundsTransferRequestEncoder.WrapAndApplyHeader(_input, 0);
        request.RequestId = (ulong)_sequence;
        request.AccountId = (ulong)account.Value;
        request.Amount.SetMantissa(ledgerUnits);
        request.RequestTime = _time;
        request.AssetId = (uint)Processor.Assets[asset].Value;
        request.PrincipalId = 1;
        request.Direction = withdraw ? Sbe.FundsDirection.Withdrawal : Sbe.FundsDirection.Deposit;
        Apply(Sbe.EngineSchema.HeaderLength + request.EncodedLength);
    }

    /// <summary>A venue's execution report about an engine order (<paramref name="venue"/> 0: the report names no venue).</summary>
    public void Report(OrderId order, Sbe.ExecType type, long lastPrice = 0, long lastQuantity = 0, bool maker = true, Sbe.ResultCode reason = Sbe.ResultCode.NullValue, ushort venue = 0, string text = "", long cumulative = 0)
    {
        var report = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_input, 0);
        report.VenueId = venue;
        report.OrderId = (ulong)(order.Value + 1_000_000);
        report.ClientOrderId = (ulong)order.Value;
        report.OrigClientOrderId = (ulong)order.Value;
        report.ExecId = (ulong)_sequence;
        report.Price.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        report.LastPrice.SetMantissa(lastQuantity > 0 ? lastPrice : Sbe.PriceOptionalEncoder.MantissaNullValue);
        report.LastQuantity.SetMantissa(lastQuantity);
        report.CumulativeQuantity.SetMantissa(cumulative);
        report.TransactTime = _time;
        report.ExecType = type;
        report.OrderStatus = Sbe.OrderStatus.New;
        report.RejectReason = reason;
        report.IsMaker = maker ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        report.SetText(text);
        Apply(Sbe.EngineSchema.HeaderLength + report.EncodedLength);
    }

    public void NewOrder(
        AccountId account,
        InstrumentId instrument,
        Side side,
        long price,
        long quantity,
        ulong clientOrderId = 77,
        Sbe.OrderFlags flags = 0,
        Sbe.TimeInForce timeInForce = Sbe.TimeInForce.GoodTillCancel,
        Sbe.OrderType type = Sbe.OrderType.Limit,
        ushort venue = 0,
        long stopPrice = long.MinValue)
    {
        var order = Sbe.NewOrderEncoder.WrapAndApplyHeader(_input, 0);
        order.VenueId = venue;
        order.TriggerTime = Sbe.NewOrderEncoder.TriggerTimeNullValue;
        order.ClientOrderId = clientOrderId;
        order.AccountId = (ulong)account.Value;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(stopPrice);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = Sbe.NewOrderEncoder.ExpireTimeNullValue;
        order.SendingTime = _time;
        order.InstrumentId = (uint)instrument.Value;
        order.StrategyId = 0;
        order.Side = side == Side.Buy ? Sbe.Side.Buy : Sbe.Side.Sell;
        order.OrderType = type;
        order.TimeInForce = timeInForce;
        order.Flags = flags;
        Apply(Sbe.EngineSchema.HeaderLength + order.EncodedLength);
    }

    public void Cancel(AccountId account, OrderId order)
    {
        var cancel = Sbe.CancelOrderEncoder.WrapAndApplyHeader(_input, 0);
        cancel.VenueId = 0;
        cancel.TriggerTime = Sbe.CancelOrderEncoder.TriggerTimeNullValue;
        cancel.ClientOrderId = 98;
        cancel.OrigClientOrderId = (ulong)order.Value;
        cancel.OrderId = Sbe.CancelOrderEncoder.OrderIdNullValue;
        cancel.AccountId = (ulong)account.Value;
        cancel.SendingTime = _time;
        cancel.InstrumentId = 0;
        cancel.Side = Sbe.Side.Buy;
        Apply(Sbe.EngineSchema.HeaderLength + cancel.EncodedLength);
    }

    public void Amend(AccountId account, OrderId order, long price, long quantity)
    {
        var amend = Sbe.AmendOrderEncoder.WrapAndApplyHeader(_input, 0);
        amend.VenueId = 0;
        amend.TriggerTime = Sbe.AmendOrderEncoder.TriggerTimeNullValue;
        amend.ClientOrderId = 99;
        amend.OrigClientOrderId = (ulong)order.Value;
        amend.OrderId = Sbe.AmendOrderEncoder.OrderIdNullValue;
        amend.AccountId = (ulong)account.Value;
        amend.Price.SetMantissa(price);
        amend.Quantity.SetMantissa(quantity);
        amend.SendingTime = _time;
        amend.InstrumentId = (uint)CoreFixture.Btc.Value;
        amend.Side = Sbe.Side.Buy;
        Apply(Sbe.EngineSchema.HeaderLength + amend.EncodedLength);
    }

    public void Kill(Sbe.KillScope scope, ulong target, bool engage = true)
    {
        var kill = Sbe.KillSwitchEncoder.WrapAndApplyHeader(_input, 0);
        kill.TargetId = target;
        kill.RequestTime = _time;
        kill.PrincipalId = 1;
        kill.Scope = scope;
        kill.Action = engage ? Sbe.SwitchAction.Engage : Sbe.SwitchAction.Release;
        kill.SetReason("test");
        Apply(Sbe.EngineSchema.HeaderLength + kill.EncodedLength);
    }

    public void LimitChange(InstrumentId instrument, Sbe.RiskLimitType type, long value) =>
        RiskLimitChange(0, (uint)instrument.Value, type, value);

    /// <summary>An account-wide limit (MaxGrossExposure, MaxDailyLoss: valuation amount mantissa; order rates).</summary>
    public void AccountLimit(AccountId account, Sbe.RiskLimitType type, long value) =>
        RiskLimitChange((ulong)account.Value, Sbe.RiskLimitChangeEncoder.InstrumentIdNullValue, type, value);

    private void RiskLimitChange(ulong account, uint instrument, Sbe.RiskLimitType type, long value)
    {
        var change = Sbe.RiskLimitChangeEncoder.WrapAndApplyHeader(_input, 0);
        change.AccountId = account;
        change.Value = value;
        change.RequestTime = _time;
        change.InstrumentId = instrument;
        change.PrincipalId = 1;
        change.LimitType = type;
        change.StrategyId = 0;   // the buffer is reused: an unset field would carry an earlier message's bytes
        Apply(Sbe.EngineSchema.HeaderLength + change.EncodedLength);
    }

    /// <summary>A venue gateway lost the feed of the instrument (or, with none, of every instrument of the venue).</summary>
    public void SequenceGap(ushort venue, InstrumentId instrument = default)
    {
        var gap = Sbe.SequenceGapEncoder.WrapAndApplyHeader(_input, 0);
        gap.ExchangeTime = _time;
        gap.GatewayReceiveTime = _time;
        gap.VenueSequence = 10;
        gap.ExpectedSequence = 9;
        gap.InstrumentId = instrument.IsNone ? Sbe.SequenceGapEncoder.InstrumentIdNullValue : (uint)instrument.Value;
        gap.VenueId = venue;
        Apply(Sbe.EngineSchema.HeaderLength + gap.EncodedLength);
    }

    /// <summary>A venue gateway rebuilt the instrument's book (or every book of the venue) from a snapshot.</summary>
    public void Resync(ushort venue, InstrumentId instrument = default)
    {
        var resync = Sbe.ResyncEncoder.WrapAndApplyHeader(_input, 0);
        resync.ExchangeTime = _time;
        resync.GatewayReceiveTime = _time;
        resync.VenueSequence = 11;
        resync.InstrumentId = instrument.IsNone ? Sbe.ResyncEncoder.InstrumentIdNullValue : (uint)instrument.Value;
        resync.VenueId = venue;
        resync.Reason = Sbe.ResyncReason.SequenceGap;
        Apply(Sbe.EngineSchema.HeaderLength + resync.EncodedLength);
    }

    /// <summary>A venue's trading phase of the instrument (or of all its listings).</summary>
    public void VenueStatus(ushort venue, Sbe.TradingStatus status, InstrumentId instrument = default)
    {
        var message = Sbe.VenueStatusEncoder.WrapAndApplyHeader(_input, 0);
        message.ExchangeTime = _time;
        message.GatewayReceiveTime = _time;
        message.VenueSequence = 12;
        message.InstrumentId = instrument.IsNone ? Sbe.VenueStatusEncoder.InstrumentIdNullValue : (uint)instrument.Value;
        message.VenueId = venue;
        message.Status = status;
        Apply(Sbe.EngineSchema.HeaderLength + message.EncodedLength);
    }

    public void Disconnected(string clientName)
    {
        var disconnected = Sbe.ClientDisconnectedEncoder.WrapAndApplyHeader(_input, 0);
        disconnected.ClientId = 1;
        disconnected.DetectedTime = _time;
        disconnected.Pid = 1234;
        disconnected.Cause = Sbe.DisconnectCause.ProcessGone;
        disconnected.SetName(clientName);
        Apply(Sbe.EngineSchema.HeaderLength + disconnected.EncodedLength);
    }

    public void Heartbeat(long timeoutNanos)
    {
        var heartbeat = Sbe.DeadManHeartbeatEncoder.WrapAndApplyHeader(_input, 0);
        heartbeat.SessionId = 1;
        heartbeat.Timeout = timeoutNanos;
        heartbeat.RequestTime = _time;
        heartbeat.PrincipalId = 1;
        Apply(Sbe.EngineSchema.HeaderLength + heartbeat.EncodedLength);
    }

    public void Timer(long advanceNanos = 0)
    {
        _time += advanceNanos;
        var tick = Sbe.TimerTickEncoder.WrapAndApplyHeader(_input, 0);
        tick.Time = _time;
        tick.TickSequence = (ulong)_sequence;
        Apply(Sbe.EngineSchema.HeaderLength + tick.EncodedLength);
    }

    public void Parameter(StrategyId strategy, string name, string value)
    {
        var change = Sbe.StrategyParameterChangeEncoder.WrapAndApplyHeader(_input, 0);
        change.RequestTime = _time;
        change.StrategyId = (uint)strategy.Value;
        change.PrincipalId = 1;
        change.SetName(name);
        change.SetValue(value);
        Apply(Sbe.EngineSchema.HeaderLength + change.EncodedLength);
    }

    public void Raw(ReadOnlySpan<byte> message)
    {
        message.CopyTo(_input);
        Apply(message.Length);
    }

    /// <summary>
    /// The internal crossing venue's ledger accounts net to zero: every internal trade pays it what it takes. With
    /// <paramref name="expectAccounts"/>, also that trades went through them (they open with the first).
    /// </summary>
    public void AssertInternalVenueNetsToZero(string context = "", bool expectAccounts = true)
    {
        Registry.TryGetVenue("INTERNAL", out Venue? venue);
        Engine.Ledger.Ledger ledger = Processor.Ledger;
        int venueAccounts = 0;
        for (int id = 1; id <= ledger.AccountCount; id++)
        {
            var account = new Engine.Ledger.Accounts.LedgerAccountId(id);
            Engine.Ledger.Accounts.AccountKey key = ledger.KeyOf(account);
            if (key.Owner == Engine.Ledger.Accounts.LedgerOwner.Venue(venue!.Id))
            {
                venueAccounts++;
                Engine.Ledger.Accounts.AccountBalance balance = ledger.BalanceOf(account);
                Assert.That(balance.CreditsPosted - balance.DebitsPosted, Is.Zero, $"{context}the internal venue's {key.Type} account of asset {key.Asset.Value}");
            }
        }

        if (expectAccounts)
        {
            Assert.That(venueAccounts, Is.GreaterThan(0), "fills went through the internal venue's accounts");
        }
    }

    /// <summary>Every asset's debits equal its credits.</summary>
    public void AssertTrialBalanceIsZero()
    {
        var trial = Processor.Ledger.ComputeTrialBalance();
        Assert.That(trial.IsBalanced, Is.True, "the ledger's trial balance is not zero");
    }

    public long Available(AccountId account, string asset) => Processor.Ledger.BalanceOf(Processor.Ledger.FindAccount(
        new Engine.Ledger.Accounts.AccountKey(Engine.Ledger.Accounts.LedgerOwner.Client(account), Processor.Assets[asset], Engine.Ledger.Accounts.AccountType.Cash))).AvailableCredit;
}
