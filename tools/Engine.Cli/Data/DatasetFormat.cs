namespace Engine.Cli.Data;

/// <summary>The outside formats <c>engine data import</c> reads (docs/DATA.md describes each).</summary>
public enum DatasetFormat
{
    /// <summary>hftbacktest's recorder lines, <c>&lt;receive ns&gt; &lt;json&gt;</c> (gzip or not), through the venue's feed.</summary>
    HftBacktest,

    /// <summary>cryptofeed's WebSocket and REST transcripts, through the venue's feed.</summary>
    Cryptofeed,

    /// <summary>data.binance.vision CSV archives: aggTrades, bookTicker, klines (zipped or not).</summary>
    BinanceVision,

    /// <summary>A LOBSTER day (message and orderbook files, or their zip), kept as L3.</summary>
    Lobster,
}

/// <summary>The command line's names of <see cref="DatasetFormat"/>.</summary>
public static class DatasetFormats
{
    public static IReadOnlyList<string> Names { get; } = ["hftbacktest", "cryptofeed", "binance-vision", "lobster"];

    public static bool TryParse(string name, out DatasetFormat format)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = Names.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        format = index < 0 ? default : (DatasetFormat)index;
        return index >= 0;
    }

    public static string NameOf(DatasetFormat format) => Names[(int)format];
}
