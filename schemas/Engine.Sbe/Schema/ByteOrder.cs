namespace Engine.Sbe.Schema;

/// <summary>The schema's <c>byteOrder</c>: every multi-byte value of the schema's messages is written in this order.</summary>
public enum ByteOrder
{
    LittleEndian,
    BigEndian,
}
