namespace Engine.Primitives;

/// <summary>Cutting UTF-8 text to a byte limit without splitting a character (a venue's text kept within a field).</summary>
public static class Utf8Prefix
{
    /// <summary>
    /// The length of the longest prefix of <paramref name="utf8"/> of at most <paramref name="maxBytes"/> bytes that
    /// ends on a character boundary (the whole text when it fits).
    /// </summary>
    public static int Length(ReadOnlySpan<byte> utf8, int maxBytes)
    {
        int length = Math.Min(utf8.Length, Math.Max(0, maxBytes));
        while (length < utf8.Length && length > 0 && (utf8[length] & 0xC0) == 0x80)
        {
            length--; // utf8[length] continues the character before it
        }

        return length;
    }
}
