using Engine.Gateways.Venues.Books;
using Engine.Gateways.Venues.Checksums;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Kraken;

/// <summary>
/// Kraken's book checksum (WebSocket v1, "Book Checksum"): the unsigned CRC32 of the best 10 asks (ascending price)
/// then the best 10 bids (descending), each level written as its price then its volume, each the string Kraken sent
/// with the '.' removed and the leading zeros removed ("0.05005" → "5005"). Fed to the CRC a level at a time from
/// the book's units and written decimals.
/// </summary>
internal static class KrakenChecksum
{
    /// <summary>Levels per side the checksum covers.</summary>
    public const int Depth = 10;

    public static uint Compute(FeedInstrument instrument)
    {
        VenueBook book = instrument.Book;
        Span<byte> text = stackalloc byte[2 * WrittenDecimal.MaxLength];
        uint crc = 0;
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Sell, Side.Buy])
        {
            for (int depth = 0; depth < Depth && book.TryGetLevel(side, depth, out long price, out long volume, out int priceDecimals, out int volumeDecimals); depth++)
            {
                int length = WrittenDecimal.WriteDigits(price, instrument.PriceScale, priceDecimals, text);
                length += WrittenDecimal.WriteDigits(volume, instrument.QuantityScale, volumeDecimals, text[length..]);
                crc = Crc32.Append(crc, text[..length]);
            }
        }

        return crc;
    }
}
