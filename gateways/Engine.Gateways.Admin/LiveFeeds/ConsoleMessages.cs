using MessagePack;

namespace Engine.Gateways.Admin.LiveFeeds;

// The live feeds' messages as the console hub sends them (MessagePack maps keyed by property name, or JSON): what a
// dashboard shows. Decimal values are exact decimal strings, as in the HTTP API.

/// <summary>"status", once a second: where the engine stands.</summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record StatusUpdate(
    string Time,
    bool EngineAttached,
    long JournalSequence,
    string StateHash,
    double InputsPerSecond,
    long JournalLag,
    long ApplyLag,
    long? ReplicationLag,
    bool KillSwitch,
    string TradingState,
    long OpenOrders,
    long Fills,
    long OrdersAccepted,
    long OrdersRefused,
    long GatewayAttachments,
    IReadOnlyList<AccountState> Accounts,
    IReadOnlyList<InstrumentState> Instruments);

[MessagePackObject(keyAsPropertyName: true)]
public sealed record AccountState(long Account, bool KillSwitch, string TradingState);

[MessagePackObject(keyAsPropertyName: true)]
public sealed record InstrumentState(string Instrument, string TradingState);

/// <summary>"positions", once a second: per account and instrument, with P&amp;L.</summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record PositionRow(long Account, string Instrument, string Quantity, string AverageEntryPrice, string RealisedPnl, string UnrealisedPnl, string Fees);

/// <summary>
/// "risk", once a second: each limit in force (scope, target, limit name, value or "unlimited") and, for the limits
/// that accumulate (positions, exposures, the day's loss, the order burst), how much is used and its percent of the
/// limit ("" and -1 for the others, and a percent of -1 for an unlimited one).
/// </summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record LimitRow(string Scope, string Target, string Limit, string Value, string Used, double Percent);

/// <summary>
/// "market", once a second (with the status): each listing's best bid and offer as the engine last saw them (prices "0"
/// for an empty side); stale while its feed has lost sequence.
/// </summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record MarketRow(string Instrument, int Venue, string Bid, string BidQuantity, string Ask, string AskQuantity, bool Stale);

/// <summary>"orders", once a second: the open orders.</summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record OpenOrderRow(long Order, long Account, string Instrument, long Strategy, string Side, string Price, string Remaining, string State);

/// <summary>
/// "order", as it happens: what the engine sent a venue (new, cancel, amend) or refused (reject, with the result code),
/// read from egress. Prices and quantities are the wire mantissas at the instrument's scales, with the scales.
/// </summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record OrderEvent(string Time, string Kind, long Order, long Account, string Instrument, string Side, string Price, string Quantity, string Result);

/// <summary>
/// "fill", as it happens: the ledger's settlement of a fill (egress TransferPosted, code TradeSettlement), one per
/// fill and asset leg: the journal sequence of the execution report that caused it, the account's ledger number and the
/// asset moved.
/// </summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record FillEvent(string Time, long CauseSequence, long DebitAccount, long CreditAccount, string Asset, string Amount);

/// <summary>"alert", as it happens: the engine lost or back, an admin command refused, anything an operator must see.</summary>
[MessagePackObject(keyAsPropertyName: true)]
public sealed record AlertEvent(string Time, string Level, string Text);
