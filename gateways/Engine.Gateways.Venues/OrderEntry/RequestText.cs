using System.Buffers.Text;
using System.Text;
using Engine.Primitives;

namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>
/// Appends ASCII text into a fixed byte buffer: how order-entry writers build a request's parameters and its HTTP
/// head without strings. Running out of room is a bug in the writer's sizing (venue requests are a few hundred
/// bytes and the buffer is sized for the longest), so it throws rather than truncating a signed request.
/// </summary>
public sealed class RequestText
{
    private readonly byte[] _buffer;

    public RequestText(int capacity) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public RequestText Append(ReadOnlySpan<byte> text)
    {
        text.CopyTo(Room(text.Length));
        Length += text.Length;
        return this;
    }

    public RequestText Append(ulong value)
    {
        if (!Utf8Formatter.TryFormat(value, Room(20), out int written))
        {
            throw Full(20);
        }

        Length += written;
        return this;
    }

    public RequestText Append(long value)
    {
        if (!Utf8Formatter.TryFormat(value, Room(20), out int written))
        {
            throw Full(20);
        }

        Length += written;
        return this;
    }

    /// <summary>A fixed-point value as its shortest exact decimal ("0.001", "61000.5").</summary>
    public RequestText AppendDecimal(long units, int scale)
    {
        if (!FixedPointMath.TryFormatUtf8Trimmed(units, scale, Room(40), out int written))
        {
            throw Full(40);
        }

        Length += written;
        return this;
    }

    /// <summary>Room for at most <paramref name="length"/> more bytes (the caller commits what it wrote with <see cref="Advance"/>).</summary>
    public Span<byte> Room(int length)
    {
        if (_buffer.Length - Length < length)
        {
            throw Full(length);
        }

        return _buffer.AsSpan(Length);
    }

    public void Advance(int written) => Length += written;

    /// <summary>The text as a string (tests and error messages; allocates).</summary>
    public override string ToString() => Encoding.ASCII.GetString(Written);

    private InvalidOperationException Full(int wanted) =>
        new($"request text: {wanted} more bytes do not fit after {Length} of {_buffer.Length}");
}
