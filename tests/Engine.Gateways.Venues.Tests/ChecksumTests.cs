using System.Text;
using Engine.Gateways.Venues.Checksums;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>The CRC the venues' checksums use, and the writing back of their original number strings.</summary>
[TestFixture]
public sealed class ChecksumTests
{
    [Test]
    public void Crc32_OfTheStandardCheckString_IsCbf43926()
    {
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
        Assert.That(Crc32.Compute([]), Is.Zero);
    }

    [Test]
    public void Crc32_AppendedPieceByPiece_EqualsTheCrcOfTheWhole()
    {
        uint crc = Crc32.Append(Crc32.Append(0, "1234"u8), "56789"u8);

        Assert.That(crc, Is.EqualTo(0xCBF43926u));
    }

    [TestCase("0.000022900", 8, "22900")]             // written with more decimals than the scale (trailing zero)
    [TestCase("1396.00000000", 8, "139600000000")]
    [TestCase("9999999997.00000", 8, "999999999700000")]
    [TestCase("48629.2", 10, "486292")]               // fewer decimals than the scale
    [TestCase("2", 8, "2")]                           // no point at all
    [TestCase("12", 0, "12")]
    public void WrittenDecimal_WritesTheNumberBackAsTheVenueWroteIt(string text, int scale, string krakenDigits)
    {
        Assert.That(FixedPointMath.TryParse(Encoding.UTF8.GetBytes(text), scale, out long units, out int decimals), Is.EqualTo(FixedPointParseStatus.Ok));
        byte[] buffer = new byte[WrittenDecimal.MaxLength];

        Assert.That(Encoding.UTF8.GetString(buffer, 0, WrittenDecimal.Write(units, scale, decimals, buffer)), Is.EqualTo(text));
        Assert.That(Encoding.UTF8.GetString(buffer, 0, WrittenDecimal.WriteDigits(units, scale, decimals, buffer)), Is.EqualTo(krakenDigits));
    }
}
