using System.Text;
using Engine.Primitives;

namespace Engine.Primitives.Tests;

[TestFixture]
public sealed class Utf8PrefixTests
{
    [TestCase("short", 256, 5)]
    [TestCase("abcdef", 3, 3)]
    [TestCase("ab\u00e9", 3, 2)] // é is two bytes: cutting at 3 would split it
    [TestCase("a\u20ac", 3, 1)] // € is three bytes
    [TestCase("a\u20ac", 4, 4)]
    [TestCase("", 10, 0)]
    [TestCase("abc", 0, 0)]
    public void Length_IsTheLongestPrefixWithinTheLimit_EndingOnACharacter(string text, int maxBytes, int expected)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);

        int length = Utf8Prefix.Length(utf8, maxBytes);

        Assert.That(length, Is.EqualTo(expected));
        Assert.That(Encoding.UTF8.GetString(utf8, 0, length), Is.EqualTo(text[..Encoding.UTF8.GetCharCount(utf8, 0, length)]));
    }

    [Test]
    public void EveryResultCodesReason_FitsTheVenueFramesRefusalText()
    {
        // The simulated venue and the fill simulator write a refusal's reason on its ExecutionReport in a 512-byte frame.
        foreach (ResultCode code in Enum.GetValues<ResultCode>())
        {
            Assert.That(Encoding.UTF8.GetByteCount(ResultCodes.Reason(code)), Is.LessThanOrEqualTo(256), code.ToString());
        }
    }
}
