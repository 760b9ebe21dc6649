namespace Engine.Journal.CrashWriter;

/// <summary>
/// The payload of every record is a pure function of its sequence, so the test can check each recovered
/// record's content, not only its checksum.
/// </summary>
public static class CrashPayload
{
    public const int TemplateId = 7;

    public static int LengthOf(long sequence) => 16 + (int)(sequence % 200);

    public static void Fill(long sequence, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)((sequence * 31) + i);
        }
    }

    public static bool Matches(long sequence, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != LengthOf(sequence))
        {
            return false;
        }

        for (int i = 0; i < payload.Length; i++)
        {
            if (payload[i] != (byte)((sequence * 31) + i))
            {
                return false;
            }
        }

        return true;
    }
}
