namespace Engine.Gateways.Venues.Okx.OrderEntry;

/// <summary>
/// OKX's <c>OK-ACCESS-TIMESTAMP</c>: a UTC time in ISO 8601 with milliseconds (<c>2020-12-08T09:08:57.715Z</c>),
/// written as ASCII without allocating.
/// </summary>
public static class OkxTimestamp
{
    public const int Length = 24;

    /// <summary>Writes <paramref name="unixMillis"/> into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(long unixMillis, Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"an OKX timestamp takes {Length} bytes, {destination.Length} given", nameof(destination));
        }

        DateTime time = DateTime.UnixEpoch.AddMilliseconds(unixMillis);
        (int year, int month, int day) = time;
        Digits(destination[..4], year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), time.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), time.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), time.Second);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 3), time.Millisecond);
        destination[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
