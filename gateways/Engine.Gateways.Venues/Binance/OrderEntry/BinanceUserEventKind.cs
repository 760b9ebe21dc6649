namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>What one message of Binance's user data stream was, as <see cref="BinanceExecutionReportReader"/> read it.</summary>
public enum BinanceUserEventKind : byte
{
    /// <summary>Not a readable event: see <see cref="BinanceExecutionReportReader.Error"/>.</summary>
    Malformed = 0,

    /// <summary>An order changed (spot <c>executionReport</c>, USD-M <c>ORDER_TRADE_UPDATE</c>): the report is filled in.</summary>
    ExecutionReport,

    /// <summary><c>outboundAccountPosition</c> (USD-M: <c>ACCOUNT_UPDATE</c>): balances or positions after a change; recognised and counted, not read yet.</summary>
    AccountPosition,

    /// <summary><c>listenKeyExpired</c>: the stream is over; a new listen key and connection are needed.</summary>
    ListenKeyExpired,

    /// <summary>Another documented event (balanceUpdate, listStatus, eventStreamTerminated, ...): counted, skipped.</summary>
    Other,
}
