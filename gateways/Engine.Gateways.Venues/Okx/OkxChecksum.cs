using Engine.Gateways.Venues.Books;
using Engine.Gateways.Venues.Checksums;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Okx;

/// <summary>
/// OKX's order book checksum (v5 "Checksum" section of the order book channel): the signed 32-bit CRC32 of
/// <c>bidPx1:bidSz1:askPx1:askSz1:bidPx2:...</c> over the best 25 levels of each side, interleaved bid then ask, in
/// the strings OKX sent; where one side has fewer levels, only the other side's entries are written for those depths.
/// The string is fed to the CRC a level at a time from the book's units and written decimals (never built whole).
/// </summary>
internal static class OkxChecksum
{
    /// <summary>Levels per side the checksum covers.</summary>
    public const int Depth = 25;

    public static int Compute(FeedInstrument instrument)
    {
        VenueBook book = instrument.Book;
        Span<byte> text = stackalloc byte[(2 * WrittenDecimal.MaxLength) + 2];
        uint crc = 0;
        bool first = true;
        for (int depth = 0; depth < Depth; depth++)
        {
            crc = AppendLevel(crc, instrument, book, Side.Buy, depth, text, ref first);
            crc = AppendLevel(crc, instrument, book, Side.Sell, depth, text, ref first);
        }

        return unchecked((int)crc);
    }

    /// <summary>Appends <c>[:]px:sz</c> of one level, when the side has it.</summary>
    private static uint AppendLevel(uint crc, FeedInstrument instrument, VenueBook book, Side side, int depth, Span<byte> text, ref bool first)
    {
        if (!book.TryGetLevel(side, depth, out long price, out long quantity, out int priceDecimals, out int quantityDecimals))
        {
            return crc;
        }

        int length = 0;
        if (!first)
        {
            text[length++] = (byte)':';
        }

        first = false;
        length += WrittenDecimal.Write(price, instrument.PriceScale, priceDecimals, text[length..]);
        text[length++] = (byte)':';
        length += WrittenDecimal.Write(quantity, instrument.QuantityScale, quantityDecimals, text[length..]);
        return Crc32.Append(crc, text[..length]);
    }
}
