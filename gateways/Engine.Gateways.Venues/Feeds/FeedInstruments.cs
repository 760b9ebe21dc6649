using System.Text;

namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// The instruments one feed follows, found by the venue's symbol as it appears in the message bytes (no string is
/// made per message). A feed follows a handful of instruments, so a scan beats hashing.
/// </summary>
public sealed class FeedInstruments
{
    private readonly List<FeedInstrument> _instruments = [];
    private readonly List<byte[]> _symbols = [];

    /// <summary>
    /// Makes an instrument for a symbol seen for the first time (the verifier follows whatever a recording holds);
    /// null, or returning null, leaves unknown symbols unknown (a live gateway follows what it was configured with).
    /// </summary>
    public Func<string, FeedInstrument?>? Discover { get; init; }

    public int Count => _instruments.Count;

    public FeedInstrument this[int index] => _instruments[index];

    public IEnumerable<FeedInstrument> All => _instruments;

    public void Add(FeedInstrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (_instruments.Exists(known => string.Equals(known.Symbol, instrument.Symbol, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"symbol {instrument.Symbol} is followed twice", nameof(instrument));
        }

        _instruments.Add(instrument);
        _symbols.Add(Encoding.UTF8.GetBytes(instrument.Symbol));
    }

    /// <summary>Finds an instrument by the symbol's UTF-8 bytes, ignoring ASCII case (Binance streams name symbols in lower case).</summary>
    public bool TryFind(ReadOnlySpan<byte> symbol, out FeedInstrument instrument)
    {
        for (int i = 0; i < _symbols.Count; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(_symbols[i], symbol))
            {
                instrument = _instruments[i];
                return true;
            }
        }

        return TryDiscover(System.Text.Encoding.UTF8.GetString(symbol), out instrument);
    }

    public bool TryFind(string symbol, out FeedInstrument instrument)
    {
        foreach (FeedInstrument candidate in _instruments)
        {
            if (string.Equals(candidate.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                instrument = candidate;
                return true;
            }
        }

        return TryDiscover(symbol, out instrument);
    }

    private bool TryDiscover(string symbol, out FeedInstrument instrument)
    {
        // Only names a venue could mean: printable ASCII without spaces (a damaged message must not make an instrument).
        FeedInstrument? made = symbol.Length is > 0 and <= 64 && symbol.All(c => c is > ' ' and < (char)127) ? Discover?.Invoke(symbol) : null;
        if (made is null)
        {
            instrument = null!;
            return false;
        }

        Add(made);
        instrument = made;
        return true;
    }
}
