using System.Globalization;
using System.Text;
using Engine.Gateways.Venues.Json;

namespace Engine.Gateways.Venues.Tests;

/// <summary>ISO-8601 times as venues write them, parsed from bytes to UTC nanoseconds, against the framework's parser.</summary>
[TestFixture]
public sealed class IsoTimeTests
{
    [TestCase("2021-04-17T16:43:37.075687Z", 1_618_677_817_075_687_000L)]
    [TestCase("2021-04-17T16:43:05.000Z", 1_618_677_785_000_000_000L)]
    [TestCase("2021-04-17T16:43:05Z", 1_618_677_785_000_000_000L)]
    [TestCase("1970-01-01T00:00:00.000000001Z", 1L)]
    [TestCase("2024-02-29T23:59:59.1234567891Z", 1_709_251_199_123_456_789L)]
    [TestCase("2021-04-17T18:43:05+02:00", 1_618_677_785_000_000_000L)]
    [TestCase("2021-04-17 16:43:05Z", 1_618_677_785_000_000_000L)]
    public void Parses(string text, long expected)
    {
        Assert.That(IsoTime.TryParseNanos(Encoding.UTF8.GetBytes(text), out long nanos), Is.True);
        Assert.That(nanos, Is.EqualTo(expected));
    }

    [Test]
    public void AgreesWithTheFrameworkOverManyDates()
    {
        var random = new Random(7);
        for (int i = 0; i < 2_000; i++)
        {
            var time = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(random.NextDouble() * 9e16));
            string text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            Assert.That(IsoTime.TryParseNanos(Encoding.UTF8.GetBytes(text), out long nanos), Is.True, text);
            Assert.That(nanos, Is.EqualTo((time - DateTime.UnixEpoch).Ticks * 100), text);
        }
    }

    [TestCase("")]
    [TestCase("2021-04-17")]
    [TestCase("2021-04-17T16:43:37.075687")]
    [TestCase("2021-02-30T16:43:37Z")]
    [TestCase("2021-13-01T16:43:37Z")]
    [TestCase("2021-04-17T24:00:00Z")]
    [TestCase("2021-04-17T16:43:37.Z")]
    [TestCase("1969-12-31T23:59:59Z")]
    [TestCase("2021-04-17T16:43:37+2:00")]
    [TestCase("2021-04-17T16:43:37Zjunk")]
    [TestCase("3000-01-01T00:00:00Z")]
    public void RefusesWhatIsNotAUtcTime(string text) =>
        Assert.That(IsoTime.TryParseNanos(Encoding.UTF8.GetBytes(text), out _), Is.False);
}
