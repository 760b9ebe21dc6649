using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance;

/// <summary>
/// Reads Binance's level arrays (<c>[["61737.63000000","0.14909000"], ...]</c>) into fixed-point level changes, in
/// the instrument's scales. A depth event names its type and symbol before its levels, so <see cref="BinanceMessage"/>
/// reads them in the same pass as the rest of the event (tokenizing them once: reading them afterwards from a saved
/// reader position tokenized them twice, and the tokenizer is most of a message's cost). Owns the one level buffer
/// its feed uses; sized for the deepest messages, so steady state allocates nothing.
/// </summary>
internal sealed class BinanceLevelReader
{
    // A Binance futures update carries up to 1,000 levels a side; a deeper message (up to VenueJson.MaxLevelsPerMessage) grows it once.
    private LevelChange[] _levels = new LevelChange[4_096];
    private readonly string _venue;
    private readonly FeedInstruments _instruments;
    private readonly FeedCounters _counters;

    public BinanceLevelReader(string venue, FeedInstruments instruments, FeedCounters counters)
    {
        _venue = venue;
        _instruments = instruments;
        _counters = counters;
    }

    /// <summary>The changes read so far for the current message.</summary>
    public ReadOnlySpan<LevelChange> Levels(int count) => _levels.AsSpan(0, count);

    /// <summary>
    /// Cuts each side of the book to its <see cref="FeedInstrument.DepthWindow"/> once it is <paramref name="slack"/>
    /// levels past it, appending the removals after the <paramref name="count"/> changes read; returns the new count.
    /// </summary>
    public int AppendCuts(FeedInstrument instrument, int count, int slack)
    {
        int window = instrument.DepthWindow;
        if (window <= 0)
        {
            return count;
        }

        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            int beyond = instrument.Book.LevelCount(side) - window;
            if (beyond > slack)
            {
                if (count + beyond > _levels.Length)
                {
                    Array.Resize(ref _levels, Math.Max(count + beyond, _levels.Length * 2));
                }

                count += instrument.Book.TruncateTo(side, window, _levels.AsSpan(count, beyond));
            }
        }

        return count;
    }

    /// <summary>The instrument of a symbol, without counting an unknown one (the feed does, once, when it handles the event).</summary>
    public bool TryResolve(ReadOnlySpan<byte> symbol, out FeedInstrument instrument) => _instruments.TryFind(symbol, out instrument);

    /// <summary>
    /// Reads both sides from their arrays' bytes, kept by the first pass (an event whose levels came before its type
    /// or symbol); -1 when a side is not an array or a level is unusable.
    /// </summary>
    public int ReadBoth(FeedInstrument instrument, ReadOnlySpan<byte> bids, ReadOnlySpan<byte> asks)
    {
        int count = 0;
        return ReadSide(instrument, bids, Side.Buy, ref count) && ReadSide(instrument, asks, Side.Sell, ref count) ? count : -1;
    }

    /// <summary>Reads both sides from saved reader positions (a REST snapshot); -1 when a level is unusable.</summary>
    public int ReadBoth(FeedInstrument instrument, ref Utf8JsonReader bids, ref Utf8JsonReader asks)
    {
        int count = 0;
        return ReadSide(instrument, ref bids, Side.Buy, ref count) && ReadSide(instrument, ref asks, Side.Sell, ref count) ? count : -1;
    }

    /// <summary>
    /// Reads one side's array (the reader is at its StartArray), appending from <paramref name="count"/>. False, after
    /// counting why, when a level is unusable; the reader is then still left at the array's end, so the event's other
    /// fields can be read.
    /// </summary>
    public bool ReadSide(FeedInstrument instrument, ref Utf8JsonReader reader, Side side, ref int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            _counters.CountBadInput(BadInputKind.MissingField, _venue, $"{instrument.Symbol}: depth levels that are not an array");
            reader.Skip();
            return false;
        }

        int depth = reader.CurrentDepth;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count == VenueJson.MaxLevelsPerMessage)
            {
                _counters.CountBadInput(BadInputKind.TooManyLevels, _venue, $"{instrument.Symbol}: more than {VenueJson.MaxLevelsPerMessage} levels in one message");
                return SkipTo(ref reader, depth);
            }

            reader.Read();
            bool priceOk = VenueJson.TryReadUnsigned(ref reader, instrument.PriceScale, out long price, out _);
            reader.Read();
            bool quantityOk = VenueJson.TryReadUnsigned(ref reader, instrument.QuantityScale, out long quantity, out _);
            if (!priceOk || !quantityOk || price == 0)
            {
                _counters.CountBadInput(BadInputKind.BadNumber, _venue, $"{instrument.Symbol}: a level whose price or quantity is not a non-negative decimal at scale {instrument.PriceScale} / {instrument.QuantityScale}");
                return SkipTo(ref reader, depth);
            }

            // Anything after [price, quantity] is ignored (be lenient to new fields).
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            if (count == _levels.Length)
            {
                Array.Resize(ref _levels, Math.Min(_levels.Length * 2, VenueJson.MaxLevelsPerMessage));
            }

            _levels[count++] = new LevelChange(side, price, quantity);
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private bool ReadSide(FeedInstrument instrument, ReadOnlySpan<byte> array, Side side, ref int count)
    {
        if (array.IsEmpty)
        {
            _counters.CountBadInput(BadInputKind.MissingField, _venue, $"{instrument.Symbol}: depth levels that are not an array");
            return false;
        }

        var reader = new Utf8JsonReader(array);
        reader.Read();
        return ReadSide(instrument, ref reader, side, ref count);
    }

    /// <summary>Reads on to the end of the array opened at <paramref name="depth"/>; returns false (the side was unusable).</summary>
    private static bool SkipTo(ref Utf8JsonReader reader, int depth)
    {
        while (!(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth) && reader.Read())
        {
        }

        return false;
    }
}
