namespace Engine.Gateways.Venues.Binance;

/// <summary>
/// Binance's documented procedure for keeping a local order book, as a pure decision per depth event (the feed keeps
/// the state). Spot ("How to manage a local order book correctly", Spot API): drop every event with
/// <c>u &lt;= lastUpdateId</c>; the first applied has <c>U &lt;= lastUpdateId + 1 &lt;= u</c>; afterwards each event's
/// <c>U</c> is the previous event's <c>u + 1</c>. Futures (USD-M and COIN-M): drop <c>u &lt; lastUpdateId</c>; the
/// first applied has <c>U &lt;= lastUpdateId &lt;= u</c>; afterwards each event's <c>pu</c> is the previous <c>u</c>.
/// </summary>
internal static class BinanceDepthSync
{
    public static DepthDecision Decide(BinanceMarket market, bool firstAfterSnapshot, long last, long first, long final, long previousFinal)
    {
        if (market == BinanceMarket.Spot)
        {
            if (firstAfterSnapshot)
            {
                if (final <= last)
                {
                    return DepthDecision.Drop;
                }

                return first <= last + 1 && last + 1 <= final ? DepthDecision.Apply : DepthDecision.Gap;
            }

            return first == last + 1 ? DepthDecision.Apply : DepthDecision.Gap;
        }

        if (firstAfterSnapshot)
        {
            if (final < last)
            {
                return DepthDecision.Drop;
            }

            return first <= last && last <= final ? DepthDecision.Apply : DepthDecision.Gap;
        }

        return previousFinal == last ? DepthDecision.Apply : DepthDecision.Gap;
    }

    /// <summary>The sequence a gap expected: spot the next <c>U</c>, futures the <c>pu</c>.</summary>
    public static long Expected(BinanceMarket market, long last) => market == BinanceMarket.Spot ? last + 1 : last;
}

/// <summary>What to do with one depth event.</summary>
internal enum DepthDecision : byte
{
    Apply = 0,

    /// <summary>Older than the snapshot: already in it.</summary>
    Drop = 1,

    /// <summary>Out of sequence: the book is stale until a new snapshot.</summary>
    Gap = 2,
}
