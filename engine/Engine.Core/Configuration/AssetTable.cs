using Engine.Ledger.Accounts;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The ledger's assets: every base, quote and settle asset of the registry's instruments, plus one contract asset per
/// derivative (its position is counted in contracts), numbered 1..n in ordinal order of their codes so the numbering
/// is the same on every run. Every asset is kept at one scale (<see cref="Scale"/> decimals): each listing's
/// quantities and money amounts are rescaled up to it exactly; a listing finer than the ledger scale is refused at
/// start. Immutable after construction.
/// </summary>
public sealed class AssetTable
{
    private readonly Dictionary<string, AssetId> _byCode;
    private readonly string[] _codes;

    public AssetTable(InstrumentRegistry registry, int scale)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (scale is < 0 or > FixedPointMath.MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"the ledger scale must be within 0..{FixedPointMath.MaxScale}");
        }

        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Instrument instrument in registry.Instruments)
        {
            codes.Add(instrument.BaseAsset);
            codes.Add(instrument.QuoteAsset);
            codes.Add(instrument.SettleAsset);
            if (instrument.Kind != InstrumentKind.Spot)
            {
                codes.Add(ContractAssetCode(instrument));
            }
        }

        _codes = [.. codes];
        _byCode = new Dictionary<string, AssetId>(StringComparer.Ordinal);
        for (int i = 0; i < _codes.Length; i++)
        {
            _byCode.Add(_codes[i], new AssetId(i + 1));
        }

        Scale = scale;
    }

    /// <summary>Decimals of every ledger amount.</summary>
    public int Scale { get; }

    public int Count => _codes.Length;

    /// <summary>The asset that counts a derivative's position (contracts), e.g. "BTC-USDT-PERP:contracts".</summary>
    public static string ContractAssetCode(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.Symbol + ":contracts";
    }

    public AssetId this[string code] =>
        _byCode.TryGetValue(code, out AssetId id) ? id : throw new KeyNotFoundException($"asset '{code}' is not traded by any configured instrument");

    public bool TryGet(string code, out AssetId id) => _byCode.TryGetValue(code, out id);

    public string CodeOf(AssetId id) => _codes[id.Value - 1];

    /// <summary>Rescales an amount at <paramref name="fromScale"/> decimals up to the ledger scale (exact by construction).</summary>
    public Amount ToLedger(long units, int fromScale) => new(FixedPointMath.Rescale(units, fromScale, Scale));

    /// <summary>Rescales a ledger amount down to <paramref name="toScale"/> decimals, truncating toward zero.</summary>
    public long FromLedger(Amount amount, int toScale) =>
        toScale >= Scale ? checked(amount.Units * FixedPointMath.Pow10(toScale - Scale)) : amount.Units / FixedPointMath.Pow10(Scale - toScale);
}
