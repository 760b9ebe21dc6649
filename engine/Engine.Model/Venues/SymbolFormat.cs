namespace Engine.Model;

/// <summary>How a venue spells an instrument's symbol; <see cref="SymbolFormatter"/> renders it.</summary>
public enum SymbolFormat
{
    /// <summary>BTCUSDT (Binance spot and USD-M futures, Bybit).</summary>
    Concatenated,

    /// <summary>BTC/USDT (Kraken WebSocket v2).</summary>
    Slash,

    /// <summary>BTC-USDT, BTC-USD (OKX spot, Coinbase, the simulated venue).</summary>
    Dash,

    /// <summary>BTC-PERPETUAL (Deribit perpetuals: the base and the word, the quote is implied).</summary>
    DashPerpetual,

    /// <summary>BTC-USDT-SWAP (OKX perpetual swaps).</summary>
    DashSwap,
}
