namespace Engine.Gateways.Admin;

/// <summary>
/// What the admin gateway needs to speak the operators' language: instrument symbols and asset codes to and from the
/// engine's ids, and the scales of quantities, prices and money (limits and amounts travel as fixed-point mantissas).
/// Built from the engine's own configuration by whoever starts the gateway. Immutable.
/// </summary>
public sealed class AdminCatalog
{
    private readonly Dictionary<string, CatalogInstrument> _bySymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<int, CatalogInstrument> _byId = [];
    private readonly Dictionary<string, int> _assetIds = new(StringComparer.Ordinal);
    private readonly string[] _assets;
    private readonly string[] _venues;

    /// <param name="instruments">Every traded instrument.</param>
    /// <param name="assets">Asset codes in id order: the code of asset id <c>i</c> is <c>assets[i - 1]</c>.</param>
    /// <param name="ledgerScale">Decimals of every ledger amount (deposits, withdrawals, balances).</param>
    /// <param name="valuationScale">Decimals of money limits (notional, exposure, daily loss).</param>
    /// <param name="valuationAsset">The asset money limits are counted in.</param>
    /// <param name="venues">Venue codes in id order: the code of venue id <c>i</c> is <c>venues[i - 1]</c>.</param>
    public AdminCatalog(IEnumerable<CatalogInstrument> instruments, IReadOnlyList<string> assets, int ledgerScale, int valuationScale, string valuationAsset, IReadOnlyList<string> venues)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(venues);
        _venues = [.. venues];
        foreach (CatalogInstrument instrument in instruments)
        {
            _bySymbol.Add(instrument.Symbol, instrument);
            _byId.Add(instrument.Id, instrument);
        }

        _assets = [.. assets];
        for (int i = 0; i < _assets.Length; i++)
        {
            _assetIds.Add(_assets[i], i + 1);
        }

        LedgerScale = ledgerScale;
        ValuationScale = valuationScale;
        ValuationAsset = valuationAsset;
    }

    public int LedgerScale { get; }

    public int ValuationScale { get; }

    public string ValuationAsset { get; }

    public IEnumerable<string> Symbols => _bySymbol.Keys;

    public bool TryGetInstrument(string symbol, out CatalogInstrument instrument) => _bySymbol.TryGetValue(symbol, out instrument!);

    public bool TryGetAsset(string code, out int id) => _assetIds.TryGetValue(code, out id);

    /// <summary>Venue codes in id order (BINANCE, SIM, ...).</summary>
    public IReadOnlyList<string> Venues => _venues;

    /// <summary>The venue's id in the registry, found by its code (case-insensitive: operators type <c>binance</c>).</summary>
    public bool TryGetVenue(string code, out int id)
    {
        id = Array.FindIndex(_venues, venue => string.Equals(venue, code, StringComparison.OrdinalIgnoreCase)) + 1;
        return id > 0;
    }

    /// <summary>The instrument's symbol, or its id in text when the catalog does not know it.</summary>
    public string InstrumentName(long id) => _byId.TryGetValue((int)Math.Clamp(id, 0, int.MaxValue), out CatalogInstrument? instrument) ? instrument.Symbol : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string AssetName(long id) => id >= 1 && id <= _assets.Length ? _assets[id - 1] : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One traded instrument as the admin gateway sees it.</summary>
public sealed record CatalogInstrument(int Id, string Symbol, int PriceScale, int QuantityScale);
