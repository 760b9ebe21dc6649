namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>Builds the protocols' subscribe messages: symbols written into JSON strings as they are.</summary>
internal static class SocketText
{
    /// <summary>
    /// <paramref name="symbol"/> as a JSON string. Venue symbols are letters, digits and - _ / . : only, so they need no
    /// escaping; anything else is refused rather than sent to the venue half-escaped.
    /// </summary>
    public static string Quote(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        foreach (char c in symbol)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.' or ':'))
            {
                throw new ArgumentException($"'{symbol}' is not a venue symbol (letters, digits and - _ / . : only)", nameof(symbol));
            }
        }

        return "\"" + symbol + "\"";
    }

    /// <summary>The quoted symbols, comma-separated.</summary>
    public static string QuoteAll(IEnumerable<string> symbols) => string.Join(',', symbols.Select(Quote));

    /// <summary>True when the whole message is exactly <paramref name="text"/> (ASCII).</summary>
    public static bool Is(ReadOnlySpan<byte> message, ReadOnlySpan<byte> text) => message.SequenceEqual(text);
}
