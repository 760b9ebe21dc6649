namespace Engine.Model;

/// <summary>
/// Base units per contract (1 for spot, 0.01 BTC for an OKX BTC-USDT-SWAP contract, 10 USD for Deribit BTC-PERPETUAL)
/// as an exact decimal: <see cref="Units"/> × 10^-<see cref="Scale"/>. Immutable.
/// </summary>
public readonly record struct ContractMultiplier(long Units, int Scale)
{
    public static readonly ContractMultiplier One = new(1, 0);
}
