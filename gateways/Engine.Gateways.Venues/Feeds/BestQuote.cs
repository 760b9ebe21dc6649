namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// A venue's own top of book (Binance's <c>bookTicker</c>): prices and quantities in the instrument's units (a zero
/// quantity means the side is empty), the venue's sequence of the book state it describes, and the two clocks (ns).
/// </summary>
public readonly record struct BestQuote(long BidPrice, long BidQuantity, long AskPrice, long AskQuantity, long Sequence, long ExchangeNanos, long ReceiveNanos);
