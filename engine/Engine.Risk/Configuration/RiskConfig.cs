using System.Globalization;
using System.Text.Json;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Parses and validates the risk config (JSON text; the caller reads the file, so risk stays free of I/O) against the
/// instrument registry. Strict: unknown, missing and duplicate keys, wrong types, inexact decimals, unknown
/// instruments and venues are errors of the form <c>source: $.instruments[0].maxOrderSize: what is wrong</c>.
/// Decimal limits are JSON strings so they parse exactly; any limit may be the string "unlimited".
/// <code>
/// { "valuation": { "asset": "USDT", "scale": 8 },      // limits in money are amounts of this asset at this scale
///   "maxAccountId": 1024, "maxStrategyId": 64,          // ids are dense from 1; state is arrays of this size
///   "deadManSwitchIntervalMillis": 10000,               // input time without an admin heartbeat; 0 = off
///   "tradingDayRollUtc": "00:00",                       // optional: when the daily loss restarts (HH:mm[:ss], UTC)
///   "killSwitchOnVenueBreak": true,                     // optional (false): a venue's balance/position break stops the account
///   "instruments": [ { "instrument": "BTC-USDT", "venue": "BINANCE",   // the listing traded ("venues": [...] for several)
///       "markSource": "BINANCE",                                     // optional: a venue, or { "first" | "median": [venues] }
///       "maxOrderSize": "5", "maxOrderNotional": "250000",            // quantity; valuation amount
///       "maxPositionSize": "20", "maxSymbolExposure": "1000000",      // quantity; valuation amount
///       "priceBandBps": 500,                                         // integer or "unlimited"
///       "initialMarginBps": 1000 } ],                                // derivatives only (10000 = 1x)
///   "accountDefaults": { "maxGrossExposure": "2000000", "maxDailyLoss": "50000",
///       "orderRatePerSecond": 100, "orderBurst": 200 },              // rate: integer or "unlimited"
///   "accounts": [ { "account": 7, "maxDailyLoss": "1000",           // overrides; missing keys inherit the defaults
///       "protectiveStop": { "distanceBps": 200 } } ],                // optional: every position keeps a reduce-only stop
///   "strategyDefaults": { "orderRatePerSecond": 50, "orderBurst": 100 } }
/// </code>
/// An instrument traded on several venues ("venues": ["SIM", "INTERNAL"]) is one position: its listings must share
/// price scale, quantity scale and contract multiplier (tick, lot and minimums may differ; each order follows its
/// own listing's). The mark price that values the position comes from "markSource": one venue's listing (its mid),
/// or the first usable / the median of several venues' mids; the venues need only list the instrument, not trade it.
/// By default it is the traded listings, first usable.
/// Quantities are in base units (spot) or contracts (derivatives). Risk values positions linearly in the quote
/// asset, so every instrument's quote asset must be the valuation asset and a derivative must settle in it
/// (inverse contracts are refused).
/// </summary>
public static class RiskConfig
{
    public const string Unlimited = "unlimited";

    private static readonly string[] s_rootKeys =
        ["valuation", "maxAccountId", "maxStrategyId", "deadManSwitchIntervalMillis", "tradingDayRollUtc", "killSwitchOnVenueBreak", "instruments", "accountDefaults", "accounts", "strategyDefaults"];

    private static readonly string[] s_valuationKeys = ["asset", "scale"];
    private static readonly string[] s_instrumentKeys =
        ["instrument", "venue", "venues", "markSource", "maxOrderSize", "maxOrderNotional", "maxPositionSize", "maxSymbolExposure", "priceBandBps", "initialMarginBps"];

    private static readonly string[] s_accountDefaultKeys = ["maxGrossExposure", "maxDailyLoss", "orderRatePerSecond", "orderBurst"];
    private static readonly string[] s_accountKeys = ["account", "maxGrossExposure", "maxDailyLoss", "orderRatePerSecond", "orderBurst", "protectiveStop"];
    private static readonly string[] s_protectiveStopKeys = ["distanceBps"];
    private static readonly string[] s_strategyKeys = ["orderRatePerSecond", "orderBurst"];

    public static RiskSettings Parse(string json, string sourceName, InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(registry);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new RiskConfigException($"{sourceName}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            var reader = new StrictJsonReader(sourceName, message => new RiskConfigException(message));
            JsonElement root = document.RootElement;
            reader.RequireObject(root, "$", s_rootKeys);

            JsonElement valuation = reader.Require(root, "$", "valuation");
            reader.RequireObject(valuation, "$.valuation", s_valuationKeys);
            string asset = reader.RequireName(valuation, "$.valuation", "asset");
            int scale = reader.RequireInt(valuation, "$.valuation", "scale", 0, FixedPointMath.MaxScale);

            int maxAccountId = reader.RequireInt(root, "$", "maxAccountId", 1, RiskSettings.MaxAccountIdLimit);
            int maxStrategyId = reader.RequireInt(root, "$", "maxStrategyId", 0, RiskSettings.MaxStrategyIdLimit);
            int deadManMillis = reader.RequireInt(root, "$", "deadManSwitchIntervalMillis", 0, int.MaxValue);
            long rollNanos = root.TryGetProperty("tradingDayRollUtc", out _) ? ParseTimeOfDay(reader, root) : 0;

            var instruments = new List<RiskInstrument>();
            var seenInstruments = new HashSet<string>(StringComparer.Ordinal);
            int index = 0;
            foreach (JsonElement element in reader.RequireArray(root, "$", "instruments").EnumerateArray())
            {
                string path = $"$.instruments[{index}]";
                instruments.Add(ParseInstrument(reader, element, path, registry, asset, scale, seenInstruments));
                index++;
            }

            JsonElement defaultsElement = reader.Require(root, "$", "accountDefaults");
            reader.RequireObject(defaultsElement, "$.accountDefaults", s_accountDefaultKeys);
            AccountRiskLimits defaults = new(
                reader.RequireLimit(defaultsElement, "$.accountDefaults", "maxGrossExposure", scale),
                reader.RequireLimit(defaultsElement, "$.accountDefaults", "maxDailyLoss", scale),
                reader.RequireRate(defaultsElement, "$.accountDefaults"));

            var overrides = new List<KeyValuePair<AccountId, AccountRiskLimits>>();
            var protectiveStops = new List<ProtectiveStopPolicy>();
            var seenAccounts = new HashSet<int>();
            index = 0;
            foreach (JsonElement element in reader.RequireArray(root, "$", "accounts").EnumerateArray())
            {
                string path = $"$.accounts[{index}]";
                reader.RequireObject(element, path, s_accountKeys);
                int account = reader.RequireInt(element, path, "account", 1, maxAccountId);
                if (!seenAccounts.Add(account))
                {
                    throw reader.Error(path + ".account", $"account {account} has overrides twice");
                }

                AccountRiskLimits limits = new(
                    element.TryGetProperty("maxGrossExposure", out _) ? reader.RequireLimit(element, path, "maxGrossExposure", scale) : defaults.MaxGrossExposure,
                    element.TryGetProperty("maxDailyLoss", out _) ? reader.RequireLimit(element, path, "maxDailyLoss", scale) : defaults.MaxDailyLoss,
                    element.TryGetProperty("orderRatePerSecond", out _) || element.TryGetProperty("orderBurst", out _) ? reader.RequireRate(element, path) : defaults.OrderRate);
                overrides.Add(new KeyValuePair<AccountId, AccountRiskLimits>(new AccountId(account), limits));
                if (element.TryGetProperty("protectiveStop", out JsonElement protectiveStop))
                {
                    reader.RequireObject(protectiveStop, path + ".protectiveStop", s_protectiveStopKeys);
                    int distance = reader.RequireInt(protectiveStop, path + ".protectiveStop", "distanceBps", 1, ProtectiveStopPolicy.MaxDistanceBps);
                    protectiveStops.Add(new ProtectiveStopPolicy(new AccountId(account), distance));
                }

                index++;
            }

            JsonElement strategyElement = reader.Require(root, "$", "strategyDefaults");
            reader.RequireObject(strategyElement, "$.strategyDefaults", s_strategyKeys);
            OrderRateLimit strategyDefaults = reader.RequireRate(strategyElement, "$.strategyDefaults");

            if ((long)(maxAccountId + 1) * (instruments.Count + 1) > RiskSettings.MaxPositionSlots)
            {
                throw reader.Error("$.maxAccountId", $"{maxAccountId} accounts x {instruments.Count} instruments exceed {RiskSettings.MaxPositionSlots} position slots");
            }

            return new RiskSettings(asset, scale, maxAccountId, maxStrategyId, deadManMillis * 1_000_000L, instruments, defaults, overrides, strategyDefaults, rollNanos)
            {
                KillSwitchOnVenueBreak = reader.OptionalBool(root, "$", "killSwitchOnVenueBreak"),
                ProtectiveStops = protectiveStops,
            };
        }
    }

    /// <summary>"HH:mm" or "HH:mm:ss", 00:00 to 23:59:59: the UTC time of day at which a trading day starts.</summary>
    private static long ParseTimeOfDay(StrictJsonReader reader, JsonElement root)
    {
        string text = reader.RequireString(root, "$", "tradingDayRollUtc");
        if (!TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time))
        {
            throw reader.Error("$.tradingDayRollUtc", $"'{text}' is not a time of day in UTC as HH:mm or HH:mm:ss (00:00 to 23:59:59)");
        }

        return time.Ticks * 100;
    }

    private static RiskInstrument ParseInstrument(
        StrictJsonReader reader,
        JsonElement element,
        string path,
        InstrumentRegistry registry,
        string valuationAsset,
        int valuationScale,
        HashSet<string> seenInstruments)
    {
        reader.RequireObject(element, path, s_instrumentKeys);
        string symbol = reader.RequireName(element, path, "instrument");
        if (!seenInstruments.Add(symbol))
        {
            throw reader.Error(path + ".instrument", $"instrument '{symbol}' has limits twice");
        }

        if (!registry.TryGetInstrument(symbol, out Instrument? instrument))
        {
            throw reader.Error(path + ".instrument", $"unknown instrument '{symbol}' (not in the instrument config)");
        }

        List<RiskListing> listings = ParseTradedListings(reader, element, path, registry, instrument);
        Listing listing = registry.Listings[listings[0].Id.Value - 1];
        Venue venue = listing.Venue;
        string venueCode = venue.Code;
        MarkSource? markSource = element.TryGetProperty("markSource", out _) ? ParseMarkSource(reader, element, path + ".markSource", registry, instrument) : null;

        if (instrument.Kind is not (InstrumentKind.Spot or InstrumentKind.Perpetual or InstrumentKind.Future))
        {
            throw reader.Error(path + ".instrument", $"'{symbol}' is a {instrument.Kind.ToString().ToLowerInvariant()}; risk supports spot, perpetual and future");
        }

        if (!string.Equals(instrument.QuoteAsset, valuationAsset, StringComparison.Ordinal))
        {
            throw reader.Error(path + ".instrument", $"'{symbol}' is quoted in {instrument.QuoteAsset}, not in the valuation asset {valuationAsset}");
        }

        bool derivative = instrument.Kind != InstrumentKind.Spot;
        if (derivative && !string.Equals(instrument.SettleAsset, instrument.QuoteAsset, StringComparison.Ordinal))
        {
            throw reader.Error(path + ".instrument", $"'{symbol}' settles in {instrument.SettleAsset}: inverse contracts are not supported by risk");
        }

        TradingRules rules = listing.Rules;
        int moneyScale = rules.PriceScale + rules.QuantityScale + rules.Multiplier.Scale;
        if (moneyScale > valuationScale)
        {
            throw reader.Error(path + ".venue", $"listing {venueCode} {symbol} has money scale {moneyScale} (price {rules.PriceScale} + quantity {rules.QuantityScale} + multiplier {rules.Multiplier.Scale}) above the valuation scale {valuationScale}; raise $.valuation.scale");
        }

        int band;
        if (IsUnlimited(element, "priceBandBps"))
        {
            band = RiskLimit.NoPriceBand;
        }
        else
        {
            band = reader.RequireInt(element, path, "priceBandBps", 1, 1_000_000);
        }

        int margin = RiskLimit.BasisPointsPerUnit;
        bool hasMargin = element.TryGetProperty("initialMarginBps", out _);
        if (derivative)
        {
            margin = reader.RequireInt(element, path, "initialMarginBps", 1, 1_000_000);
        }
        else if (hasMargin)
        {
            throw reader.Error(path + ".initialMarginBps", $"'{symbol}' is spot: spot orders are paid in full, so it takes no initial margin");
        }

        var limits = new InstrumentRiskLimits(
            new Quantity(reader.RequireLimit(element, path, "maxOrderSize", rules.QuantityScale).Units),
            reader.RequireLimit(element, path, "maxOrderNotional", valuationScale),
            new Quantity(reader.RequireLimit(element, path, "maxPositionSize", rules.QuantityScale).Units),
            reader.RequireLimit(element, path, "maxSymbolExposure", valuationScale),
            band,
            margin);
        return new RiskInstrument(instrument.Id, symbol, instrument.Kind, rules, limits, venue.Id) { Listings = listings, MarkSource = markSource };
    }

    /// <summary>"venue": one code, or "venues": several; each must list the instrument, and all must share the first's scales and multiplier.</summary>
    private static List<RiskListing> ParseTradedListings(StrictJsonReader reader, JsonElement element, string path, InstrumentRegistry registry, Instrument instrument)
    {
        bool one = element.TryGetProperty("venue", out _);
        bool several = element.TryGetProperty("venues", out _);
        if (one == several)
        {
            throw reader.Error(path, "give exactly one of \"venue\" (the venue the instrument trades on) and \"venues\" (several)");
        }

        var codes = new List<(string Code, string Path)>();
        if (one)
        {
            codes.Add((reader.RequireName(element, path, "venue"), path + ".venue"));
        }
        else
        {
            int index = 0;
            foreach (JsonElement code in reader.RequireArray(element, path, "venues").EnumerateArray())
            {
                string codePath = $"{path}.venues[{index++}]";
                codes.Add((code.ValueKind == JsonValueKind.String ? code.GetString()! : throw reader.Error(codePath, "expected a venue code string"), codePath));
            }

            if (codes.Count == 0)
            {
                throw reader.Error(path + ".venues", "lists no venue");
            }
        }

        var listings = new List<RiskListing>();
        foreach ((string code, string codePath) in codes)
        {
            Listing listing = RequireListing(reader, registry, instrument, code, codePath);
            if (listings.Exists(l => l.Id == listing.Id))
            {
                throw reader.Error(codePath, $"venue {code} is listed twice");
            }

            TradingRules first = listings.Count == 0 ? listing.Rules : listings[0].Rules;
            if (listing.Rules.PriceScale != first.PriceScale || listing.Rules.QuantityScale != first.QuantityScale || listing.Rules.Multiplier != first.Multiplier)
            {
                throw reader.Error(codePath, $"{code}'s listing of '{instrument.Symbol}' has price scale {listing.Rules.PriceScale}, quantity scale {listing.Rules.QuantityScale} and multiplier {listing.Rules.Multiplier.Units}e-{listing.Rules.Multiplier.Scale}, the first venue's {first.PriceScale}, {first.QuantityScale} and {first.Multiplier.Units}e-{first.Multiplier.Scale}: listings traded together add up to one position, so they must agree (trade the others in another engine)");
            }

            listings.Add(new RiskListing(listing.Id, listing.Venue.Id, listing.Rules));
        }

        return listings;
    }

    /// <summary>"markSource": a venue code, or { "first": [codes] } or { "median": [codes] }.</summary>
    private static MarkSource ParseMarkSource(StrictJsonReader reader, JsonElement element, string path, InstrumentRegistry registry, Instrument instrument)
    {
        JsonElement source = reader.Require(element, path[..path.LastIndexOf('.')], "markSource");
        if (source.ValueKind == JsonValueKind.String)
        {
            return new MarkSource(MarkRule.First, [RequireListing(reader, registry, instrument, source.GetString()!, path).Id]);
        }

        if (source.ValueKind != JsonValueKind.Object)
        {
            throw reader.Error(path, $"expected a venue code or an object {{ \"first\" | \"median\": [venues] }}, found {StrictJsonReader.Describe(source.ValueKind)}");
        }

        bool first = source.TryGetProperty("first", out _);
        bool median = source.TryGetProperty("median", out _);
        reader.RequireObject(source, path, ["first", "median"]);
        if (first == median)
        {
            throw reader.Error(path, "give exactly one of \"first\" and \"median\"");
        }

        string key = first ? "first" : "median";
        var listings = new List<ListingId>();
        int index = 0;
        foreach (JsonElement code in reader.RequireArray(source, path, key).EnumerateArray())
        {
            string codePath = $"{path}.{key}[{index++}]";
            ListingId id = RequireListing(reader, registry, instrument, code.ValueKind == JsonValueKind.String ? code.GetString()! : throw reader.Error(codePath, "expected a venue code string"), codePath).Id;
            if (listings.Contains(id))
            {
                throw reader.Error(codePath, "venue listed twice");
            }

            listings.Add(id);
        }

        if (listings.Count == 0)
        {
            throw reader.Error($"{path}.{key}", "lists no venue");
        }

        return new MarkSource(first ? MarkRule.First : MarkRule.Median, listings);
    }

    private static Listing RequireListing(StrictJsonReader reader, InstrumentRegistry registry, Instrument instrument, string venueCode, string path)
    {
        if (!registry.TryGetVenue(venueCode, out Venue? venue))
        {
            throw reader.Error(path, $"unknown venue '{venueCode}' (not in the instrument config)");
        }

        if (!registry.TryGetListing(venue.Id, instrument.Id, out Listing? listing))
        {
            throw reader.Error(path, $"venue {venueCode} does not list '{instrument.Symbol}'");
        }

        return listing;
    }

    private static bool IsUnlimited(JsonElement parent, string key) =>
        parent.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() == Unlimited;

    /// <summary>Typed, path-reporting accessors over the document.</summary>

    /// <summary>A positive decimal string at <paramref name="scale"/>, or "unlimited".</summary>
    private static Amount RequireLimit(this StrictJsonReader reader, JsonElement parent, string path, string key, int scale)
    {
        JsonElement value = reader.Require(parent, path, key);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw reader.Error($"{path}.{key}", $"expected a decimal string or \"{Unlimited}\", found {StrictJsonReader.Describe(value.ValueKind)} (decimals are strings so they parse exactly)");
        }

        string text = value.GetString()!;
        if (text == Unlimited)
        {
            return new Amount(RiskLimit.Unlimited);
        }

        FixedPointParseStatus status = FixedPointMath.TryParse(text, scale, out long units);
        if (status != FixedPointParseStatus.Ok)
        {
            throw reader.Error($"{path}.{key}", $"'{text}': {FixedPointMath.Describe(status, scale)}");
        }

        if (units <= 0)
        {
            throw reader.Error($"{path}.{key}", $"'{text}' must be positive (use \"{Unlimited}\" to turn the limit off)");
        }

        if (units == RiskLimit.Unlimited)
        {
            throw reader.Error($"{path}.{key}", $"'{text}' is the largest value, reserved for \"{Unlimited}\"");
        }

        return new Amount(units);
    }

    /// <summary>orderRatePerSecond (integer or "unlimited") and orderBurst (integer, absent when unlimited).</summary>
    private static OrderRateLimit RequireRate(this StrictJsonReader reader, JsonElement parent, string path)
    {
        if (IsUnlimited(parent, "orderRatePerSecond"))
        {
            if (parent.TryGetProperty("orderBurst", out _))
            {
                throw reader.Error(path + ".orderBurst", $"an \"{Unlimited}\" order rate takes no burst");
            }

            return OrderRateLimit.Unlimited;
        }

        int rate = reader.RequireInt(parent, path, "orderRatePerSecond", 1, 1_000_000_000);
        int burst = reader.RequireInt(parent, path, "orderBurst", 1, 1_000_000_000);
        return new OrderRateLimit(rate, burst);
    }
}
