using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// A short text of a user-data-stream event (a symbol, a client order id, an asset, a reject reason) copied out of
/// the received bytes into the report itself, so a report outlives its message without a string being made. Binance
/// caps client order ids at 36 characters; its symbols, assets and reject reasons are shorter.
/// </summary>
public struct BinanceReportText
{
    public const int Capacity = 40;

    private Bytes _bytes;
    private int _length;

    /// <summary>The text's UTF-8 bytes (empty when the field was absent, empty or null).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)_bytes)[.._length];

    public readonly bool IsEmpty => _length == 0;

    /// <summary>For tests and messages: never on the duty cycle.</summary>
    public override readonly string ToString() => Encoding.UTF8.GetString(Span);

    /// <summary>Copies <paramref name="value"/>; false (and empty) when it is longer than <see cref="Capacity"/>.</summary>
    internal bool TrySet(ReadOnlySpan<byte> value)
    {
        if (value.Length > Capacity)
        {
            _length = 0;
            return false;
        }

        value.CopyTo(_bytes);
        _length = value.Length;
        return true;
    }

    [InlineArray(Capacity)]
    private struct Bytes
    {
        private byte _first;
    }
}
