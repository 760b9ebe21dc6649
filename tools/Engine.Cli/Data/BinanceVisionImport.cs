using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Model;
using Engine.Primitives;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Data;

/// <summary>
/// data.binance.vision CSV archives (aggTrades, bookTicker, klines; zipped or not) as the records a Binance gateway
/// would have journaled: an aggregate trade as a Trade (its agg id as trade id and venue sequence, the aggressor the
/// side opposite the maker's), a bookTicker row as a BestBidOffer (update id as venue sequence), a kline as a Bar
/// (exchange time at the bar's end). Every file of one import is of one kind and one instrument (the archives name
/// no symbol inside: it comes from <c>--instrument</c> or the file name, SYMBOL-KIND-DATE). Prices and quantities are
/// read exactly at the listing's scales; a line that does not fit is rejected with its reason. Clocks: exchange time
/// from the row; the archives record no receive time, so gateway receive time is 0 and engine time is the exchange
/// time (bookTicker: its event time, when Binance sent it). Single-threaded.
/// </summary>
internal static partial class BinanceVisionImport
{
    private const int Body = Codecs.EngineSchema.HeaderLength;

    public static ImportedData Run(ImportContext context, Listing listing, DatasetJournal journal)
    {
        BinanceVisionKind? kind = null;
        if (context.Request.Kind is { } requested)
        {
            kind = BinanceVisionKinds.TryParse(requested, out BinanceVisionKind parsed)
                ? parsed
                : throw new UsageException($"--kind {requested}: not a binance-vision kind ({string.Join(", ", BinanceVisionKinds.Names)})");
        }

        var reader = new RowReader(context, listing, journal);
        long lines = 0;
        long headers = 0;
        foreach (string path in context.Request.Files)
        {
            using var source = new CsvSource(path);
            string? first = source.ReadLine();
            if (first is null)
            {
                throw new UsageException($"{source.DisplayName}: empty file, not a binance-vision CSV");
            }

            // A file without a header whose columns are not recognized is read as the kind already known (--kind, or
            // the files before it); its lines are then rejected one by one if they are not of that kind.
            bool known = BinanceVisionKinds.TryDetect(first, out BinanceVisionKind detected, out bool header);
            if (!known && (header || kind is null))
            {
                throw new UsageException($"{source.DisplayName}: not a binance-vision aggTrades, bookTicker or klines CSV (first line: '{Shorten(first)}'); --kind names the kind of a file without a header");
            }

            if (known && kind is not null && detected != kind)
            {
                throw new UsageException($"{source.DisplayName}: a {BinanceVisionKinds.NameOf(detected)} file, not {BinanceVisionKinds.NameOf(kind.Value)}: one import reads files of one kind");
            }

            BinanceVisionKind fileKind = kind ?? detected;

            kind = fileKind;
            long acceptedBefore = journal.Records;
            long rejectedBefore = context.Rejected.Count;
            string? line = first;
            if (header)
            {
                headers++;
                line = source.ReadLine();
            }

            for (; line is not null; line = source.ReadLine())
            {
                lines++;
                reader.Read(fileKind, source, line);
            }

            if (journal.Records == acceptedBefore && context.Rejected.Count > rejectedBefore)
            {
                RejectedLines.Rejection firstRejection = context.Rejected.First.FirstOrDefault(r => r.File == source.DisplayName);
                throw new UsageException($"{source.DisplayName}: no line is a binance-vision {BinanceVisionKinds.NameOf(fileKind)} row ({firstRejection})");
            }
        }

        context.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"read {context.Request.Files.Count} file(s): {lines + headers} lines ({headers} headers, {lines} rows)"));
        return ImportedData.From(journal, [listing.Instrument.Symbol], kind is null ? null : BinanceVisionKinds.NameOf(kind.Value));
    }

    /// <summary>The venue symbol a data.binance.vision file name starts with (BTCUSDT-aggTrades-2024-01-01.zip, um-BTCUSDT-1m-...), or null.</summary>
    public static string? SymbolOf(string path)
    {
        Match match = FileNamePattern().Match(Path.GetFileName(path));
        return match.Success ? match.Groups["symbol"].Value : null;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";

    [GeneratedRegex("^(?:[a-z]{2}-)?(?<symbol>[A-Z0-9]+(?:_[A-Z0-9]+)?)-(?:aggTrades|bookTicker|trades|[0-9]+[smhdwM])-[0-9]{4}-[0-9]{2}")]
    private static partial Regex FileNamePattern();

    /// <summary>Turns one row into its SBE message and journals it, or rejects it with the reason.</summary>
    private sealed class RowReader
    {
        private readonly ImportContext _context;
        private readonly DatasetJournal _journal;
        private readonly byte[] _buffer = new byte[256];
        private readonly uint _instrument;
        private readonly ushort _venue;
        private readonly int _priceScale;
        private readonly int _quantityScale;
        private ulong _bars;

        public RowReader(ImportContext context, Listing listing, DatasetJournal journal)
        {
            _context = context;
            _journal = journal;
            _instrument = (uint)listing.Instrument.Id.Value;
            _venue = (ushort)listing.Venue.Id.Value;
            _priceScale = listing.Rules.PriceScale;
            _quantityScale = listing.Rules.QuantityScale;
        }

        public void Read(BinanceVisionKind kind, CsvSource source, string line)
        {
            string[] columns = line.Split(',');
            string? why = kind switch
            {
                BinanceVisionKind.AggTrades => AggTrade(columns),
                BinanceVisionKind.BookTicker => BookTicker(columns),
                _ => Kline(columns),
            };
            if (why is not null)
            {
                _context.Rejected.Add(source.DisplayName, source.Line, why);
            }
        }

        private string? AggTrade(string[] columns)
        {
            if (columns.Length is not (7 or 8))
            {
                return $"{columns.Length} columns, an aggTrades row has 7 or 8";
            }

            if (!Whole(columns[0], "agg trade id", out long id, out string? why) || !Units(columns[1], _priceScale, "price", "--price-scale", out long price, out why)
                || !Units(columns[2], _quantityScale, "quantity", "--quantity-scale", out long quantity, out why) || !Time(columns[5], "transact time", out long time, out why))
            {
                return why;
            }

            if (!bool.TryParse(columns[6], out bool buyerIsMaker))
            {
                return $"is_buyer_maker '{columns[6]}' is not True or False";
            }

            if (price <= 0 || quantity <= 0)
            {
                return "price and quantity must be positive";
            }

            var trade = Codecs.TradeEncoder.WrapAndApplyHeader(_buffer, 0);
            trade.ExchangeTime = time;
            trade.GatewayReceiveTime = 0;
            trade.VenueSequence = (ulong)id;
            trade.TradeId = (ulong)id;
            trade.Price.SetMantissa(price);
            trade.Quantity.SetMantissa(quantity);
            trade.InstrumentId = _instrument;
            trade.VenueId = _venue;
            trade.AggressorSide = buyerIsMaker ? Codecs.Side.Sell : Codecs.Side.Buy;
            _journal.Append(Codecs.TradeEncoder.TemplateId, _buffer.AsSpan(0, Body + trade.EncodedLength), time);
            return null;
        }

        private string? BookTicker(string[] columns)
        {
            if (columns.Length != 7)
            {
                return $"{columns.Length} columns, a bookTicker row has 7";
            }

            if (!Whole(columns[0], "update id", out long updateId, out string? why)
                || !Units(columns[1], _priceScale, "bid price", "--price-scale", out long bid, out why) || !Units(columns[2], _quantityScale, "bid quantity", "--quantity-scale", out long bidQuantity, out why)
                || !Units(columns[3], _priceScale, "ask price", "--price-scale", out long ask, out why) || !Units(columns[4], _quantityScale, "ask quantity", "--quantity-scale", out long askQuantity, out why)
                || !Time(columns[5], "transaction time", out long transactionTime, out why) || !Time(columns[6], "event time", out long eventTime, out why))
            {
                return why;
            }

            if (bid < 0 || ask < 0 || bidQuantity < 0 || askQuantity < 0)
            {
                return "negative price or quantity";
            }

            var quote = Codecs.BestBidOfferEncoder.WrapAndApplyHeader(_buffer, 0);
            quote.ExchangeTime = transactionTime;
            quote.GatewayReceiveTime = 0;
            quote.VenueSequence = (ulong)updateId;
            quote.BidPrice.SetMantissa(bidQuantity == 0 ? long.MinValue : bid);
            quote.BidQuantity.SetMantissa(bidQuantity);
            quote.AskPrice.SetMantissa(askQuantity == 0 ? long.MinValue : ask);
            quote.AskQuantity.SetMantissa(askQuantity);
            quote.InstrumentId = _instrument;
            quote.VenueId = _venue;
            _journal.Append(Codecs.BestBidOfferEncoder.TemplateId, _buffer.AsSpan(0, Body + quote.EncodedLength), eventTime);
            return null;
        }

        private string? Kline(string[] columns)
        {
            if (columns.Length != 12)
            {
                return $"{columns.Length} columns, a klines row has 12";
            }

            if (!Time(columns[0], "open time", out long open, out string? why) || !Time(columns[6], "close time", out long close, out why)
                || !Units(columns[1], _priceScale, "open", "--price-scale", out long openPrice, out why) || !Units(columns[2], _priceScale, "high", "--price-scale", out long high, out why)
                || !Units(columns[3], _priceScale, "low", "--price-scale", out long low, out why) || !Units(columns[4], _priceScale, "close", "--price-scale", out long closePrice, out why)
                || !Units(columns[5], _quantityScale, "volume", "--quantity-scale", out long volume, out why) || !Whole(columns[8], "trade count", out long count, out why)
                || !Units(columns[9], _quantityScale, "taker buy volume", "--quantity-scale", out long takerBuy, out why))
            {
                return why;
            }

            // Binance's close time is the bar's last millisecond (or microsecond): the bar ends one unit later.
            long unit = long.Parse(columns[0], CultureInfo.InvariantCulture) < 100_000_000_000_000 ? 1_000_000 : 1_000;
            long interval = close + unit - open;
            if (interval <= 0 || low <= 0 || low > high || openPrice < low || openPrice > high || closePrice < low || closePrice > high || volume < 0)
            {
                return "not a bar: the close time must follow the open time, and open and close lie within a positive low..high";
            }

            var bar = Codecs.BarEncoder.WrapAndApplyHeader(_buffer, 0);
            bar.ExchangeTime = open + interval;
            bar.GatewayReceiveTime = 0;
            bar.VenueSequence = ++_bars;
            bar.OpenTime = open;
            bar.Interval = interval;
            bar.Open.SetMantissa(openPrice);
            bar.High.SetMantissa(high);
            bar.Low.SetMantissa(low);
            bar.Close.SetMantissa(closePrice);
            bar.Volume.SetMantissa(volume);
            bar.TakerBuyVolume.SetMantissa(takerBuy);
            bar.TradeCount = (ulong)count;
            bar.InstrumentId = _instrument;
            bar.VenueId = _venue;
            _journal.Append(Codecs.BarEncoder.TemplateId, _buffer.AsSpan(0, Body + bar.EncodedLength), open + interval);
            return null;
        }

        private static bool Whole(string text, string what, out long value, out string? why)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                why = null;
                return true;
            }

            why = $"{what} '{text}' is not a whole number";
            return false;
        }

        /// <summary>A Unix time in milliseconds (older archives) or microseconds (spot from 2025), as nanoseconds.</summary>
        private static bool Time(string text, string what, out long nanos, out string? why)
        {
            if (!Whole(text, what, out long value, out why))
            {
                nanos = 0;
                return false;
            }

            nanos = value < 100_000_000_000_000 ? value * 1_000_000 : value * 1_000;
            return true;
        }

        private static bool Units(string text, int scale, string what, string option, out long units, out string? why)
        {
            FixedPointParseStatus status = FixedPointMath.TryParse(text, scale, out units);
            if (status == FixedPointParseStatus.Ok)
            {
                why = null;
                return true;
            }

            why = status == FixedPointParseStatus.TooManyDecimals
                ? $"{what} '{text}' has more decimals than the listing's scale {scale} ({option} sets the dataset's)"
                : $"{what} '{text}': {FixedPointMath.Describe(status, scale)}";
            return false;
        }
    }
}
