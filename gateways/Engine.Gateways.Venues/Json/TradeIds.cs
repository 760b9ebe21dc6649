namespace Engine.Gateways.Venues.Json;

/// <summary>
/// A venue's trade id written as text, as the number a <see cref="Feeds.TradePrint"/> carries. Digits are the number
/// they write. Deribit prefixes its ids with the currency ("ETH-12345678"; BTC's are bare digits): the digits after
/// the last '-' are the id, unique within the instrument a trade belongs to. Bybit's linear and inverse ids are UUIDs:
/// those are hashed (64-bit FNV-1a, top bit cleared), stable across runs and processes so a replay and the live
/// gateway give a trade the same id; two trades of one instrument share an id with odds of about n²/2^64.
/// </summary>
internal static class TradeIds
{
    /// <summary>The id as a non-negative number, or -1 when the text is empty or escaped away.</summary>
    public static long Parse(ReadOnlySpan<byte> text, bool currencyPrefix)
    {
        if (text.IsEmpty)
        {
            return -1;
        }

        ReadOnlySpan<byte> digits = text;
        if (currencyPrefix)
        {
            int dash = text.LastIndexOf((byte)'-');
            digits = dash < 0 ? text : text[(dash + 1)..];
        }

        if (System.Buffers.Text.Utf8Parser.TryParse(digits, out long value, out int consumed) && consumed == digits.Length && value >= 0 && digits[0] != '-' && digits[0] != '+')
        {
            return value;
        }

        ulong hash = 14_695_981_039_346_656_037UL;
        foreach (byte b in text)
        {
            hash = unchecked((hash ^ b) * 1_099_511_628_211UL);
        }

        return (long)(hash & long.MaxValue);
    }
}
