namespace Engine.Model;

/// <summary>Renders a venue symbol from base and quote assets. Stateless; used when loading config, not on hot paths.</summary>
public static class SymbolFormatter
{
    public static string Format(SymbolFormat format, string baseAsset, string quoteAsset) => format switch
    {
        SymbolFormat.Concatenated => baseAsset + quoteAsset,
        SymbolFormat.Slash => baseAsset + "/" + quoteAsset,
        SymbolFormat.Dash => baseAsset + "-" + quoteAsset,
        SymbolFormat.DashPerpetual => baseAsset + "-PERPETUAL",
        SymbolFormat.DashSwap => baseAsset + "-" + quoteAsset + "-SWAP",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown symbol format"),
    };
}
