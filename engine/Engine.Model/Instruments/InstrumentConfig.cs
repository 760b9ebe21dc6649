using System.Text.Json;
using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// Parses and validates the instrument config (JSON text; the caller reads the file, so the model stays free of I/O).
/// Strict: unknown keys, missing keys, wrong types, inexact decimals, unknown references and duplicates are errors
/// of the form <c>source: $.listings[3].tickSize: what is wrong</c>. Decimal values are JSON strings so they are
/// parsed exactly ("0.00001", never a binary double). Format:
/// <code>
/// { "venues":      [ { "code": "BINANCE", "name": "...", "symbolFormat": "concatenated", "simulated": false, "internal": false } ],
///   "instruments": [ { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "spot" } ],
///   "listings":    [ { "venue": "BINANCE", "instrument": "BTC-USDT", "symbol": "BTCUSDT",
///                      "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001",
///                      "minQuantity": "0.00001", "minNotional": "5", "contractMultiplier": "1" } ] }
/// </code>
/// "symbol" in a listing is optional: the venue's symbol format derives it; when given it must equal the derived one
/// unless "symbolOverride": true. "settle" defaults to the quote asset (the base asset for "inverse": true, a
/// derivative whose contract is worth a fixed amount of the quote and settles in the base), "simulated" and "internal" to false; a venue is
/// not both (see <see cref="Venue"/>). "cancelOnDisconnect" defaults to "simulated": whether the venue cancels a
/// dropped session's orders.
/// </summary>
public static class InstrumentConfig
{
    private static readonly string[] s_rootKeys = ["venues", "instruments", "listings"];
    private static readonly string[] s_venueKeys = ["code", "name", "symbolFormat", "simulated", "internal", "cancelOnDisconnect"];
    private static readonly string[] s_instrumentKeys = ["symbol", "base", "quote", "settle", "kind", "inverse"];
    private static readonly string[] s_listingKeys =
    [
        "venue", "instrument", "symbol", "symbolOverride", "priceScale", "quantityScale", "tickSize", "lotSize",
        "minQuantity", "minNotional", "contractMultiplier",
    ];

    public static InstrumentRegistry Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InstrumentConfigException($"{sourceName}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            var reader = new StrictJsonReader(sourceName, message => new InstrumentConfigException(message));
            JsonElement root = document.RootElement;
            reader.RequireObject(root, "$", s_rootKeys);
            var venues = new List<Venue>();
            var venuesByCode = new Dictionary<string, Venue>(StringComparer.Ordinal);
            JsonElement venueArray = reader.RequireArray(root, "$", "venues");
            int index = 0;
            foreach (JsonElement element in venueArray.EnumerateArray())
            {
                string path = $"$.venues[{index}]";
                reader.RequireObject(element, path, s_venueKeys);
                string code = reader.RequireName(element, path, "code");
                string name = reader.RequireString(element, path, "name");
                SymbolFormat format = reader.RequireEnum<SymbolFormat>(element, path, "symbolFormat");
                bool simulated = reader.OptionalBool(element, path, "simulated");
                bool isInternal = reader.OptionalBool(element, path, "internal");
                if (simulated && isInternal)
                {
                    throw reader.Error(path + ".internal", "a venue is either simulated (a gateway process) or internal (crossed inside the engine), not both");
                }

                bool cancelsOnDisconnect = element.TryGetProperty("cancelOnDisconnect", out _) ? reader.OptionalBool(element, path, "cancelOnDisconnect") : simulated;
                var venue = new Venue(new VenueId(index + 1), code, name, format, simulated, isInternal, cancelsOnDisconnect);
                if (!venuesByCode.TryAdd(code, venue))
                {
                    throw reader.Error(path + ".code", $"duplicate venue code '{code}'");
                }

                venues.Add(venue);
                index++;
            }

            var instruments = new List<Instrument>();
            var instrumentsBySymbol = new Dictionary<string, Instrument>(StringComparer.Ordinal);
            index = 0;
            foreach (JsonElement element in reader.RequireArray(root, "$", "instruments").EnumerateArray())
            {
                string path = $"$.instruments[{index}]";
                reader.RequireObject(element, path, s_instrumentKeys);
                string symbol = reader.RequireName(element, path, "symbol");
                string baseAsset = reader.RequireName(element, path, "base");
                string quoteAsset = reader.RequireName(element, path, "quote");
                bool inverse = reader.OptionalBool(element, path, "inverse");
                string settle = element.TryGetProperty("settle", out _) ? reader.RequireName(element, path, "settle") : inverse ? baseAsset : quoteAsset;
                InstrumentKind kind = reader.RequireEnum<InstrumentKind>(element, path, "kind");
                if (inverse && (kind == InstrumentKind.Spot || settle != baseAsset))
                {
                    throw reader.Error(path + ".inverse", $"an inverse contract is a derivative settled in its base asset ({baseAsset}), not a {kind.ToString().ToLowerInvariant()} settled in {settle}");
                }
                var instrument = new Instrument(new InstrumentId(index + 1), symbol, baseAsset, quoteAsset, settle, kind);
                if (!instrumentsBySymbol.TryAdd(symbol, instrument))
                {
                    throw reader.Error(path + ".symbol", $"duplicate instrument symbol '{symbol}'");
                }

                instruments.Add(instrument);
                index++;
            }

            var listings = new List<Listing>();
            var seenSymbols = new HashSet<(string, string)>();
            var seenInstruments = new HashSet<(string, string)>();
            index = 0;
            foreach (JsonElement element in reader.RequireArray(root, "$", "listings").EnumerateArray())
            {
                string path = $"$.listings[{index}]";
                listings.Add(ParseListing(reader, element, path, index, venuesByCode, instrumentsBySymbol, seenSymbols, seenInstruments));
                index++;
            }

            return new InstrumentRegistry(venues, instruments, listings);
        }
    }

    private static Listing ParseListing(
        StrictJsonReader reader,
        JsonElement element,
        string path,
        int index,
        Dictionary<string, Venue> venues,
        Dictionary<string, Instrument> instruments,
        HashSet<(string, string)> seenSymbols,
        HashSet<(string, string)> seenInstruments)
    {
        reader.RequireObject(element, path, s_listingKeys);
        string venueCode = reader.RequireName(element, path, "venue");
        if (!venues.TryGetValue(venueCode, out Venue? venue))
        {
            throw reader.Error(path + ".venue", $"unknown venue '{venueCode}' (not in $.venues)");
        }

        string instrumentSymbol = reader.RequireName(element, path, "instrument");
        if (!instruments.TryGetValue(instrumentSymbol, out Instrument? instrument))
        {
            throw reader.Error(path + ".instrument", $"unknown instrument '{instrumentSymbol}' (not in $.instruments)");
        }

        string derived = SymbolFormatter.Format(venue.SymbolFormat, instrument.BaseAsset, instrument.QuoteAsset);
        string symbol = derived;
        if (element.TryGetProperty("symbol", out _))
        {
            symbol = reader.RequireName(element, path, "symbol");
            if (symbol != derived && !reader.OptionalBool(element, path, "symbolOverride"))
            {
                throw reader.Error(path + ".symbol", $"'{symbol}' does not follow {venue.Code}'s {venue.SymbolFormat} format (expected '{derived}'; set \"symbolOverride\": true if the venue really spells it so)");
            }
        }

        int priceScale = reader.RequireInt(element, path, "priceScale", 0, FixedPointMath.MaxScale);
        int quantityScale = reader.RequireInt(element, path, "quantityScale", 0, FixedPointMath.MaxScale);
        if (priceScale + quantityScale > FixedPointMath.MaxScale)
        {
            throw reader.Error(path + ".quantityScale", $"priceScale + quantityScale must be at most {FixedPointMath.MaxScale} so notionals are exact, got {priceScale + quantityScale}");
        }

        long tick = reader.RequireDecimal(element, path, "tickSize", priceScale, positive: true);
        long lot = reader.RequireDecimal(element, path, "lotSize", quantityScale, positive: true);
        long minQuantity = reader.RequireDecimal(element, path, "minQuantity", quantityScale, positive: true);
        if (minQuantity % lot != 0)
        {
            throw reader.Error(path + ".minQuantity", "must be a multiple of lotSize");
        }

        long minNotional = reader.RequireDecimal(element, path, "minNotional", priceScale + quantityScale, positive: false);
        string multiplierText = reader.RequireString(element, path, "contractMultiplier");
        int dot = multiplierText.IndexOf('.', StringComparison.Ordinal);
        int multiplierScale = dot < 0 ? 0 : multiplierText.Length - dot - 1;
        FixedPointParseStatus status = FixedPointMath.TryParse(multiplierText, multiplierScale, out long multiplierUnits);
        if (status != FixedPointParseStatus.Ok || multiplierUnits <= 0)
        {
            throw reader.Error(path + ".contractMultiplier", $"'{multiplierText}' is not a positive decimal");
        }

        if (!seenSymbols.Add((venueCode, symbol)))
        {
            throw reader.Error(path + ".symbol", $"venue {venueCode} lists symbol '{symbol}' twice");
        }

        if (!seenInstruments.Add((venueCode, instrumentSymbol)))
        {
            throw reader.Error(path + ".instrument", $"venue {venueCode} lists instrument '{instrumentSymbol}' twice");
        }

        var rules = new TradingRules(
            priceScale,
            quantityScale,
            new Price(tick),
            new Quantity(lot),
            new Quantity(minQuantity),
            new Amount(minNotional),
            new ContractMultiplier(multiplierUnits, multiplierScale));
        return new Listing(new ListingId(index + 1), venue, instrument, symbol, rules);
    }

    /// <summary>Typed, path-reporting accessors over the document.</summary>
}
