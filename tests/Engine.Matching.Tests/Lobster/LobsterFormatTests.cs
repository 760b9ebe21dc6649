using Engine.Matching.Lobster;

namespace Engine.Matching.Tests;

/// <summary>Parsing LOBSTER message lines as the real files write them.</summary>
[TestFixture]
public sealed class LobsterFormatTests
{
    [TestCase("34200.004241176", 34_200_004_241_176L)]
    [TestCase("34200.0042411759999999", 34_200_004_241_176L)]
    [TestCase("34200.004241176000001", 34_200_004_241_176L)]
    [TestCase("34200.0042411764", 34_200_004_241_176L)]
    [TestCase("34200.0042411765", 34_200_004_241_177L)]
    [TestCase("34200.9999999999", 34_201_000_000_000L)]
    [TestCase("34200", 34_200_000_000_000L)]
    public void ParseMessage_TimeWithDigitsBeyondTheNanosecond_IsRoundedToTheNearestNanosecond(string time, long nanos)
    {
        LobsterMessage message = LobsterFormat.ParseMessage($"{time},1,16113575,18,5853300,1");

        Assert.That(message.TimeNanos, Is.EqualTo(nanos));
    }

    [TestCase("34200.0042411760x")]
    [TestCase("34200.00424117600 1")]
    public void ParseMessage_TimeWithJunkBeyondTheNanosecond_IsAFormatErrorNamingTheColumn(string time)
    {
        var error = Assert.Throws<FormatException>(() => LobsterFormat.ParseMessage($"{time},1,16113575,18,5853300,1"));

        Assert.That(error!.Message, Does.Contain("column 1 (time)").And.Contain(time));
    }
}
