namespace Engine.Cli.Data;

/// <summary>
/// What an import is asked to do: read <see cref="Files"/> of <see cref="Format"/> from <see cref="Venue"/> into the
/// dataset folder <see cref="OutDirectory"/>. The optional fields narrow or override what the data says.
/// </summary>
/// <param name="Venue">A venue code of the instrument config (BINANCE) or a venue feed name (binance, binance-usdm).</param>
/// <param name="Instrument">The engine's instrument symbol (BTC-USDT-PERP); null: taken from the data's symbols.</param>
/// <param name="Kind">binance-vision only: aggTrades, bookTicker or klines; null: detected from the header or columns.</param>
/// <param name="PriceScale">Overrides the listing's price scale (and tick) in the dataset's configuration, for history
/// quoted finer than today's listing; null: the listing's.</param>
/// <param name="QuantityScale">The same for quantities (and lot).</param>
/// <param name="ConfigFile">engine.json whose instruments and risk the dataset's configuration starts from; null: the shipped defaults.</param>
public sealed record ImportRequest(
    DatasetFormat Format,
    string Venue,
    string OutDirectory,
    IReadOnlyList<string> Files,
    string? Instrument = null,
    string? Kind = null,
    int? PriceScale = null,
    int? QuantityScale = null,
    string? ConfigFile = null);
