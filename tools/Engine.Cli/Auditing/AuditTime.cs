using System.Globalization;

namespace Engine.Cli.Auditing;

/// <summary>
/// Journal times (ns since the Unix epoch, UTC) as ISO-8601 UTC with all nine digits of the nanoseconds, e.g.
/// <c>2026-01-01T00:00:00.100000000Z</c>: exact, sortable as text, and what docs/JOURNAL-FORMAT.md tells an
/// independent reader to print. Stateless.
/// </summary>
public static class AuditTime
{
    private const long NanosPerSecond = 1_000_000_000;

    public static string Iso(long nanoseconds)
    {
        long seconds = Math.DivRem(nanoseconds, NanosPerSecond, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += NanosPerSecond;
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." +
            fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }
}
