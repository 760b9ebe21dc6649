using System.Text.Json;

namespace Engine.Gateways.Venues.Json;

/// <summary>
/// Reading venue JSON straight from the received bytes with <see cref="Utf8JsonReader"/>: numbers from their text
/// into exact fixed point (never through a double), property names compared as bytes. Nothing allocates.
/// </summary>
internal static class VenueJson
{
    /// <summary>The most levels one message may carry; venues send at most a few thousand (a full Kraken or Binance snapshot).</summary>
    public const int MaxLevelsPerMessage = 20_000;

    /// <summary>
    /// Reads the current token, a JSON string ("61737.63") or number (61737.63), as units of 10^-scale, and the decimals
    /// it was written with. Refuses escapes, exponents, more significant decimals than the scale and negative values.
    /// </summary>
    public static bool TryReadUnsigned(ref Utf8JsonReader reader, int scale, out long units, out int decimals)
    {
        units = 0;
        decimals = 0;
        if ((reader.TokenType != JsonTokenType.String && reader.TokenType != JsonTokenType.Number) || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return false;
        }

        return UnsignedDecimalText.TryParse(reader.ValueSpan, scale, out units, out decimals);
    }

    /// <summary>
    /// <see cref="TryReadUnsigned"/> for a book level the venue checksums over its original strings: the decimals
    /// written are kept per level, so more than <see cref="Checksums.WrittenDecimal.MaxDecimals"/> is refused.
    /// </summary>
    public static bool TryReadWritten(ref Utf8JsonReader reader, int scale, out long units, out int decimals) =>
        TryReadUnsigned(ref reader, scale, out units, out decimals) && decimals <= Checksums.WrittenDecimal.MaxDecimals;

    /// <summary>
    /// The text of the current token when it is a string or a number (not escaped, in one segment), else empty, which
    /// no number parses from: for fields kept until the message says which instrument's scale reads them.
    /// </summary>
    public static ReadOnlySpan<byte> Scalar(scoped ref Utf8JsonReader reader) =>
        (reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.Number) && !reader.ValueIsEscaped && !reader.HasValueSequence
            ? reader.ValueSpan
            : default;

    /// <summary><see cref="TryReadUnsigned"/> for text kept by <see cref="Scalar"/>.</summary>
    public static bool TryParseUnsigned(ReadOnlySpan<byte> text, int scale, out long units) =>
        UnsignedDecimalText.TryParse(text, scale, out units, out _);

    /// <summary>Reads the current token, a JSON integer or a string holding one.</summary>
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out value);
        }

        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out value, out int consumed) && consumed == reader.ValueSpan.Length;
    }

    /// <summary>An integer kept as text by <see cref="Scalar"/> (a JSON integer or a string holding one).</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        System.Buffers.Text.Utf8Parser.TryParse(text, out value, out int consumed) && consumed == text.Length && !text.IsEmpty;

    /// <summary>Whether the current property name (or string) is exactly <paramref name="name"/>.</summary>
    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(name);

    /// <summary>Milliseconds to nanoseconds, saturating (a venue's absurd time must not wrap).</summary>
    public static long MillisToNanos(long millis) =>
        millis >= long.MaxValue / 1_000_000 ? long.MaxValue : millis <= 0 ? 0 : millis * 1_000_000;
}
