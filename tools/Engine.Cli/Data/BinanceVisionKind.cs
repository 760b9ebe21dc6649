namespace Engine.Cli.Data;

/// <summary>The data.binance.vision archives <c>engine data import --format binance-vision</c> reads.</summary>
public enum BinanceVisionKind
{
    /// <summary>Aggregate trades: agg id, price, quantity, first id, last id, time, buyer-is-maker[, best match]; journaled as Trade.</summary>
    AggTrades,

    /// <summary>USD-M / COIN-M best bid and offer: update id, bid, bid qty, ask, ask qty, transaction time, event time; journaled as BestBidOffer.</summary>
    BookTicker,

    /// <summary>Klines: open time, OHLC, volume, close time, quote volume, count, taker buy volume, taker buy quote volume, ignore; journaled as Bar.</summary>
    Klines,
}

/// <summary>Names and detection of <see cref="BinanceVisionKind"/>.</summary>
public static class BinanceVisionKinds
{
    public static IReadOnlyList<string> Names { get; } = ["aggTrades", "bookTicker", "klines"];

    public static string NameOf(BinanceVisionKind kind) => Names[(int)kind];

    public static bool TryParse(string name, out BinanceVisionKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = Names.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        kind = index < 0 ? default : (BinanceVisionKind)index;
        return index >= 0;
    }

    /// <summary>
    /// The kind of a file from its first line: a header names its columns (agg_trade_id..., update_id..., open_time...);
    /// without one, the columns say it (12: klines; 7-8 with whole-number ids in columns 4 and 5 and a boolean in column
    /// 7: aggTrades; 7 with a decimal in column 4 and a whole number in column 7: bookTicker).
    /// </summary>
    public static bool TryDetect(string firstLine, out BinanceVisionKind kind, out bool header)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        string[] columns = firstLine.Split(',');
        header = columns[0].Length > 0 && char.IsAsciiLetter(columns[0][0]);
        kind = default;
        if (header)
        {
            string first = columns[0].Trim().ToLowerInvariant();
            kind = first switch
            {
                "agg_trade_id" or "a" => BinanceVisionKind.AggTrades,
                "update_id" => BinanceVisionKind.BookTicker,
                "open_time" => BinanceVisionKind.Klines,
                _ => (BinanceVisionKind)(-1),
            };
            return kind >= 0;
        }

        if (columns.Length == 12 && IsWhole(columns[0]) && IsWhole(columns[6]))
        {
            kind = BinanceVisionKind.Klines;
            return true;
        }

        if (columns.Length is 7 or 8 && IsWhole(columns[0]) && IsWhole(columns[3]) && IsWhole(columns[4]) && bool.TryParse(columns[6], out _))
        {
            kind = BinanceVisionKind.AggTrades;
            return true;
        }

        if (columns.Length == 7 && IsWhole(columns[0]) && !IsWhole(columns[3]) && IsWhole(columns[5]) && IsWhole(columns[6]))
        {
            kind = BinanceVisionKind.BookTicker;
            return true;
        }

        return false;
    }

    private static bool IsWhole(string text) => text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}
